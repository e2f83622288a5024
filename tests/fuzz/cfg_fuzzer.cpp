// libFuzzer: a kamailio.cfg through the preprocessor (#!define, #!ifdef,
// #!subst, include_file, ...) and the parser. A ConfigError (file, line and
// what was expected) is the expected answer to most inputs; any other
// exception, a crash or undefined behaviour is a finding.

#include <cstddef>
#include <cstdint>

#include "config/config_loader.h"
#include "config_file_fuzzer.h"
#include "core/config_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = kemid::fuzz::writeInput(data, size, "kemid.cfg");
  try {
    kemid::loadConfigFile(path);
  } catch (const kemid::ConfigError&) {
    // A clear refusal: what bad input must get.
  }
  return 0;
}
