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

// What sanity_reply() sends for a message no check failed on.
constexpr int kGenericCode = 500;
constexpr std::string_view kGenericReason = "Server Sanity Failure";

// The reply of a failed check not sent because of noreply, for
// sanity_reply(); it lives as long as the message.
const SlotKey<SanityFailure> kPendingReplySlot{SlotScope::Message};

bool sendReply(const SanityState& state, MessageContext& ctx, int code, std::string_view reason) {
  auto* sl = state.host().findApi<sl::SlApi>();
  if (sl == nullptr) {
    kLog.err("cannot send the ", code, " reply: the sl module is not loaded");
    return false;
  }
  return sl->sendStatelessReply(ctx, code, reason) == sl::ReplyOutcome::Sent;
}

// Never a reply to a reply or to an ACK (RFC 3261 §17.1.1.3).
bool answerable(const SipMessage& message) {
  return message.isRequest() && message.method() != "ACK";
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
  // Debug level: a flood of malformed requests must not flood the log.
  kLog.dbg("sanity check failed for ", message.isRequest() ? message.method() : "a reply", ": ",
           failure->code == 0 ? "no reply" : std::to_string(failure->code) + " " + failure->reason);
  if (failure->code != 0 && answerable(message)) {
    // As Kamailio's reply lumps, the extra header (420's Unsupported) stays
    // with the request: any later reply to it carries it too.
    ctx.replyHeaders += failure->headers;
    if (state->settings().noReply) {
      ctx.emplaceSlot(kPendingReplySlot, *failure);
    } else {
      sendReply(*state, ctx, failure->code, failure->reason);
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
  // Without noreply the failure was answered at once: nothing to do.
  if (!state->settings().noReply) return kPassed;
  MessageContext& ctx = *call.context;
  if (ctx.message == nullptr || !answerable(*ctx.message)) return kFailed;
  // Each call sends (Kamailio 5.6 does, measured): the failed check's reply,
  // or Kamailio's generic one when no check failed.
  const SanityFailure* pending = ctx.findSlot(kPendingReplySlot);
  const bool sent = pending != nullptr ? sendReply(*state, ctx, pending->code, pending->reason)
                                       : sendReply(*state, ctx, kGenericCode, kGenericReason);
  return sent ? kPassed : kFailed;
}

}  // namespace kemid::sanity
