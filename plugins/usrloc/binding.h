#pragma once
// One registered contact of an address of record (Kamailio's ucontact): what
// registrar's save stores and lookup reads back.

#include <cstdint>
#include <string>

namespace kemid::usrloc {

// Every method allowed (Kamailio's ALL_METHODS): no Allow, no methods param.
inline constexpr std::uint32_t kAllMethods = 0xffffffffu;

struct Binding {
  std::string contact;       // the Contact URI, as the UA sent it
  std::string received;      // source address when behind NAT ("sip:1.2.3.4:5060"); empty: none
  std::string path;          // Path header values of the REGISTER (RFC 3327), comma-joined
  std::int64_t expires = 0;  // absolute expiry time (seconds since the epoch); 0: permanent
  int q = -1;                // q-value in thousandths; -1: not given
  std::string callId;
  std::uint32_t cseq = 0;
  std::uint32_t flags = 0;   // usrloc's own flags
  std::uint32_t cflags = 0;  // branch flags at save time (nat_bflag among them)
  std::string userAgent;
  std::string socket;  // the socket the REGISTER arrived on ("udp:127.0.0.1:5060")
  std::uint32_t methods = kAllMethods;
  std::string instance;  // +sip.instance (RFC 5626), as written, quotes included
  std::uint32_t regId = 0;
  std::string ruid;  // unique record id
  std::int64_t lastModified = 0;

  // Kamailio's VALID_CONTACT: permanent, or not expired at `now`.
  bool validAt(std::int64_t now) const { return expires == 0 || expires > now; }

  bool operator==(const Binding&) const = default;
};

}  // namespace kemid::usrloc
