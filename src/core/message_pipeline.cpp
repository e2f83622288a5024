#include "core/message_pipeline.h"

#include <chrono>

#include "core/config.h"
#include "core/forwarding.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/route_engine.h"
#include "sip/bad_request.h"
#include "sip/sip_message.h"
#include "sip/sip_param.h"
#include "sip/via.h"

namespace kemid {

namespace {

const Logger kLog{"core"};

constexpr std::string_view kRequestRoute = "ksr_request_route";
constexpr std::string_view kReplyRoute = "ksr_reply_route";

// A flood of junk must not become a flood of log lines.
RateLimitedLog parseErrorLog{kLog, "malformed messages"};

}  // namespace

MessagePipeline::MessagePipeline(ModuleHost& host, SipNetwork& network, const CoreSettings& core)
    : host_(host),
      network_(network),
      serverHeader_(serverHeaderLine(core)),
      logPrefix_(core.logPrefix),
      logPrefixHasVariables_(logPrefix_.find('$') != std::string::npos),
      acceptAliases_(core.tcpAcceptAliases) {}

void MessagePipeline::handle(std::string_view datagram, const ReceiveInfo& received) {
  // RFC 3261 §7.5: CRLFs before a start line are ignored; a datagram of
  // nothing else is a keep-alive (RFC 5626 §4.4.1), not an error.
  if (datagram.find_first_not_of("\r\n") == std::string_view::npos) return;

  std::string error;
  auto message = SipMessage::parse(datagram, error);
  if (!message) {
    refuse(datagram, received, error);
    return;
  }
  MessageContext ctx;
  ctx.message = message.get();
  ctx.received = received;
  // log_prefix is evaluated once per received message, before any route
  // runs, as Kamailio does; without pv its variables stay as written.
  std::string evaluatedPrefix;
  std::string_view prefix = logPrefix_;
  if (logPrefixHasVariables_ && host_.messageFormatter()) {
    if (auto text = host_.messageFormatter()(logPrefix_, ctx)) {
      evaluatedPrefix = std::move(*text);
      prefix = evaluatedPrefix;
    }
  }
  logging::MessageLogPrefix prefixScope(prefix);
  if (message->isRequest()) {
    counters_.requests.fetch_add(1, std::memory_order_relaxed);
    counters_.requestsByMethod[countedMethodIndex(message->method())].fetch_add(
        1, std::memory_order_relaxed);
    handleRequest(ctx);
  } else {
    counters_.replies.fetch_add(1, std::memory_order_relaxed);
    const int code = message->statusCode();
    const std::size_t replyClass = code >= 100 && code < 700 ? code / 100 : 0;
    counters_.repliesByClass[replyClass].fetch_add(1, std::memory_order_relaxed);
    handleReply(ctx);
  }
}

void MessagePipeline::refuse(std::string_view datagram, const ReceiveInfo& received,
                             const std::string& why) {
  counters_.parseErrors.fetch_add(1, std::memory_order_relaxed);
  parseErrorLog.err("malformed message from ", received.source.ip, ":", received.source.port,
                    " dropped: ", why);
  // A request with the fields a reply needs is answered (RFC 3261 §8.2, §16.3).
  auto reply = sip::buildBadRequestReply(datagram, why, serverHeader_);
  if (!reply) return;
  if (network_.send({received.source, received.socketIndex, received.connection}, *reply)) {
    counters_.badRequestsAnswered.fetch_add(1, std::memory_order_relaxed);
  }
}

void MessagePipeline::handleRequest(MessageContext& ctx) {
  SipMessage& request = *ctx.message;
  // RFC 3261 §18.2.1 / RFC 3581 §4: remember where the request really came from.
  sip::addReceivedAndRport(request, ctx.received.source.ip, ctx.received.source.port);
  if (acceptAliases_ && ctx.received.connection != 0) aliasByVia(ctx);

  for (const auto& hook : host_.requestHooks()) {
    if (hook(ctx) != HookVerdict::Pass) return;
  }
  RouteEngine* routing = host_.routing();
  if (routing == nullptr) {
    kLog.err("no routing engine: request ", request.method(), " dropped");
    return;
  }
  ctx.routeType = RouteType::Request;
  runRequestRoute(*routing, ctx);
  if (ctx.dropped) counters_.droppedRequests.fetch_add(1, std::memory_order_relaxed);
  for (const auto& hook : host_.requestDoneHooks()) hook(ctx);
}

// tcp_accept_aliases (RFC 5923 §5): a request whose Via carries ";alias"
// asks that requests to its sent-by port reuse the connection it came on.
void MessagePipeline::aliasByVia(const MessageContext& ctx) {
  auto via = ctx.message->topVia();
  if (via && findParam(via->otherParams, "alias") != nullptr) {
    network_.aliasConnection(ctx.received.connection, via->port.value_or(5060));
  }
}

void MessagePipeline::runRequestRoute(RouteEngine& routing, MessageContext& ctx) {
  switch (routing.run(kRequestRoute, ctx)) {
    case RouteOutcome::Completed:
      break;
    case RouteOutcome::Missing:
      kLog.err("the routing script defines no ", kRequestRoute, "()");
      counters_.routeErrors.fetch_add(1, std::memory_order_relaxed);
      break;
    case RouteOutcome::Failed:
      counters_.routeErrors.fetch_add(1, std::memory_order_relaxed);
      break;
  }
}

void MessagePipeline::handleReply(MessageContext& ctx) {
  RouteEngine* routing = host_.routing();
  if (routing != nullptr && routing->defines(kReplyRoute)) {
    ctx.routeType = RouteType::Reply;
    if (routing->run(kReplyRoute, ctx) == RouteOutcome::Failed) {
      counters_.routeErrors.fetch_add(1, std::memory_order_relaxed);
    }
    if (ctx.dropped) {
      counters_.droppedReplies.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  for (const auto& hook : host_.replyHooks()) {
    if (hook(ctx) != HookVerdict::Pass) return;
  }
  forwardReplyStatelessly(ctx);
}

void MessagePipeline::forwardReplyStatelessly(MessageContext& ctx) {
  if (!kemid::forwardReplyStatelessly(*ctx.message, network_)) {
    counters_.droppedReplies.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace kemid
