#pragma once
// nat_uac_test and is_rfc1918: signs that a UA is behind a NAT, from the
// addresses it wrote in its request against the address the request came
// from.

#include <cstdint>
#include <string_view>

namespace kemid {
class SipMessage;
struct ReceiveInfo;
}  // namespace kemid

namespace kemid::nathelper {

// The tests of nat_uac_test, by bit (Kamailio's values).
enum NatTest : std::int64_t {
  kContactPrivate = 1,          // Contact host in a private range
  kViaNotSource = 2,            // top Via host differs from the source address
  kViaPrivate = 4,              // top Via host in a private range
  kSdpPrivate = 8,              // an SDP c= address in a private range
  kViaPortNotSource = 16,       // top Via port (5060 when absent) differs from the source port
  kSourcePrivate = 32,          // the source address in a private range
  kWebSocket = 64,              // received over WebSocket (kemid: never)
  kContactPortNotSource = 128,  // Contact port (5060 when absent) differs from the source port
  kSdpNotSource = 256,          // the first SDP c= address differs from the source address
};

// Whether `address` is an IPv4 address of RFC 1918, RFC 6598 (shared
// address space) or 192.0.0.0/29 (RFC 7335), and with `wholeIetfBlock`
// (modparam nat_addr_mode 1) 192.0.0.0/24. IPv6 and names: false.
bool isPrivateAddress(std::string_view address, bool wholeIetfBlock);

// Whether any test of `flags` finds a sign of NAT.
bool natUacTest(std::int64_t flags, const SipMessage& message, const ReceiveInfo& received,
                bool wholeIetfBlock);

}  // namespace kemid::nathelper
