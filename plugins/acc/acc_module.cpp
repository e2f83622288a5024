#include "acc_module.h"

#include <string>
#include <utility>

#include "core/message_context.h"
#include "core/module_host.h"
#include "pv/pv_api.h"
#include "sip/sip_message.h"

namespace kemid::acc {

namespace {

constexpr Logger kLog{"acc"};

}  // namespace

AccModule::AccModule(AccSettings settings, const ModuleHost& host, Sink sink, Clock clock)
    : settings_(std::move(settings)),
      host_(host),
      sink_(std::move(sink)),
      clock_(std::move(clock)) {
  if (!sink_) sink_ = [](LogLevel level, const std::string& line) { kLog.log(level, line); };
  if (!clock_) clock_ = [] { return std::time(nullptr); };
}

pv::PvApi* AccModule::pv() const {
  pv::PvApi* api = pv_.load(std::memory_order_acquire);
  if (api == nullptr) {
    api = host_.findApi<pv::PvApi>();
    pv_.store(api, std::memory_order_release);
  }
  return api;
}

bool AccModule::flagSet(const MessageContext& ctx, const std::optional<int>& flag) const {
  return flag && (ctx.flags & (1u << *flag)) != 0;
}

AccRecord AccModule::recordOf(MessageContext& ctx) const {
  const SipMessage& request = *ctx.message;
  AccRecord record;
  record.method = std::string(request.method());
  record.fromTag = std::string(request.from().tag);
  record.toTag = std::string(request.to().tag);
  record.callId = request.callId();
  for (const ExtraField& field : settings_.logExtra) {
    pv::PvApi* api = pv();
    std::optional<pv::PvValue> value = api ? api->get(field.pv, ctx) : std::nullopt;
    // A null value (or a name pv does not know, logged by pv) is empty.
    record.extra.emplace_back(field.name, value ? value->toText() : std::string());
  }
  return record;
}

void AccModule::write(AccEvent event, const AccRecord& record) const {
  sink_(settings_.logLevel, formatAccLine(event, clock_(), record));
}

bool AccModule::answers(const MessageContext& ctx, const tm::ReplyOutEvent& event) const {
  if (event.code < 200) {
    // Early media: a relayed provisional with a body.
    return settings_.earlyMedia && event.reply != nullptr && !event.reply->body().empty();
  }
  if (event.code < 300) return true;
  // A negative final is accounted only when the request also asked for
  // failed transactions and its code is not filtered out.
  return flagSet(ctx, settings_.failedFlag) && !settings_.failedFilter.contains(event.code);
}

void AccModule::onReplyOut(const tm::ReplyOutEvent& event) {
  MessageContext& ctx = event.request;
  if (ctx.message == nullptr) return;
  const std::string_view method = ctx.message->method();
  if (method == "CANCEL" && !settings_.reportCancels) return;
  const bool missed =
      method == "INVITE" && event.code >= 300 && flagSet(ctx, settings_.logMissedFlag);
  const bool answered = flagSet(ctx, settings_.logFlag) && answers(ctx, event);
  if (!missed && !answered) return;

  AccRecord record = recordOf(ctx);
  record.code = std::to_string(event.code);
  if (event.reply != nullptr) {
    record.toTag = std::string(event.reply->to().tag);
    record.reason = std::string(event.reply->reason());
  } else {
    record.reason = std::string(standardReason(event.code));
  }
  if (missed) write(AccEvent::Missed, record);
  if (answered) write(AccEvent::Answered, record);
}

bool AccModule::logRequest(MessageContext& ctx, std::string_view comment) {
  if (comment.empty() || ctx.message == nullptr || !ctx.message->isRequest()) {
    kLog.err("acc_log_request: invalid parameters");
    return false;
  }
  AccRecord record = recordOf(ctx);
  applyComment(comment, record);
  write(AccEvent::Request, record);
  return true;
}

}  // namespace kemid::acc
