#include "app/pid_file.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "core/log.h"

namespace kemid {

namespace {
const Logger kLog{"core"};
}

PidFile::PidFile(std::string path) : path_(std::move(path)) {
  if (std::ifstream existing(path_); existing) {
    long pid = 0;
    if (existing >> pid && pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) {
      throw std::runtime_error("running process found in the pid file " + path_ + " (pid " +
                               std::to_string(pid) + ")");
    }
    kLog.warn("replacing stale pid file ", path_);
  }
  std::ofstream out(path_, std::ios::trunc);
  out << ::getpid() << '\n';
  if (!out.flush()) throw std::runtime_error("cannot write pid file " + path_);
}

PidFile::~PidFile() {
  std::remove(path_.c_str());
}

}  // namespace kemid
