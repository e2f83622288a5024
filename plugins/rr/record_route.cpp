#include "record_route.h"

#include <optional>
#include <string>

#include "core/forwarding.h"
#include "core/log.h"
#include "core/message_context.h"
#include "message_state.h"
#include "route_params.h"
#include "route_uri.h"
#include "sip/ascii.h"
#include "sip/header_spans.h"
#include "sip/sip_message.h"

namespace kemid::rr {

namespace {

constexpr Logger kLog{"rr"};
constexpr std::string_view kRecordRoute = "Record-Route";
// Kamailio keeps add_rr_param's text in a buffer of this size.
constexpr std::size_t kMaxPendingParams = 512;

// The Request-URI's user as received or, when it has none, the current
// Request-URI's (a script that took it from a preloaded Route).
std::string username(const SipMessage& message) {
  std::string received = message.receivedText();
  if (auto span = sip::requestUriSpan(received)) {
    std::string_view user =
        uriUserText(std::string_view(received).substr(span->offset, span->length));
    if (!user.empty()) return std::string(user);
  }
  return std::string(uriUserText(message.requestUri()));
}

// What every Record-Route of a message starts with: "<sip:" and the user.
std::string prefix(const MessageContext& ctx, const RrSettings& settings) {
  const SipMessage& message = *ctx.message;
  auto uri = SipUri::parse(message.requestUri());
  bool sips = !settings.ignoreSips && uri && sip::iequals(uri->scheme, "sips");
  std::string text = sips ? "<sips:" : "<sip:";
  if (settings.addUsername) {
    std::string user = username(message);
    if (!user.empty()) text += user + "@";
  }
  return text;
}

// The ftag: the From tag, or the To tag of a request going upstream.
std::string tagParam(const MessageContext& ctx, const RrState& rr) {
  if (!rr.settings().appendFromTag) return {};
  std::string_view tag = direction(ctx, rr.network()) == Direction::Upstream
                             ? ctx.message->to().tag
                             : ctx.message->from().tag;
  return tag.empty() ? std::string() : ";ftag=" + std::string(tag);
}

std::string_view lrParam(const RrSettings& settings) {
  return settings.fullLr ? ";lr=on" : ";lr";
}

// A socket's advertised address as Kamailio writes it in a URI: IPv6 in
// brackets, the port unless it is 5060, the transport unless it is UDP.
std::string socketAddress(const SipNetwork& network, int socketIndex) {
  const Endpoint& own = network.advertised(socketIndex);
  std::string text = own.ip.find(':') != std::string::npos ? "[" + own.ip + "]" : own.ip;
  if (own.port != 5060) text += ":" + std::to_string(own.port);
  if (Transport transport = network.transportOf(socketIndex); transport != Transport::Udp) {
    text += ";transport=";
    text += transportName(transport);
  }
  return text;
}

// The socket the request leaves from, as far as routing knows it now.
int outgoingSocket(const MessageContext& ctx, const SipNetwork& network) {
  auto next = resolveNextHop(ctx.dstUri, *ctx.message, network);
  if (!next.ok()) return ctx.received.socketIndex;
  preferReceivingSocket(next.destination, ctx.received, network);
  return next.destination.socketIndex;
}

bool insert(MessageContext& ctx, std::string value) {
  if (!ctx.message->insertHeader(kRecordRoute, value)) {
    kLog.err("cannot add Record-Route: ", value);
    return false;
  }
  messageState(ctx).recordRoutes.push_back(std::move(value));
  return true;
}

// Done: a later record_route of the message fails, except in a branch route.
RecordRouteResult added(MessageContext& ctx) {
  if (ctx.routeType != RouteType::Branch) messageState(ctx).recordRouted = true;
  return RecordRouteResult::Added;
}

std::optional<RecordRouteResult> refusal(const MessageContext& ctx, const RrState& rr) {
  if (ctx.message == nullptr || !ctx.message->isRequest() || rr.network() == nullptr) {
    return RecordRouteResult::Failed;
  }
  if (messageState(ctx).recordRouted) {
    kLog.err("Double attempt to record-route");
    return RecordRouteResult::AlreadyAdded;
  }
  return std::nullopt;
}

}  // namespace

RecordRouteResult recordRoute(MessageContext& ctx, const RrState& rr, std::string_view params) {
  if (auto refused = refusal(ctx, rr)) return *refused;
  const RrSettings& settings = rr.settings();
  const SipNetwork& network = *rr.network();
  MessageState& state = messageState(ctx);
  const std::string head = prefix(ctx, settings);
  std::string tail(lrParam(settings));
  tail += tagParam(ctx, rr);
  tail += params;
  tail += state.pendingParams;
  tail += ">";

  const int in = ctx.received.socketIndex;
  const int out = settings.doubleRr == 1 ? outgoingSocket(ctx, network) : in;
  if (settings.doubleRr == 2 || (settings.doubleRr == 1 && out != in)) {
    // The one facing the next hop first (RFC 3261 §16.6 step 4).
    if (!insert(ctx, head + socketAddress(network, out) + ";r2=on" + tail) ||
        !insert(ctx, head + socketAddress(network, in) + ";r2=on" + tail)) {
      return RecordRouteResult::Failed;
    }
  } else if (!insert(ctx, head + socketAddress(network, in) + tail)) {
    return RecordRouteResult::Failed;
  }
  state.pendingParams.clear();
  state.preparedRecordRoutes += settings.doubleRr != 0 ? 2 : 1;
  return added(ctx);
}

RecordRouteResult recordRoutePreset(MessageContext& ctx, const RrState& rr, std::string_view first,
                                    std::string_view second) {
  if (auto refused = refusal(ctx, rr)) return *refused;
  const RrSettings& settings = rr.settings();
  if (!second.empty() && settings.doubleRr == 0) {
    kLog.err("Attempt to double record-route while 'enable_double_rr' param is disabled");
    return RecordRouteResult::Failed;
  }
  MessageState& state = messageState(ctx);
  std::string tail;
  if (settings.appendFromTag && !ctx.message->from().tag.empty()) {
    tail += ";ftag=" + std::string(ctx.message->from().tag);
  }
  tail += state.pendingParams;
  tail += lrParam(settings);
  tail += ">";
  const std::string head = prefix(ctx, settings);
  if (!insert(ctx, head + std::string(first) + tail)) return RecordRouteResult::Failed;
  ++state.preparedRecordRoutes;
  if (!second.empty()) {
    if (!insert(ctx, head + std::string(second) + tail)) return RecordRouteResult::Failed;
    ++state.preparedRecordRoutes;
  }
  state.pendingParams.clear();
  return added(ctx);
}

RecordRouteResult recordRouteAdvertised(MessageContext& ctx, const RrState& rr,
                                        std::string_view address) {
  if (auto refused = refusal(ctx, rr)) return *refused;
  const RrSettings& settings = rr.settings();
  MessageState& state = messageState(ctx);
  const std::string head = prefix(ctx, settings) + std::string(address);
  std::string tail = tagParam(ctx, rr);
  tail += lrParam(settings);
  tail += state.pendingParams;
  tail += ">";

  if (settings.doubleRr == 2) {
    // Kamailio writes the transport of each side when told to double always.
    const std::string value = head + ";transport=udp;r2=on" + tail;
    if (!insert(ctx, value) || !insert(ctx, value)) return RecordRouteResult::Failed;
  } else {
    // One transport only (UDP), so never a second field; ";r2=on" still
    // marks a change of socket.
    const int in = ctx.received.socketIndex;
    const bool otherSocket = settings.doubleRr == 1 && outgoingSocket(ctx, *rr.network()) != in;
    if (!insert(ctx, head + (otherSocket ? ";r2=on" : "") + tail)) {
      return RecordRouteResult::Failed;
    }
  }
  state.pendingParams.clear();
  state.preparedRecordRoutes += settings.doubleRr != 0 ? 2 : 1;
  return added(ctx);
}

bool addRrParam(MessageContext& ctx, const RrSettings& settings, std::string_view param) {
  if (ctx.message == nullptr) return false;
  MessageState& state = messageState(ctx);
  if (state.recordRoutes.empty()) {
    if (state.pendingParams.size() + param.size() > kMaxPendingParams) {
      kLog.err("maximum size of rr_param_buf exceeded");
      return false;
    }
    state.pendingParams += param;
    return true;
  }
  for (std::string& recordRoute : state.recordRoutes) {
    std::string value = recordRoute;
    value.insert(value.size() - 1, param);  // before the closing '>'
    if (!ctx.message->changeInsertedHeader(kRecordRoute, recordRoute, value)) {
      kLog.err("failed to add lump");
      return false;
    }
    recordRoute = std::move(value);
  }
  // Kamailio adds it, then fails when double record-routing is on and it
  // finds only one Record-Route (a single preset one).
  if (settings.doubleRr != 0 && state.preparedRecordRoutes < 2) {
    kLog.crit("failed to locate double RR lump");
    return false;
  }
  return true;
}

void removeRecordRoute(MessageContext& ctx) {
  if (ctx.message == nullptr) return;
  MessageState& state = messageState(ctx);
  for (const std::string& recordRoute : state.recordRoutes) {
    ctx.message->changeInsertedHeader(kRecordRoute, recordRoute, std::nullopt);
  }
  state.recordRoutes.clear();
}

}  // namespace kemid::rr
