#include "sanity_kemi.h"

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/slot_table.h"
#include "sip/sip_message.h"
#include "sl/sl_api.h"

namespace kemid::sanity {

namespace {

constexpr Logger kLog{"sanity"};

constexpr std::int64_t kPassed = 1;
constexpr std::int64_t kFailed = -1;

// The reply of a failed check not sent because of noreply, for
// sanity_reply(); it lives as long as the message.
const SlotKey<SanityFailure> kPendingReplySlot{SlotScope::Message};

bool sendFailureReply(const SanityState& state, MessageContext& ctx, const SanityFailure& failure) {
  auto* sl = state.host().findApi<sl::SlApi>();
  if (sl == nullptr) {
    kLog.err("cannot send the ", failure.code, " reply: the sl module is not loaded");
    return false;
  }
  // The extra header goes with this reply only.
  const std::string saved = ctx.replyHeaders;
  ctx.replyHeaders += failure.headers;
  const bool sent =
      sl->sendStatelessReply(ctx, failure.code, failure.reason) == sl::ReplyOutcome::Sent;
  ctx.replyHeaders = saved;
  return sent;
}

KemiValue check(KemiCall& call, const SanityOptions& options) {
  const auto* state = static_cast<const SanityState*>(call.state);
  if (call.context == nullptr || call.context->message == nullptr || state == nullptr) {
    return kFailed;
  }
  MessageContext& ctx = *call.context;
  const SipMessage& message = *ctx.message;
  auto failure = checkMessage(message, options);
  if (!failure) return kPassed;
  kLog.info(
      "sanity check failed for ", message.isRequest() ? message.method() : "a reply", ": ",
      failure->code == 0 ? "no reply" : std::to_string(failure->code) + " " + failure->reason);
  // Never a reply to a reply or to an ACK (RFC 3261 §17.1.1.3).
  const bool answerable = failure->code != 0 && message.isRequest() && message.method() != "ACK";
  if (answerable) {
    if (state->settings().noReply) {
      ctx.emplaceSlot(kPendingReplySlot, *failure);
    } else {
      sendFailureReply(*state, ctx, *failure);
    }
  }
  return kFailed;
}

}  // namespace

KemiValue kemiSanityCheck(KemiCall& call) {
  const auto* state = static_cast<const SanityState*>(call.state);
  if (state == nullptr) return kFailed;
  SanityOptions options = state->settings().defaults;
  // KEMI passes the masks as they are (no range check, as Kamailio's KEMI).
  options.messageChecks = static_cast<std::uint32_t>(call.intArg(0));
  options.uriChecks = static_cast<std::uint32_t>(call.intArg(1));
  return check(call, options);
}

KemiValue kemiSanityCheckDefaults(KemiCall& call) {
  const auto* state = static_cast<const SanityState*>(call.state);
  if (state == nullptr) return kFailed;
  return check(call, state->settings().defaults);
}

KemiValue kemiSanityReply(KemiCall& call) {
  const auto* state = static_cast<const SanityState*>(call.state);
  if (call.context == nullptr || state == nullptr) return kFailed;
  MessageContext& ctx = *call.context;
  const SanityFailure* pending = ctx.findSlot(kPendingReplySlot);
  if (pending == nullptr) return kFailed;
  const SanityFailure failure = *pending;
  ctx.eraseSlot(kPendingReplySlot);
  return sendFailureReply(*state, ctx, failure) ? kPassed : kFailed;
}

}  // namespace kemid::sanity
