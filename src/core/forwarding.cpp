#include "core/forwarding.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <array>
#include <memory>

#include "core/log.h"
#include "core/message_context.h"
#include "sip/ascii.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"
#include "sip/via.h"

namespace kemid {

namespace {

constexpr Logger kLog{"core"};

struct AddrInfoFree {
  void operator()(addrinfo* list) const { freeaddrinfo(list); }
};

std::string_view withoutBrackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host;
}

std::optional<std::string> addressText(const sockaddr* address) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  const void* raw = nullptr;
  if (address->sa_family == AF_INET) {
    raw = &reinterpret_cast<const sockaddr_in*>(address)->sin_addr;
  } else if (address->sa_family == AF_INET6) {
    raw = &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
  } else {
    return std::nullopt;
  }
  if (inet_ntop(address->sa_family, raw, text.data(), text.size()) == nullptr) return std::nullopt;
  return std::string(text.data());
}

DestinationResult destinationOf(const NextHop& hop, const SipNetwork& network) {
  DestinationResult result;
  auto ip = resolveHost(hop.host);
  if (!ip) {
    result.error = ForwardError::Unresolvable;
    return result;
  }
  result.destination.endpoint = Endpoint{std::move(*ip), hop.port};
  result.destination.socketIndex = network.socketFor(result.destination.endpoint, hop.transport);
  // No socket of that transport (and family): kemid does not send over it.
  if (result.destination.socketIndex < 0) result.error = ForwardError::UnsupportedTransport;
  return result;
}

}  // namespace

std::optional<std::string> resolveHost(std::string_view host) {
  std::string name(withoutBrackets(host));
  if (name.empty()) return std::nullopt;
  std::array<unsigned char, 16> scratch{};
  if (inet_pton(AF_INET, name.c_str(), scratch.data()) == 1 ||
      inet_pton(AF_INET6, name.c_str(), scratch.data()) == 1) {
    return name;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* raw = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &raw) != 0 || raw == nullptr) {
    kLog.dbg("cannot resolve '", name, "'");
    return std::nullopt;
  }
  std::unique_ptr<addrinfo, AddrInfoFree> list(raw);
  // IPv4 first, as Kamailio does unless dns_try_ipv6 is set.
  for (int family : {AF_INET, AF_INET6}) {
    for (const addrinfo* entry = list.get(); entry != nullptr; entry = entry->ai_next) {
      if (entry->ai_family != family) continue;
      if (auto text = addressText(entry->ai_addr)) return text;
    }
  }
  return std::nullopt;
}

DestinationResult resolveUri(std::string_view uri, const SipNetwork& network) {
  auto parsed = SipUri::parse(uri);
  std::optional<NextHop> hop = parsed ? parsed->nextHop() : std::nullopt;
  if (!hop) {
    DestinationResult result;
    // A sip: URI whose transport parameter names something we do not know.
    result.error =
        parsed && (sip::iequals(parsed->scheme, "sip") || sip::iequals(parsed->scheme, "sips"))
            ? ForwardError::UnsupportedTransport
            : ForwardError::BadUri;
    return result;
  }
  return destinationOf(*hop, network);
}

DestinationResult resolveAddress(std::string_view transport, std::string_view host,
                                 std::uint16_t port, const SipNetwork& network) {
  std::string name;
  for (char c : transport) name += sip::asciiLower(c);
  auto parsed = transportFromName(name);
  if (!parsed) {
    DestinationResult result;
    result.error = ForwardError::UnsupportedTransport;
    return result;
  }
  return destinationOf(NextHop{*parsed, std::string(host), port != 0 ? port : defaultPort(*parsed)},
                       network);
}

DestinationResult resolveNextHop(std::string_view dstUri, const SipMessage& request,
                                 const SipNetwork& network) {
  if (!dstUri.empty()) return resolveUri(dstUri, network);
  return resolveUri(request.requestUri(), network);
}

