// libFuzzer: a kemid.yaml through the YAML loader (yaml-cpp, then kemid's
// own checks). A ConfigError is the expected answer to bad input.

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "config/config_loader.h"
#include "config_file_fuzzer.h"
#include "core/config_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Tags (kemid refuses them anyway) lead yaml-cpp 0.7 into a loop that
  // the loader ends with an error after 3 s, leaving the thread spinning
  // until the process exits (yaml_loader.cpp): not fuzzed again here.
  if (std::memchr(data, '!', size) != nullptr) return 0;
  const std::string path = kemid::fuzz::writeInput(data, size, "kemid.yaml");
  try {
    kemid::loadConfigFile(path);
  } catch (const kemid::ConfigError&) {
    // A clear refusal: what bad input must get.
  }
  return 0;
}
