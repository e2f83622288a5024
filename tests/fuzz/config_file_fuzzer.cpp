#include "config_file_fuzzer.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kemid::fuzz {

std::string writeInput(const std::uint8_t* data, std::size_t size, const std::string& name) {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    auto own = base / ("kemid-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(own);
    return own;
  }();
  const std::filesystem::path path = dir / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path.string();
}

}  // namespace kemid::fuzz
