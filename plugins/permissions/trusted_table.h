#pragma once
// permissions' trusted table (Kamailio's `trusted`): source addresses that
// are trusted for a protocol, optionally only for From and Request-URIs
// matching a regular expression, in priority order.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "address_table.h"

namespace kemid::permissions {

struct TrustedEntry {
  std::string sourceIp;
  std::string proto;  // "any", "udp", "tcp", "tls", "sctp", "ws", "wss" (lower case)
  std::optional<std::string> fromPattern;  // POSIX basic regular expressions
  std::optional<std::string> ruriPattern;
  std::optional<std::string> tag;
  std::int64_t priority = 0;
};

class TrustedTable {
 public:
  // Adds a row; a proto of "none" is skipped, as in Kamailio. False (and
  // why in `error`) for an unknown proto.
  bool add(TrustedEntry entry, std::string& error);

  // The tags of the entries for `sourceIp` whose proto and patterns match,
  // in priority order; only the first one unless `all` (peer_tag_mode).
  // Empty when none matches.
  std::vector<std::optional<std::string>> match(std::string_view sourceIp, std::string_view proto,
                                                std::string_view fromUri, std::string_view ruri,
                                                bool all) const;

  // Kamailio's dump order: by bucket of the source address text, then by
  // priority (highest first), equal priorities in the order added.
  std::vector<std::pair<std::uint32_t, const TrustedEntry*>> inDumpOrder() const;

  // Kamailio's protocol numbers in trustedDump (PROTO_NONE 0, UDP 1, ...).
  static int protoNumber(std::string_view proto);

 private:
  std::array<std::vector<TrustedEntry>, kHashBuckets> buckets_;
};

}  // namespace kemid::permissions
