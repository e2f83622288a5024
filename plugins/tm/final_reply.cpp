// The caller's final once every branch has one (RFC 3261 §16.7 steps 4-6):
// the best branch wins, the failure route may relay again (serial forking)
// or reply itself, else the winner's reply goes upstream.

#include <utility>

#include "core/message_context.h"
#include "reply_selection.h"
#include "transaction_manager.h"

namespace kemid::tm {

namespace {

// The reason phrase of a final made up locally for a branch.
std::string_view localReason(int code) {
  return code == 408 ? "Request Timeout" : code == 487 ? "Request Terminated" : "";
}

// The winner once every branch has its final; nullopt while others still
// try (then `reply` is kept, it may turn out the best) or when t has its
// final already.
std::optional<Winner> pickWinner(const TransactionPtr& t, std::size_t trigger, SipMessage* reply) {
  std::lock_guard lock(t->mutex);
  Branch& branch = t->branches[trigger];
  if (t->finalSent()) {
    branch.replied = true;
    return std::nullopt;
  }
  if (t->hasPendingBranch()) {
    // Others still try: keep this reply in case it turns out the best.
    if (reply != nullptr && !branch.finalReply) branch.finalReply = reply->clone();
    branch.replied = true;
    return std::nullopt;
  }
  auto best = pickBestBranch(t->branches);
  if (!best) {
    branch.replied = true;
    return std::nullopt;
  }
  // onFailure is cleared before it runs: the script re-arms it for another
  // serial step.
  return Winner{.index = *best,
                .code = t->branches[*best].finalCode,
                .onFailure = std::exchange(t->script.onFailure, {})};
}

// After the failure route: true when it relayed again (new branches to wait
// for) or replied itself.
bool failureRouteContinued(const TransactionPtr& t, std::size_t trigger, SipMessage* reply) {
  std::lock_guard lock(t->mutex);
  Branch& branch = t->branches[trigger];
  bool moreBranches = t->hasPendingBranch();
  if (moreBranches && reply != nullptr && !branch.finalReply) {
    branch.finalReply = reply->clone();  // may still win (failure_reply_mode)
  }
  if (!t->finalSent() && !moreBranches) return false;
  branch.replied = true;
  return true;
}

}  // namespace

void TransactionManager::completeIfDone(const TransactionPtr& t, std::size_t trigger,
                                        SipMessage* reply) {
  auto winner = pickWinner(t, trigger, reply);
  if (!winner) return;
  if (!winner->onFailure.empty()) {
    runFailureRoute(t, *winner);
    if (failureRouteContinued(t, trigger, reply)) return;
  }
  sendWinner(t, trigger, *winner, reply);
}

std::unique_ptr<SipMessage> TransactionManager::prepareFailureContext(
    const TransactionPtr& t, MessageContext& ctx, std::optional<std::size_t> branch) {
  std::unique_ptr<SipMessage> request;
  {
    std::lock_guard lock(t->mutex);
    request = t->request->clone();
    ctx.received = t->received;
    ctx.dstUri = t->dstUri;
    ctx.flags = t->flags;
    ctx.useTransactionSlots(t->scriptSlots);
    if (branch) ctx.branchFlags = t->branches[*branch].flags;
  }
  ctx.message = request.get();
  return request;
}

void TransactionManager::runFailureRoute(const TransactionPtr& t, const Winner& winner) {
  MessageContext failureCtx;
  auto request = prepareFailureContext(t, failureCtx, winner.index);  // the winning branch's
  runTransactionRoute(t, winner.onFailure, RouteType::Failure, winner.index, winner.code,
                      failureCtx);
}

void TransactionManager::sendWinner(const TransactionPtr& t, std::size_t trigger,
                                    const Winner& winner, SipMessage* reply) {
  std::unique_ptr<SipMessage> stored;
  bool local = false;
  bool silent = false;
  {
    std::lock_guard lock(t->mutex);
    t->branches[trigger].replied = true;
    if (t->finalSent()) return;
    Branch& best = t->branches[winner.index];
    local = best.state == ClientState::Terminated;
    if (winner.index != trigger || reply == nullptr) stored = std::move(best.finalReply);
    // noisy_ctimer=0: an INVITE whose only branch never answered and has no
    // failure route ends without a reply; so does one the script dropped.
    silent = !settings_.noisyCtimer && t->invite && best.timedOut && t->branches.size() == 1 &&
             best.lastProvisional == 0 && winner.onFailure.empty();
    silent = silent || t->dropped;
    if (silent) lingerLocked(t);
  }
  if (silent) return;
  if (winner.index == trigger && reply != nullptr) {
    relayUpstream(t, *reply, winner.code);
  } else if (stored && !local) {
    relayUpstream(t, *stored, winner.code);
  } else {
    sendLocalReply(t, winner.code, localReason(winner.code));
  }
}

void TransactionManager::onReplyOut(ReplyOutCallback callback, ReplyOutFilter filter) {
  replyOutCallbacks_.push_back({std::move(callback), filter});
}

void TransactionManager::reportReplyOut(const TransactionPtr& t, int code, std::string_view reason,
                                        const SipMessage* reply) {
  if (replyOutCallbacks_.empty()) return;
  const bool provisional = code < 200;
  std::vector<const ReplyOutHandler*> wanted;
  // The callbacks see the request as the failure route does: a copy, with
  // the transaction's source, $du, flags and slots.
  MessageContext requestCtx;
  std::unique_ptr<SipMessage> request;
  {
    std::lock_guard lock(t->mutex);
    for (const ReplyOutHandler& handler : replyOutCallbacks_) {
      const ReplyOutFilter& filter = handler.filter;
      if ((!provisional || filter.provisional) &&
          (filter.anyOfFlags == 0 || (t->flags & filter.anyOfFlags) != 0)) {
        wanted.push_back(&handler);
      }
    }
    if (wanted.empty()) return;
    request = t->request->clone();
    requestCtx.received = t->received;
    requestCtx.dstUri = t->dstUri;
    requestCtx.flags = t->flags;
    requestCtx.useTransactionSlots(t->scriptSlots);
  }
  requestCtx.message = request.get();
  const ReplyOutEvent event{.request = requestCtx, .code = code, .reason = reason, .reply = reply};
  for (const ReplyOutHandler* handler : wanted) handler->callback(event);
}

}  // namespace kemid::tm
