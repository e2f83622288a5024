#pragma once
// Via rules of a proxy: received/rport on the way in (RFC 3261 §18.2.1,
// RFC 3581 §4), the proxy's own Via and its branch on the way out (RFC 3261
// §16.6 step 8, §16.11), and where a reply goes back (§18.2.2).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/next_hop.h"
#include "sip/transport.h"
#include "sip/via_header.h"

namespace kemid {
class SipMessage;
}

namespace kemid::sip {

// RFC 3261 §8.1.1.7: a branch starting with it was made by an RFC 3261 element.
inline constexpr std::string_view kBranchMagicCookie = "z9hG4bK";

// For a request received from sourceIp:sourcePort (IPv6 without brackets),
// as Kamailio 5.6 does it: when the top Via has rport, or forceRport is set
// (force_rport()), rport is set to sourcePort (replacing any value the
// client wrote); received=<sourceIp> is added when the sent-by host is not
// that address (a host name always differs) or the client asked for rport
// (RFC 3581 §4), not for a forced rport alone. Where each goes on the wire:
// SipMessage::setTopViaSource. IPv6 received values carry no brackets, as
// RFC 3261's grammar for received has it.
void addReceivedAndRport(SipMessage& request, std::string_view sourceIp, std::uint16_t sourcePort,
                         bool forceRport = false);

// The proxy's own Via for a forwarded request: "SIP/2.0/UDP host:port;branch=..",
// without ":port" when port is the transport's default (as Kamailio).
// transport must not be Transport::Any (std::invalid_argument).
ViaHeader makeOwnVia(Transport transport, std::string_view host, std::uint16_t port,
                     std::string branch);

// The wire text of `request` (its pending edits made) with the proxy's own
// Via (makeOwnVia) on top; `request` stays as it is.
std::string wireTextWithOwnVia(const SipMessage& request, Transport transport,
                               std::string_view host, std::uint16_t port, std::string_view branch);

// A branch unique across calls, threads and processes: the magic cookie, a
// random per-process value and a counter.
std::string generateBranch();

// The branch of a stateless proxy (RFC 3261 §16.11): the same for every
// retransmission of the request, and for its CANCEL and non-2xx ACK. Hashes
// the incoming top Via's branch and sent-by when that branch has the magic
// cookie, else To tag, From tag, Call-ID, Request-URI, top Via and CSeq
// number. A spiral through this proxy has a different top Via, so it gets a
// different branch.
std::string statelessBranch(const SipMessage& request);

// Where a reply goes once the proxy's own Via is removed (RFC 3261 §18.2.2,
// RFC 3581 §4): the top Via's received address if present, else its host;
// its rport value if present, else its port, else the transport's default.
// nullopt without a usable Via or for a transport kemid does not speak.
// maddr is not honoured (as Kamailio). `index` picks the Via: 1 for a
// reply whose top Via (the proxy's) is to be removed when it is sent.
std::optional<NextHop> replyNextHop(const SipMessage& reply, std::size_t index = 0);

}  // namespace kemid::sip
