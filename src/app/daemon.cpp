#include "app/daemon.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace kemid {

void Daemon::detach() {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("cannot create the daemon's status pipe");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot fork the daemon process");
  if (pid > 0) {
    ::close(fds[1]);
    unsigned char status = 1;  // the child died before reporting
    if (::read(fds[0], &status, 1) != 1) status = 1;
    std::_Exit(status);
  }
  ::close(fds[0]);
  reportFd_ = fds[1];
  ::setsid();
}

void Daemon::ready() {
  if (reportFd_ < 0) return;
  int devNull = ::open("/dev/null", O_RDWR);
  if (devNull >= 0) {
    ::dup2(devNull, STDIN_FILENO);
    ::dup2(devNull, STDOUT_FILENO);
    ::dup2(devNull, STDERR_FILENO);
    if (devNull > STDERR_FILENO) ::close(devNull);
  }
  unsigned char ok = 0;
  [[maybe_unused]] auto written = ::write(reportFd_, &ok, 1);
  ::close(reportFd_);
  reportFd_ = -1;
}

void Daemon::failed(int exitCode) {
  if (reportFd_ < 0) return;
  auto status = static_cast<unsigned char>(exitCode == 0 ? 1 : exitCode);
  [[maybe_unused]] auto written = ::write(reportFd_, &status, 1);
  ::close(reportFd_);
  reportFd_ = -1;
}

}  // namespace kemid
