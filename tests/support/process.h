#pragma once
// Running programs from tests: kemid itself, SIPp, Kamailio.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kemid::test {

struct ProcessResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

// Runs `program args...` to completion and captures its output.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& workingDir = ".");

// A program running in the background with its output going to files; killed
// (SIGKILL) if still running when destroyed.
class BackgroundProcess {
 public:
  // ProcessGroup::Own puts the program in a process group of its own, so that
  // signalGroup() and the destructor reach the processes it forks too
  // (Kamailio's workers, which outlive a killed main process).
  enum class ProcessGroup { Shared, Own };

  BackgroundProcess(const std::string& program, const std::vector<std::string>& args,
                    const std::string& workingDir = ".", ProcessGroup group = ProcessGroup::Shared);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig) const;
  // The whole process group (ProcessGroup::Own); the process alone otherwise.
  void signalGroup(int sig) const;
  // Waits for the process to end; nullopt on timeout.
  std::optional<int> waitExit(std::chrono::milliseconds timeout);
  // Everything the process wrote to stderr so far.
  std::string stderrText() const;
  std::string stdoutText() const;
  // Waits until stderr contains `text`; false on timeout or exit.
  bool waitForStderr(const std::string& text, std::chrono::milliseconds timeout);
  bool waitForStdout(const std::string& text, std::chrono::milliseconds timeout);

 private:
  bool waitForText(const std::filesystem::path& file, const std::string& text,
                   std::chrono::milliseconds timeout);
  // Collects the exit status if the process has ended; true if it has.
  bool reap(bool block);

  std::filesystem::path outFile_;
  std::filesystem::path errFile_;
  pid_t pid_ = -1;
  bool ownGroup_ = false;
  std::optional<int> exitCode_;  // once reaped: exit status, or 128 + signal
};

// A fresh temporary directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to `name` inside the directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

std::string readFile(const std::filesystem::path& path);

}  // namespace kemid::test
