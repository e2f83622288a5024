// Replies from downstream (RFC 3261 §16.7, §17.1): matched to a branch by
// our Via branch and the CSeq method (§17.1.3), relayed upstream, or kept
// until every branch has answered and the best one is chosen
// (final_reply.cpp).

#include "core/log.h"
#include "core/message_context.h"
#include "transaction_manager.h"

namespace kemid::tm {

namespace {

constexpr Logger kLog{"tm"};

// RFC 3326: why the other branches are canceled after a 2xx.
constexpr std::string_view kCompletedElsewhere =
    "Reason: SIP;cause=200;text=\"Call completed elsewhere\"\r\n";

// Rewrites the status code of a reply's wire text in place: "SIP/2.0 503 ...".
void rewriteStatus(std::string& text, int code) {
  constexpr std::string_view kVersion = "SIP/2.0 ";
  if (text.size() > kVersion.size() + 3 && text.starts_with(kVersion)) {
    text.replace(kVersion.size(), 3, std::to_string(code));
  }
}

}  // namespace

HookVerdict TransactionManager::onReply(MessageContext& ctx) {
  SipMessage* reply = ctx.message;
  if (reply == nullptr || reply->isRequest()) return HookVerdict::Pass;
  auto via = reply->topVia();
  auto ref = via ? parseBranch(via->branch) : std::nullopt;
  TransactionPtr t = ref ? table_.findByBranchBase(ref->base) : nullptr;
  if (!t) return offerToSlReplyRoute(ctx);
  std::string_view method = reply->cseqMethod();
  if (method == "CANCEL" && t->invite) {
    onCancelReply(t, ref->index, reply->statusCode());
    return HookVerdict::Taken;
  }
  if (method != t->method) return offerToSlReplyRoute(ctx);
  stats_.rplReceived.fetch_add(1, std::memory_order_relaxed);

  std::uint32_t index = ref->index;
  if (t->tryEnter()) {
    processReply(t, index, ctx);
    t->leave();
    return HookVerdict::Taken;
  }
  // Another thread is inside this transaction (a failure route on the timer
  // thread): it handles a copy of the reply when it is done.
  std::shared_ptr<SipMessage> copy = reply->clone();
  ReceiveInfo received = ctx.received;
  t->runOrQueue([this, t, index, copy, received] {
    MessageContext queued;
    queued.message = copy.get();
    queued.received = received;
    queued.routeType = RouteType::Reply;
    processReply(t, index, queued);
  });
  return HookVerdict::Taken;
}

HookVerdict TransactionManager::offerToSlReplyRoute(MessageContext& ctx) {
  if (settings_.onSlReply.empty()) return HookVerdict::Pass;
  MessageContext slCtx = ctx;
  slCtx.dropped = false;
  runRoute(settings_.onSlReply, slCtx);
  // Dropped: not forwarded statelessly.
  return slCtx.dropped ? HookVerdict::Absorbed : HookVerdict::Pass;
}

void TransactionManager::processReply(const TransactionPtr& t, std::uint32_t index,
                                      MessageContext& ctx) {
  SipMessage& reply = *ctx.message;
  auto effect = applyToBranch(t, index, reply);
  if (!effect) return;
  // Sent before the scripts run, which may take long.
  if (effect->ack) send(effect->destination, *effect->ack);
  if (effect->repeated) {
    // Every 2xx to an INVITE goes upstream, retransmissions too (§16.7 step 5).
    int code = reply.statusCode();
    if (t->invite && code >= 200 && code < 300) relayUpstream(t, reply, code);
    return;
  }
  if (effect->cancelNow) sendCancel(t, index);
  bool dropped = !effect->onReply.empty() && runOnReplyRoute(t, index, effect->onReply, ctx);
  forwardReply(t, index, reply, dropped);
}

std::optional<TransactionManager::ReplyEffect> TransactionManager::applyToBranch(
    const TransactionPtr& t, std::uint32_t index, const SipMessage& reply) {
  std::lock_guard lock(t->mutex);
  if (index >= t->branches.size()) return std::nullopt;
  ReplyEffect effect;
  effect.destination = t->branches[index].destination;
  effect.onReply = t->script.onReply;
  if (!t->branches[index].pending()) {
    effect.repeated = true;
    effect.ack = finalRepeatedLocked(t, index, reply);
  } else if (reply.statusCode() < 200) {
    effect.cancelNow = provisionalReceivedLocked(t, index, reply.statusCode());
  } else {
    effect.ack = finalReceivedLocked(t, index, reply);
  }
  return effect;
}

bool TransactionManager::runOnReplyRoute(const TransactionPtr& t, std::uint32_t index,
                                         const std::string& onReply, const MessageContext& ctx) {
  MessageContext replyCtx = ctx;
  {
    std::lock_guard lock(t->mutex);
    replyCtx.useTransactionSlots(t->scriptSlots);
  }
  return runTransactionRoute(t, onReply, RouteType::OnReply, index, ctx.message->statusCode(),
                             replyCtx);
}

void TransactionManager::forwardReply(const TransactionPtr& t, std::uint32_t index,
                                      SipMessage& reply, bool dropped) {
  const int code = reply.statusCode();
  if (code < 200) {
    // A drop in the onreply route holds back provisionals only.
    if (dropped || (code == 100 && !settings_.relay100)) return;
    relayUpstream(t, reply, code);
    return;
  }
  if (code < 300) {
    relayUpstream(t, reply, code);
    if (t->invite) cancelBranches(t, index, kCompletedElsewhere);  // §16.7 step 10
    return;
  }
  if (code >= 600 && t->invite && !settings_.disable6xxBlock) {
    cancelBranches(t, index, "");  // §16.7 step 5: a 6xx ends the search
  }
  completeIfDone(t, index, &reply);
}

void TransactionManager::relayUpstream(const TransactionPtr& t, SipMessage& reply, int code) {
  {
    std::lock_guard lock(t->mutex);
    // One final per transaction, except that every 2xx to an INVITE goes
    // through (§16.7 step 5); nothing provisional after a final.
    if (t->finalSent() && !(t->invite && code >= 200 && code < 300)) return;
    // Ours removed (§16.7 step 3), the rest as the caller sent them: taken
    // from the request, not from what the callee echoed, so a callee that
    // returns a broken Via list cannot leave the caller without its reply.
    reply.replaceViasWith(*t->request);
  }
  std::string text = reply.wireText();
  if (text.empty()) return;
  int sent = code;
  if (code == 503 && settings_.remap503To500) {
    // §16.7 step 6: a 503 from downstream is not the proxy's own overload.
    sent = 500;
    rewriteStatus(text, sent);
  }
  auto shared = std::make_shared<const std::string>(std::move(text));
  Destination to;
  bool firstFinal = false;
  {
    std::lock_guard lock(t->mutex);
    firstFinal = sent >= 200 && !t->finalSent();
    if (sent < 200 && t->finalSent()) return;
    if (sent >= 200 || !t->finalSent()) {
      t->lastReply = shared;
      t->lastReplyCode = sent;
    }
    if (firstFinal) finalSentLocked(t, sent);
    if (sent < 200) provisionalSentLocked(t);
    to = t->upstream;
  }
  stats_.rplSent.fetch_add(1, std::memory_order_relaxed);
  send(to, *shared);
  if (firstFinal || sent < 200) reportReplyOut(t, sent, reply.reason(), &reply);
}

}  // namespace kemid::tm