void preferReceivingSocket(Destination& destination, const ReceiveInfo& received,
                           const SipNetwork& network) {
  if (received.local.ip.empty()) return;
  if (network.transportOf(destination.socketIndex) != received.transport) return;
  auto isIpv6 = [](const std::string& ip) { return ip.find(':') != std::string::npos; };
  if (isIpv6(received.local.ip) == isIpv6(destination.endpoint.ip)) {
    destination.socketIndex = received.socketIndex;
  }
}

namespace {

std::string withOwnVia(const SipMessage& request, const Destination& destination,
                       const SipNetwork& network, std::string_view branch,
                       const SendOptions& options, ConnectionId receivedOn) {
  const Endpoint& own = network.advertised(destination.socketIndex);
  std::string_view host =
      options.advertisedAddress.empty() ? std::string_view(own.ip) : options.advertisedAddress;
  std::uint16_t port = options.advertisedPort != 0 ? options.advertisedPort : own.port;
  ViaHeader via = sip::makeOwnVia(network.transportOf(destination.socketIndex), host, port,
                                  std::string(branch));
  via.hasRport = options.addLocalRport;
  if (receivedOn != 0) via.otherParams.push_back({"i", std::to_string(receivedOn)});
  return request.wireText(via.toString());
}

}  // namespace

std::string wireTextWithOwnVia(const SipMessage& request, Destination& destination,
                               const SipNetwork& network, std::string_view branch,
                               const SendOptions& options, ConnectionId receivedOn) {
  std::string text = withOwnVia(request, destination, network, branch, options, receivedOn);
  if (network.transportOf(destination.socketIndex) != Transport::Udp) return text;
  // Only the Via changes: a Record-Route added for UDP stays, so that the
  // dialog's smaller requests keep to UDP (as Kamailio).
  if (Transport larger = network.udpFallback(text.size()); larger != Transport::Udp) {
    if (int socket = network.socketFor(destination.endpoint, larger); socket >= 0) {
      destination.socketIndex = socket;
      text = withOwnVia(request, destination, network, branch, options, receivedOn);
    }
  }
  return text;
}

std::string wireTextWithOwnVia(const SipMessage& request, Destination& destination,
                               const SipNetwork& network, std::string_view branch) {
  return wireTextWithOwnVia(request, destination, network, branch, SendOptions{});
}

ForwardError forwardStateless(MessageContext& ctx, SipNetwork& network) {
  SipMessage& request = *ctx.message;
  auto next = resolveNextHop(ctx.dstUri, request, network);
  if (!next.ok()) return next.error;
  preferReceivingSocket(next.destination, ctx.received, network);
  next.destination.noConnect = ctx.send.forwardNoConnect;
  next.destination.closeAfter = ctx.send.forwardClose;
  std::string text =
      wireTextWithOwnVia(request, next.destination, network, sip::statelessBranch(request),
                         ctx.send, ctx.received.connection);
  if (text.empty() || !network.send(next.destination, text)) {
    return ForwardError::SendFailed;
  }
  return ForwardError::None;
}

bool forwardReplyStatelessly(SipMessage& reply, SipNetwork& network) {
  // Checked here, after tm: a transaction's reply matches by its branch, as
  // in Kamailio, even when the script made the Via carry another address
  // (set_advertised_address).
  auto via = reply.topVia();
  if (!via || !network.isMyself(via->host, via->port.value_or(0))) {
    kLog.dbg("reply with a top Via that is not ours dropped");
    return false;
  }
  reply.removeTopVia();
  auto hop = sip::replyNextHop(reply, 1);
  if (!hop) {
    kLog.dbg("reply without a further Via dropped");
    return false;
  }
  Destination to{.endpoint = Endpoint{hop->host, hop->port}};
  to.socketIndex = network.socketFor(to.endpoint, hop->transport);
  if (to.socketIndex < 0) {
    kLog.dbg("reply for a transport kemid does not serve dropped");
    return false;
  }
  network.send(to, reply.wireText());  // logs a failure
  return true;
}

}  // namespace kemid
