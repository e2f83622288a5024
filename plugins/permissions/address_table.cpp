#include "address_table.h"

#include <arpa/inet.h>

#include <algorithm>

namespace kemid::permissions {
namespace {

// Kamailio hashes bytes as signed chars.
std::uint32_t signedByte(char c) {
  return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<signed char>(c)));
}

// An address's bucket: Kamailio hashes the first four bytes of the address
// (all of an IPv4 one).
std::uint32_t bucketOf(const IpAddress& address) {
  const std::string_view bytes(reinterpret_cast<const char*>(address.bytes.data()),
                               std::min<std::size_t>(address.bytes.size(), 4));
  return coreHash(bytes, kHashBuckets);
}

bool portMatches(std::uint32_t entryPort, std::uint32_t port) {
  return entryPort == 0 || entryPort == port;
}

}  // namespace

std::uint32_t coreHash(std::string_view bytes, std::uint32_t buckets) {
  std::uint32_t h = 0;
  std::size_t p = 0;
  for (; p + 4 <= bytes.size(); p += 4) {
    const std::uint32_t v = (signedByte(bytes[p]) << 24) + (signedByte(bytes[p + 1]) << 16) +
                            (signedByte(bytes[p + 2]) << 8) + signedByte(bytes[p + 3]);
    h += v ^ (v >> 3);
  }
  std::uint32_t v = 0;
  switch (bytes.size() - p) {
    case 3:
      v = (signedByte(bytes[p]) << 16) + (signedByte(bytes[p + 1]) << 8) + signedByte(bytes[p + 2]);
      break;
    case 2:
      v = (signedByte(bytes[p]) << 8) + signedByte(bytes[p + 1]);
      break;
    case 1:
      v = signedByte(bytes[p]);
      break;
    default:
      break;
  }
  h += v ^ (v >> 3);
  const std::uint32_t finished = (h + (h >> 11)) + ((h >> 13) + (h >> 23));
  return finished & (buckets - 1);
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  const std::string zeroEnded(text);
  std::array<std::uint8_t, 16> bytes{};
  const bool v6 = zeroEnded.find(':') != std::string::npos;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, zeroEnded.c_str(), bytes.data()) != 1) {
    return std::nullopt;
  }
  return IpAddress{std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + (v6 ? 16 : 4))};
}

std::string IpAddress::text() const {
  std::array<char, INET6_ADDRSTRLEN> out{};
  const int family = bytes.size() == 4 ? AF_INET : AF_INET6;
  if (inet_ntop(family, bytes.data(), out.data(), out.size()) == nullptr) return {};
  return out.data();
}

bool inSubnet(const IpAddress& address, const IpAddress& network, std::uint32_t mask) {
  if (address.bytes.size() != network.bytes.size()) return false;
  for (std::size_t i = 0; i < address.bytes.size() && mask > 0; ++i) {
    const std::uint32_t bits = std::min<std::uint32_t>(mask, 8);
    const auto keep = static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((address.bytes[i] & keep) != (network.bytes[i] & keep)) return false;
    mask -= bits;
  }
  return true;
}

bool AddressTable::add(std::uint32_t group, std::string_view address, std::uint32_t mask,
                       std::uint32_t port, std::optional<std::string> tag, std::string& error) {
  auto ip = IpAddress::parse(address);
  if (!ip) {
    const std::string name(address);
    domains_[coreHash(name, kHashBuckets)].push_back(
        DomainEntry{group, name, port, std::move(tag)});
    return true;
  }
  const auto full = static_cast<std::uint32_t>(ip->bytes.size() * 8);
  if (mask > full) {
    error = "invalid mask " + std::to_string(mask) + " for " + std::string(address);
    return false;
  }
  if (mask == 0 || mask == full) {
    const std::uint32_t bucket = bucketOf(*ip);
    addresses_[bucket].push_back(AddressEntry{group, std::move(*ip), port, std::move(tag)});
    return true;
  }
  // Kept ordered by group; entries of one group stay in the order added.
  auto after =
      std::upper_bound(subnets_.begin(), subnets_.end(), group,
                       [](std::uint32_t g, const SubnetEntry& entry) { return g < entry.group; });
  subnets_.insert(after, SubnetEntry{group, std::move(*ip), mask, port, std::move(tag)});
  return true;
}

std::optional<Match> AddressTable::find(std::uint32_t group, const IpAddress& address,
                                        std::uint32_t port) const {
  const auto& bucket = addresses_[bucketOf(address)];
  // Kamailio links each new entry first: the last added is tried first.
  for (auto it = bucket.rbegin(); it != bucket.rend(); ++it) {
    if (it->group == group && portMatches(it->port, port) && it->address == address) {
      return Match{it->tag, it->group};
    }
  }
  for (const SubnetEntry& subnet : subnets_) {
    if (subnet.group < group) continue;
    if (subnet.group > group) break;
    if (portMatches(subnet.port, port) && inSubnet(address, subnet.address, subnet.mask)) {
      return Match{subnet.tag, subnet.group};
    }
  }
  return std::nullopt;
}

std::optional<Match> AddressTable::findDomain(std::uint32_t group, std::string_view name,
                                              std::uint32_t port) const {
  const auto& bucket = domains_[coreHash(name, kHashBuckets)];
  for (auto it = bucket.rbegin(); it != bucket.rend(); ++it) {
    if (it->group == group && portMatches(it->port, port) && it->name == name) {
      return Match{it->tag, it->group};
    }
  }
  return std::nullopt;
}

std::optional<Match> AddressTable::groupOf(const IpAddress& address, std::uint32_t port) const {
  const auto& bucket = addresses_[bucketOf(address)];
  for (auto it = bucket.rbegin(); it != bucket.rend(); ++it) {
    if (portMatches(it->port, port) && it->address == address) return Match{it->tag, it->group};
  }
  for (const SubnetEntry& subnet : subnets_) {
    if (portMatches(subnet.port, port) && inSubnet(address, subnet.address, subnet.mask)) {
      return Match{subnet.tag, subnet.group};
    }
  }
  return std::nullopt;
}

std::optional<Match> AddressTable::groupOfDomain(std::string_view name, std::uint32_t port) const {
  const auto& bucket = domains_[coreHash(name, kHashBuckets)];
  for (auto it = bucket.rbegin(); it != bucket.rend(); ++it) {
    if (portMatches(it->port, port) && it->name == name) return Match{it->tag, it->group};
  }
  return std::nullopt;
}

std::vector<std::pair<std::uint32_t, const AddressEntry*>> AddressTable::addressesInDumpOrder()
    const {
  std::vector<std::pair<std::uint32_t, const AddressEntry*>> out;
  for (std::uint32_t b = 0; b < kHashBuckets; ++b) {
    for (auto it = addresses_[b].rbegin(); it != addresses_[b].rend(); ++it) {
      out.emplace_back(b, &*it);
    }
  }
  return out;
}

std::vector<std::pair<std::uint32_t, const DomainEntry*>> AddressTable::domainsInDumpOrder() const {
  std::vector<std::pair<std::uint32_t, const DomainEntry*>> out;
  for (std::uint32_t b = 0; b < kHashBuckets; ++b) {
    for (auto it = domains_[b].rbegin(); it != domains_[b].rend(); ++it) out.emplace_back(b, &*it);
  }
  return out;
}

}  // namespace kemid::permissions
