#pragma once

#include <string>

namespace kemid {

// The -P pid file, as Kamailio keeps it: refused when it names a live
// process, replaced with a warning when stale, removed on clean shutdown.
class PidFile {
 public:
  // Throws std::runtime_error when another live process owns the file or it
  // cannot be written.
  explicit PidFile(std::string path);
  ~PidFile();
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;

 private:
  std::string path_;
};

}  // namespace kemid
