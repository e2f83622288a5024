#pragma once
// A list of IP networks ("127.0.0.1/32, 10.0.0.0/8, ::1"), for access
// control (http_allow): an address without a prefix length is one host.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kemid {

class IpNetworks {
 public:
  // The networks in `text`, separated by commas or spaces; nullopt (and why
  // in `error`) when one is not an IPv4 or IPv6 address with an optional
  // /prefix-length in range.
  static std::optional<IpNetworks> parse(std::string_view text, std::string& error);

  bool empty() const { return networks_.empty(); }
  // Whether `address` (IPv4 or IPv6 text, as a socket reports it) is in one
  // of the networks; an IPv4-mapped IPv6 address counts as IPv4.
  bool contains(std::string_view address) const;

 private:
  struct Network {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
    int prefix = 0;
  };
  static std::optional<Network> address(std::string_view text);
  static bool matches(const Network& network, const Network& host);

  std::vector<Network> networks_;
};

// Why `text` is not a list of networks, or an empty string: the check the
// configuration frontends run on http_allow.
std::string checkIpNetworks(std::string_view text);

}  // namespace kemid
