#pragma once
// Hashing and random values behind branch parameters and To-tags.

#include <cstdint>
#include <string>
#include <string_view>

namespace kemid::sip {

// FNV-1a, 64 bit: cheap and the same in every process, which is what
// retransmission handling needs (the same request must give the same
// branch or tag). Not a MAC: nothing secret depends on it.
class StableHash {
 public:
  // Each field is preceded by its length, so ("ab", "c") and ("a", "bc")
  // hash differently.
  StableHash& add(std::string_view field) {
    mix(field.size());
    for (unsigned char c : field) byte(c);
    return *this;
  }
  StableHash& add(std::uint64_t number) {
    mix(number);
    return *this;
  }
  std::uint64_t value() const { return state_; }

 private:
  static constexpr std::uint64_t kOffsetBasis = 14695981039346656037ULL;
  static constexpr std::uint64_t kPrime = 1099511628211ULL;

  void byte(unsigned char c) {
    state_ ^= c;
    state_ *= kPrime;
  }
  void mix(std::uint64_t number) {
    for (int shift = 0; shift < 64; shift += 8) byte(static_cast<unsigned char>(number >> shift));
  }

  std::uint64_t state_ = kOffsetBasis;
};

// Appends the low `digits` hex digits (lowercase) of `value`.
void appendHex(std::string& out, std::uint64_t value, int digits);

// Drawn once per process from std::random_device: what makes this process's
// branches and tags differ from another instance's, or its own before a restart.
std::uint64_t processSalt();

}  // namespace kemid::sip
