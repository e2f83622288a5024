#pragma once
// Relaying a request, the part every forwarding path shares (the core's
// stateless KSR.forward, tm's branches): where it goes next (RFC 3261 §16.6
// steps 6-7: $du when routing set one, else the Request-URI), the address to
// send to, and the proxy's own Via on top (§16.6 step 8).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/network.h"

namespace kemid {

class SipMessage;
struct MessageContext;
struct SendOptions;

// Why a request could not be relayed.
enum class ForwardError {
  None,
  BadUri,                // the target is not a sip:/sips: URI
  UnsupportedTransport,  // a transport kemid has no socket for
  Unresolvable,          // the host has no address
  SendFailed,
};

struct DestinationResult {
  Destination destination;
  ForwardError error = ForwardError::None;
  bool ok() const { return error == ForwardError::None; }
};

// The first address of `host` (an IP address, IPv6 with or without
// brackets, or a name looked up once with getaddrinfo), in text form;
// nullopt when it has none.
std::optional<std::string> resolveHost(std::string_view host);

// The destination of `uri` (sip: or sips:, port from the URI or the
// transport's default, ";transport=" one kemid listens on, or none: UDP).
DestinationResult resolveUri(std::string_view uri, const SipNetwork& network);

// host:port over `transport` ("udp", "tcp", case-insensitive) to an explicit
// address, as t_relay_to_proto_addr asks.
DestinationResult resolveAddress(std::string_view transport, std::string_view host,
                                 std::uint16_t port, const SipNetwork& network);

// The next hop of a request as routing left it: `dstUri` ($du) when set,
// else the request's Request-URI.
DestinationResult resolveNextHop(std::string_view dstUri, const SipMessage& request,
                                 const SipNetwork& network);

// Sends from `received`'s socket when it has the destination's address
// family, as Kamailio does without mhomed (the reply and the relayed
// request leave from where the request came in); otherwise keeps the
// network's choice. A request kemid did not receive, or one that came over
// another transport, is left alone.
void preferReceivingSocket(Destination& destination, const ReceiveInfo& received,
                           const SipNetwork& network);

// The wire text of `request` with its pending edits and the proxy's Via
// (the sending socket's advertised address and `branch`) on top; `request`
// stays as it is. `options` (the script's set_advertised_address,
// set_advertised_port, add_local_rport) change that Via. A request that
// came over TCP names its connection there, ";i=N" with N =
// `receivedOn`, as Kamailio 5.6 writes it. A request for UDP that comes
// out larger than udp_mtu is built for the udp_mtu_try_proto socket
// instead, and `destination` is moved to it (SipNetwork::udpFallback).
std::string wireTextWithOwnVia(const SipMessage& request, Destination& destination,
                               const SipNetwork& network, std::string_view branch,
                               const SendOptions& options, ConnectionId receivedOn = 0);
std::string wireTextWithOwnVia(const SipMessage& request, Destination& destination,
                               const SipNetwork& network, std::string_view branch);

// Relays a received reply statelessly (RFC 3261 §16.11, §16.7 step 9): our
// top Via taken off, sent to the next Via's address. False (logged) when
// the top Via is not ours (§18.1.2: it did not pass through this proxy) or
// there is no further Via; `reply` has lost its top Via once it was sent.
bool forwardReplyStatelessly(SipMessage& reply, SipNetwork& network);

// Relays ctx.message statelessly (§16.11: the branch is derived from the
// request, so a retransmission gets the same one): resolve, Via, one send.
ForwardError forwardStateless(MessageContext& ctx, SipNetwork& network);

}  // namespace kemid
