#include "core/ip_networks.h"

#include <arpa/inet.h>

#include <charconv>

namespace kemid {

std::optional<IpNetworks::Network> IpNetworks::address(std::string_view text) {
  if (text.starts_with('[') && text.ends_with(']')) text = text.substr(1, text.size() - 2);
  const std::string host(text);
  Network n;
  if (inet_pton(AF_INET, host.c_str(), n.bytes.data()) == 1) {
    n.prefix = 32;
    return n;
  }
  if (inet_pton(AF_INET6, host.c_str(), n.bytes.data()) == 1) {
    n.v6 = true;
    n.prefix = 128;
    // ::ffff:a.b.c.d is the IPv4 host a.b.c.d.
    constexpr std::array<std::uint8_t, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped.begin(), kMapped.end(), n.bytes.begin())) {
      std::array<std::uint8_t, 16> v4{};
      std::copy(n.bytes.begin() + 12, n.bytes.end(), v4.begin());
      n.bytes = v4;
      n.v6 = false;
      n.prefix = 32;
    }
    return n;
  }
  return std::nullopt;
}

std::optional<IpNetworks> IpNetworks::parse(std::string_view text, std::string& error) {
  IpNetworks list;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of(", \t", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    std::string_view host = item.substr(0, item.find('/'));
    auto network = address(host);
    if (!network) {
      error = "'" + std::string(item) + "' is not an IP address or network";
      return std::nullopt;
    }
    if (host.size() < item.size()) {
      std::string_view length = item.substr(host.size() + 1);
      int prefix = -1;
      auto [ptr, ec] = std::from_chars(length.data(), length.data() + length.size(), prefix);
      if (ec != std::errc() || ptr != length.data() + length.size() || prefix < 0 ||
          prefix > network->prefix) {
        error = "'" + std::string(item) + "': the prefix length must be 0 to " +
                std::to_string(network->prefix);
        return std::nullopt;
      }
      network->prefix = prefix;
    }
    list.networks_.push_back(*network);
  }
  return list;
}

bool IpNetworks::matches(const Network& network, const Network& host) {
  if (network.v6 != host.v6) return false;
  int bits = network.prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
    if ((network.bytes[i] & mask) != (host.bytes[i] & mask)) return false;
  }
  return true;
}

bool IpNetworks::contains(std::string_view text) const {
  auto host = address(text);
  if (!host) return false;
  for (const Network& network : networks_) {
    if (matches(network, *host)) return true;
  }
  return false;
}

std::string checkIpNetworks(std::string_view text) {
  std::string error;
  return IpNetworks::parse(text, error) ? std::string() : error;
}

}  // namespace kemid
