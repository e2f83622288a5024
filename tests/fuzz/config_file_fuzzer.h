#pragma once
// The config loaders read files: each input is written to a file of the
// fuzzer's own (on /dev/shm when there is one) and loaded from there.

#include <cstddef>
#include <cstdint>
#include <string>

namespace kemid::fuzz {

// Writes the input to a file named `name` in the fuzzer's directory and
// returns its path.
std::string writeInput(const std::uint8_t* data, std::size_t size, const std::string& name);

}  // namespace kemid::fuzz
