#pragma once

namespace kemid {

// Kamailio-style daemon start: the process forks after the config and the
// modules were read, and the parent, still attached to the terminal, waits
// until the child reports that it serves (exit 0) or failed (its exit code).
// So `kemid -f bad.cfg` fails in the foreground instead of in a silent
// background process, and an init script sees startup errors.
class Daemon {
 public:
  // Forks. Returns in the child, detached from the terminal session; the
  // parent never returns (it exits with the child's startup result).
  // Throws std::runtime_error when fork or pipe fail.
  void detach();

  // In the child: startup finished; stdin/stdout/stderr go to /dev/null and
  // the parent exits 0. No-op when detach() was not called.
  void ready();

  // In the child: startup failed with `exitCode`; the parent exits with it.
  void failed(int exitCode);

 private:
  int reportFd_ = -1;
};

}  // namespace kemid
