#include "sl_module.h"

#include <stdexcept>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/network.h"
#include "core/reply_body.h"
#include "core/statistics_registry.h"
#include "sip/reply_builder.h"
#include "sip/sip_message.h"
#include "sip/via.h"
#include "tm/tm_api.h"

namespace kemid::sl {

namespace {

constexpr Logger kLog{"sl"};

// Kamailio's reply for an internal error it has no better text for, with
// its "(<error number>/SL)" suffix, as Kamailio's sl.
constexpr int kErrorCode = 500;
constexpr std::string_view kErrorReason = "I'm terribly sorry, server error occurred (1/SL)";

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SlModule::SlModule(ModuleHost& host, SlSettings settings)
    : host_(host), network_(host.network()), settings_(std::move(settings)) {}

SlModule::~SlModule() = default;

tm::TmApi* SlModule::tm() {
  if (!settings_.bindTm) return nullptr;
  std::call_once(tmLookup_, [this] { tm_ = host_.findApi<tm::TmApi>(); });
  return tm_;
}

ReplyOutcome SlModule::sendStatelessReply(MessageContext& ctx, int code, std::string_view reason) {
  const SipMessage* request = ctx.message;
  if (request == nullptr || !request->isRequest()) {
    kLog.err("cannot send a reply: the current message is not a request");
    counters_.countFailure();
    return ReplyOutcome::Refused;
  }
  if (ctx.routeType == RouteType::Event) {
    // Nobody sent the made-up request of an event callback; Kamailio's
    // send fails there too (-1).
    kLog.err("cannot send a reply: an event callback has no request to answer");
    counters_.countFailure();
    return ReplyOutcome::SendFailed;
  }
  if (request->method() == "ACK") {
    // RFC 3261 §17.1.1.3: an ACK is never answered.
    kLog.warn("ACK cannot be replied to");
    counters_.countFailure();
    return ReplyOutcome::Refused;
  }
  std::string text;
  try {
    text = sip::buildReply(*request, code, reason,
                           {.toTag = tag_.forRequest(*request),
                            .extraHeaders = ctx.replyHeaders,
                            .serverHeader = settings_.serverHeader,
                            .body = replyBodyOf(ctx)});
  } catch (const std::invalid_argument& e) {
    kLog.err("cannot build a ", code, " reply: ", e.what());
    counters_.countFailure();
    return ReplyOutcome::Invalid;
  }
  // RFC 3261 §18.2.2 / RFC 3581 §4: the top Via's received/rport (the core
  // added them on arrival), else its sent-by; from the socket the request
  // came in on.
  auto hop = sip::replyNextHop(*request);
  if (!hop || network_ == nullptr) {
    kLog.err("no address to send the ", code, " reply to");
    counters_.countFailure();
    return ReplyOutcome::SendFailed;
  }
  Destination to{Endpoint{hop->host, hop->port}, ctx.received.socketIndex, ctx.received.connection};
  to.noConnect = ctx.send.replyNoConnect;
  to.closeAfter = ctx.send.replyClose;
  if (!network_->send(to, text)) {
    counters_.countFailure();
    return ReplyOutcome::SendFailed;
  }
  counters_.countSent(code);
  lastReplyMs_.store(nowMs(), std::memory_order_relaxed);
  return ReplyOutcome::Sent;
}

ReplyOutcome SlModule::sendReply(MessageContext& ctx, int code, std::string_view reason) {
  if (tm::TmApi* tm = this->tm()) {
    if (auto result = tm->replyIfTransaction(ctx, code, reason)) {
      return *result > 0 ? ReplyOutcome::Sent : ReplyOutcome::SendFailed;
    }
  }
  return sendStatelessReply(ctx, code, reason);
}

ReplyOutcome SlModule::sendErrorReply(MessageContext& ctx) {
  kLog.err("stateless error reply used: ", kErrorReason);
  return sendStatelessReply(ctx, kErrorCode, kErrorReason);
}

std::optional<std::string> SlModule::replyToTagFor(MessageContext& ctx) {
  const SipMessage* request = ctx.message;
  if (request == nullptr || !request->isRequest()) return std::nullopt;
  if (!request->to().tag.empty()) return std::string(request->to().tag);
  // tm answers with the reply builder's default tag (it passes none).
  if (tm::TmApi* tm = this->tm(); tm != nullptr && tm->hasTransaction(ctx)) {
    return sip::stableToTag(*request);
  }
  return tag_.forRequest(*request);
}

bool SlModule::isAckToOwnReply(const SipMessage& ack) {
  if (!ack.isRequest() || ack.method() != "ACK") return false;
  const std::string_view toTag = ack.to().tag;
  if (!toTag.starts_with(tag_.prefix())) return false;
  if (nowMs() - lastReplyMs_.load(std::memory_order_relaxed) > kAckWindow.count()) return false;
  if (!tag_.matches(toTag, ack)) return false;
  counters_.countAbsorbedAck();
  return true;
}

std::string SlModule::replyToTag(const SipMessage& request) const {
  return tag_.forRequest(request);
}

void registerSlStatistics(StatisticsRegistry& registry, const SlCounters& counters) {
  counters.forEachStatistic([&](std::string_view name, std::uint64_t) {
    // Read by name: a handful of atomic loads per statistic, at read time only.
    registry.addStatistic("sl", std::string(name), [&counters, name] {
      std::uint64_t found = 0;
      counters.forEachStatistic([&](std::string_view each, std::uint64_t value) {
        if (each == name) found = value;
      });
      return found;
    });
  });
}

}  // namespace kemid::sl
