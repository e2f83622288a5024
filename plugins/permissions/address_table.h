#pragma once
// permissions' address table, as Kamailio keeps it: whole addresses (an
// IPv4 /32 or IPv6 /128) in a hash table, subnets in a list ordered by
// group, and names that are not IP addresses in a domain table. Each entry
// has a group, a port (0: any) and an optional tag. A table is built once
// and never changed: a reload builds a new one (permissions_module.h).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::permissions {

// An IPv4 (4 bytes) or IPv6 (16 bytes) address.
struct IpAddress {
  std::vector<std::uint8_t> bytes;
  bool operator==(const IpAddress&) const = default;

  // IPv4 dotted text, or IPv6 text with or without brackets; nullopt otherwise.
  static std::optional<IpAddress> parse(std::string_view text);
  std::string text() const;
};

struct AddressEntry {
  std::uint32_t group = 0;
  IpAddress address;
  std::uint32_t port = 0;  // 0: any port
  std::optional<std::string> tag;
};

struct SubnetEntry {
  std::uint32_t group = 0;
  IpAddress address;
  std::uint32_t mask = 0;  // prefix length
  std::uint32_t port = 0;
  std::optional<std::string> tag;
};

struct DomainEntry {
  std::uint32_t group = 0;
  std::string name;
  std::uint32_t port = 0;
  std::optional<std::string> tag;
};

// Kamailio's hash buckets (addressDump and domainDump show them).
inline constexpr std::uint32_t kHashBuckets = 128;

// Kamailio's core string hash reduced to `buckets` (a power of two).
std::uint32_t coreHash(std::string_view bytes, std::uint32_t buckets);

// What a lookup found: the entry's group and tag (for peer_tag_avp).
struct Match {
  std::optional<std::string> tag;
  std::uint32_t group = 0;
};

class AddressTable {
 public:
  // Adds one record as Kamailio reads it (from address_file or the address
  // table): an IP address with a mask of 0 or its full length is a whole
  // address, with a shorter mask a subnet; anything else is a domain name.
  // False (and why in `error`) for a mask beyond the address's length.
  bool add(std::uint32_t group, std::string_view address, std::uint32_t mask, std::uint32_t port,
           std::optional<std::string> tag, std::string& error);

  // allow_address / allow_source_address: `address` in `group` on `port`.
  std::optional<Match> find(std::uint32_t group, const IpAddress& address,
                            std::uint32_t port) const;
  std::optional<Match> findDomain(std::uint32_t group, std::string_view name,
                                  std::uint32_t port) const;
  // allow_address_group / allow_source_address_group: the group of the
  // first entry matching, whole addresses before subnets.
  std::optional<Match> groupOf(const IpAddress& address, std::uint32_t port) const;
  std::optional<Match> groupOfDomain(std::string_view name, std::uint32_t port) const;

  // The entries in Kamailio's dump order: by bucket, the last added first
  // within a bucket; subnets by group, then in the order added.
  std::vector<std::pair<std::uint32_t, const AddressEntry*>> addressesInDumpOrder() const;
  std::vector<std::pair<std::uint32_t, const DomainEntry*>> domainsInDumpOrder() const;
  const std::vector<SubnetEntry>& subnets() const { return subnets_; }

 private:
  std::array<std::vector<AddressEntry>, kHashBuckets> addresses_;  // in the order added
  std::vector<SubnetEntry> subnets_;                               // by group
  std::array<std::vector<DomainEntry>, kHashBuckets> domains_;
};

// Whether `address` is inside `network`/`mask` (same family only).
bool inSubnet(const IpAddress& address, const IpAddress& network, std::uint32_t mask);

}  // namespace kemid::permissions
