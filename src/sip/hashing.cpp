#include "sip/hashing.h"

#include <random>

namespace kemid::sip {

void appendHex(std::string& out, std::uint64_t value, int digits) {
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += kHexDigits[(value >> shift) & 0xf];
  }
}

std::uint64_t processSalt() {
  static const std::uint64_t salt = [] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }();
  return salt;
}

}  // namespace kemid::sip
