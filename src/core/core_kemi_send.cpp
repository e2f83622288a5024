#include "core/core_kemi_send.h"

#include <array>
#include <optional>
#include <string>

#include "core/core_kemi.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/network.h"
#include "sip/ascii.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"

namespace kemid {

namespace {

const Logger kLog{"core"};

// ---- connection flags: kemid sends over UDP only, so they are recorded ----

template <bool SendOptions::*Flag>
KemiValue setSendFlag(KemiCall& call) {
  if (call.context == nullptr) return false;
  call.context->send.*Flag = true;
  return true;
}

// add_tcp_alias(port) / add_tcp_alias_via(): requests to the sender's
// address at that port (or its Via's) go on the connection the message came
// on (SipNetwork::aliasConnection). Aliases exist for TCP/TLS connections
// only; for a message over UDP Kamailio does nothing and answers 1.
KemiValue aliasConnection(KemiCall& call, std::int64_t port) {
  if (call.context == nullptr) return std::int64_t{-1};
  if (call.context->received.connection == 0) return std::int64_t{1};
  auto* network = static_cast<CoreKemiState*>(call.state)->network();
  if (port <= 0 || port > 65535 || network == nullptr) return std::int64_t{-1};
  return std::int64_t{
      network->aliasConnection(call.context->received.connection, static_cast<std::uint16_t>(port))
          ? 1
          : -1};
}

KemiValue addTcpAlias(KemiCall& call) {
  return aliasConnection(call, call.intArg(0));
}

KemiValue addTcpAliasVia(KemiCall& call) {
  if (call.context == nullptr || call.context->message == nullptr) return std::int64_t{-1};
  auto via = call.context->message->topVia();
  if (!via) return std::int64_t{-1};
  return aliasConnection(call, via->port.value_or(5060));
}

// set_advertised_address(""): Kamailio answers 1; kemid takes it as "use the
// socket's address again".
KemiValue setAdvertisedAddress(KemiCall& call) {
  if (call.context == nullptr) return std::int64_t{0};
  call.context->send.advertisedAddress = std::string(call.strArg(0));
  return std::int64_t{1};
}

// Kamailio writes any text as the port; kemid needs a port number, so other
// text is refused with an error, yet answers 1 as Kamailio does.
KemiValue setAdvertisedPort(KemiCall& call) {
  if (call.context == nullptr) return std::int64_t{0};
  auto port = sip::parsePort(call.strArg(0));
  if (!port || *port == 0) {
    kLog.err("set_advertised_port: '", call.strArg(0), "' is not a port number; not used");
    return std::int64_t{1};
  }
  call.context->send.advertisedPort = *port;
  return std::int64_t{1};
}

// ---- transports --------------------------------------------------------------

// The transports is_proto / to_* test; WS and WSS exist only as names
// (kemid serves neither).
enum class Proto { Udp, Tcp, Tls, Sctp, Ws, Wss };

std::optional<Proto> protoOf(Transport transport) {
  switch (transport) {
    case Transport::Udp:
      return Proto::Udp;
    case Transport::Tcp:
      return Proto::Tcp;
    case Transport::Tls:
      return Proto::Tls;
    case Transport::Sctp:
      return Proto::Sctp;
    case Transport::Any:
      break;
  }
  return std::nullopt;
}

std::optional<Proto> protoNamed(std::string_view name) {
  constexpr std::array<std::pair<std::string_view, Proto>, 6> kNames{{
      {"udp", Proto::Udp},
      {"tcp", Proto::Tcp},
      {"tls", Proto::Tls},
      {"sctp", Proto::Sctp},
      {"ws", Proto::Ws},
      {"wss", Proto::Wss},
  }};
  for (const auto& [text, proto] : kNames) {
    if (sip::iequals(name, text)) return proto;
  }
  return std::nullopt;
}

// is_proto("tu"): e TLS, s SCTP, t TCP, u UDP, v WS, w WSS; other letters never match.
KemiValue isProto(KemiCall& call) {
  if (call.context == nullptr) return false;
  auto received = protoOf(call.context->received.transport);
  constexpr std::array<std::pair<char, Proto>, 6> kLetters{{
      {'e', Proto::Tls},
      {'s', Proto::Sctp},
      {'t', Proto::Tcp},
      {'u', Proto::Udp},
      {'v', Proto::Ws},
      {'w', Proto::Wss},
  }};
  for (char c : call.strArg(0)) {
    for (const auto& [letter, proto] : kLetters) {
      if (letter == c && received == proto) return true;
    }
  }
  return false;
}

// Where a message goes next, as to_* sees it: the transport and host of $du,
// else of the Request-URI; for a reply, the second Via's. A URI's transport
// is its transport parameter only: without one (sips: included) Kamailio's
// to_* tests all answer false.
struct NextHopView {
  std::optional<Proto> proto;
  std::string host;  // IPv6 without brackets
};

std::optional<NextHopView> nextHopOf(const MessageContext& ctx) {
  const SipMessage* m = ctx.message;
  if (m == nullptr) return std::nullopt;
  if (!m->isRequest()) {
    auto via = m->via(1);
    if (!via) return std::nullopt;
    return NextHopView{protoNamed(via->transport), via->received.value_or(via->host)};
  }
  const std::string target = ctx.dstUri.empty() ? m->requestUri() : ctx.dstUri;
  auto uri = SipUri::parse(target);
  if (!uri) return std::nullopt;
  NextHopView hop;
  hop.host = uri->host;
  if (hop.host.starts_with('[') && hop.host.ends_with(']')) {
    hop.host = hop.host.substr(1, hop.host.size() - 2);
  }
  const SipParam* transport = findParam(uri->params, "transport");
  if (transport != nullptr && transport->value) hop.proto = protoNamed(*transport->value);
  return hop;
}

template <Proto Wanted>
KemiValue toProto(KemiCall& call) {
  if (call.context == nullptr) return false;
  auto hop = nextHopOf(*call.context);
  return hop && hop->proto == Wanted;
}

KemiValue toWsx(KemiCall& call) {
  if (call.context == nullptr) return false;
  auto hop = nextHopOf(*call.context);
  return hop && (hop->proto == Proto::Ws || hop->proto == Proto::Wss);
}

bool isIpv4Literal(std::string_view host) {
  int dots = 0;
  std::size_t digits = 0;
  for (char c : host) {
    if (c == '.') {
      if (digits == 0) return false;
      ++dots;
      digits = 0;
    } else if (c >= '0' && c <= '9' && ++digits <= 3) {
      continue;
    } else {
      return false;
    }
  }
  return dots == 3 && digits > 0;
}

// A host name is neither (Kamailio does not resolve it for these tests).
template <bool V6>
KemiValue toAddressFamily(KemiCall& call) {
  if (call.context == nullptr) return false;
  auto hop = nextHopOf(*call.context);
  if (!hop) return false;
  if constexpr (V6) return hop->host.find(':') != std::string::npos;
  return isIpv4Literal(hop->host);
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kInt{Int};

constexpr std::array kSendFunctions{
    KemiFunctionDef{"set_forward_close", Bool, kNoParams, &setSendFlag<&SendOptions::forwardClose>},
    KemiFunctionDef{"set_forward_no_connect", Bool, kNoParams,
                    &setSendFlag<&SendOptions::forwardNoConnect>},
    KemiFunctionDef{"set_reply_close", Bool, kNoParams, &setSendFlag<&SendOptions::replyClose>},
    KemiFunctionDef{"set_reply_no_connect", Bool, kNoParams,
                    &setSendFlag<&SendOptions::replyNoConnect>},
    KemiFunctionDef{"add_local_rport", Bool, kNoParams, &setSendFlag<&SendOptions::addLocalRport>},
    KemiFunctionDef{"set_advertised_address", Int, kStr, &setAdvertisedAddress},
    KemiFunctionDef{"set_advertised_port", Int, kStr, &setAdvertisedPort},
    KemiFunctionDef{"add_tcp_alias", Int, kInt, &addTcpAlias},
    KemiFunctionDef{"add_tcp_alias_via", Int, kNoParams, &addTcpAliasVia},
    KemiFunctionDef{"is_proto", Bool, kStr, &isProto},
    KemiFunctionDef{"to_UDP", Bool, kNoParams, &toProto<Proto::Udp>},
    KemiFunctionDef{"to_TCP", Bool, kNoParams, &toProto<Proto::Tcp>},
    KemiFunctionDef{"to_TLS", Bool, kNoParams, &toProto<Proto::Tls>},
    KemiFunctionDef{"to_SCTP", Bool, kNoParams, &toProto<Proto::Sctp>},
    KemiFunctionDef{"to_WS", Bool, kNoParams, &toProto<Proto::Ws>},
    KemiFunctionDef{"to_WSS", Bool, kNoParams, &toProto<Proto::Wss>},
    KemiFunctionDef{"to_WSX", Bool, kNoParams, &toWsx},
    KemiFunctionDef{"to_IPv4", Bool, kNoParams, &toAddressFamily<false>},
    KemiFunctionDef{"to_IPv6", Bool, kNoParams, &toAddressFamily<true>},
};

}  // namespace

std::span<const KemiFunctionDef> coreSendKemiFunctions() {
  return kSendFunctions;
}

}  // namespace kemid
