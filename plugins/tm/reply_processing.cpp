// Replies from downstream (RFC 3261 §16.7, §17.1): matched to a branch by
// our Via branch and the CSeq method (§17.1.3), relayed upstream, or kept
// until every branch has answered and the best one is chosen.

#include <utility>

#include "core/log.h"
#include "core/message_context.h"
#include "hop_requests.h"
#include "reply_selection.h"
#include "transaction_manager.h"

namespace kemid::tm {

namespace {

constexpr Logger kLog{"tm"};

// RFC 3326: why the other branches are canceled after a 2xx.
constexpr std::string_view kCompletedElsewhere =
    "Reason: SIP;cause=200;text=\"Call completed elsewhere\"\r\n";

// The reason phrase of a final made up locally for a branch.
std::string_view localReason(int code) {
  return code == 408 ? "Request Timeout" : code == 487 ? "Request Terminated" : "";
}

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
  const int code = reply.statusCode();
  SharedText ack;
  Destination branchDestination;
  bool repeatedFinal = false;
  bool cancelNow = false;
  std::string onReply;
  {
    std::lock_guard lock(t->mutex);
    if (index >= t->branches.size()) return;
    Branch& branch = t->branches[index];
    branchDestination = branch.destination;
    if (!branch.pending()) {
      // A retransmitted final (§17.1.1.2: ACK it again), or the real final
      // of a branch that timed out or was canceled here.
      repeatedFinal = true;
      if (t->invite && code >= 300) {
        if (!branch.ack) {
          branch.ack =
              std::make_shared<const std::string>(buildNegativeAck(*branch.request, reply));
        }
        ack = branch.ack;
      }
    } else if (code < 200) {
      branch.lastCode = code;
      if (t->invite) {
        // §17.1.1.2: a provisional stops timer A; fr_inv_timer replaces
        // fr_timer (every time, or for the first and rising codes >= 180).
        branch.retransmitGeneration = t->newGeneration();
        if (branch.lastProvisional == 0 || settings_.restartFrOnEachReply ||
            (code >= 180 && code > branch.lastProvisional)) {
          Millis fr = frInvTimer(*t);
          branch.timeoutAt = now() + fr;
          branch.timeoutGeneration = t->newGeneration();
          schedule(t, TimerKind::BranchTimeout, index, branch.timeoutGeneration, fr);
        }
        cancelNow = branch.cancelWanted && !branch.cancel;
      } else {
        branch.retransmitInterval = settings_.t2;  // §17.1.2.2: Proceeding retransmits at T2
      }
      branch.lastProvisional = code;
    } else {
      branch.lastCode = code;
      branch.finalCode = code;
      branch.retransmitGeneration = t->newGeneration();
      branch.timeoutGeneration = t->newGeneration();
      if (t->invite && code >= 300) {
        // §17.1.1.3: the client transaction ACKs a negative final itself.
        branch.ack = std::make_shared<const std::string>(buildNegativeAck(*branch.request, reply));
        ack = branch.ack;
      }
    }
    onReply = t->script.onReply;
  }
  // Sent before the scripts run, which may take long.
  if (ack) send(branchDestination, *ack);
  if (repeatedFinal) {
    // Every 2xx to an INVITE goes upstream, retransmissions too (§16.7 step 5).
    if (t->invite && code >= 200 && code < 300) relayUpstream(t, reply, code);
    return;
  }
  if (cancelNow) sendCancel(t, index);

  bool dropped = false;
  if (!onReply.empty()) {
    MessageContext replyCtx = ctx;
    bindToTransaction(replyCtx, t);
    replyCtx.routeType = RouteType::OnReply;
    replyCtx.branchIndex = static_cast<int>(index);
    replyCtx.replyCode = code;
    replyCtx.dropped = false;
    {
      std::lock_guard lock(t->mutex);
      replyCtx.useTransactionSlots(t->scriptSlots);
    }
    runRoute(onReply, replyCtx);
    dropped = replyCtx.dropped;
  }

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
  {
    std::lock_guard lock(t->mutex);
    bool firstFinal = sent >= 200 && !t->finalSent();
    if (sent < 200 && t->finalSent()) return;
    if (sent >= 200 || !t->finalSent()) {
      t->lastReply = shared;
      t->lastReplyCode = sent;
    }
    if (firstFinal) finalSentLocked(t, sent);
    to = t->upstream;
  }
  stats_.rplSent.fetch_add(1, std::memory_order_relaxed);
  send(to, *shared);
}

void TransactionManager::completeIfDone(const TransactionPtr& t, std::size_t trigger,
                                        SipMessage* reply) {
  std::size_t winner = trigger;
  int winnerCode = 0;
  std::string onFailure;
  {
    std::lock_guard lock(t->mutex);
    Branch& branch = t->branches[trigger];
    if (t->finalSent()) {
      branch.replied = true;
      return;
    }
    if (t->hasPendingBranch()) {
      // Others still try: keep this reply in case it turns out the best.
      if (reply != nullptr && !branch.finalReply) branch.finalReply = reply->clone();
      branch.replied = true;
      return;
    }
    auto best = pickBestBranch(t->branches);
    if (!best) {
      branch.replied = true;
      return;
    }
    winner = *best;
    winnerCode = t->branches[winner].finalCode;
    // Cleared before it runs: the script re-arms it for another serial step.
    onFailure = std::exchange(t->script.onFailure, {});
  }

  bool hadFailureRoute = !onFailure.empty();
  if (hadFailureRoute) {
    // The failure route works on its own copy of the request as relayed
    // (Kamailio's faked request), with $du and flags as saved.
    MessageContext failureCtx;
    std::unique_ptr<SipMessage> request;
    {
      std::lock_guard lock(t->mutex);
      request = t->request->clone();
      failureCtx.received = t->received;
      failureCtx.dstUri = t->dstUri;
      failureCtx.flags = t->flags;
      failureCtx.useTransactionSlots(t->scriptSlots);
      failureCtx.branchFlags = t->branches[winner].flags;  // the winning branch's
    }
    bindToTransaction(failureCtx, t);
    failureCtx.message = request.get();
    failureCtx.routeType = RouteType::Failure;
    failureCtx.branchIndex = static_cast<int>(winner);
    failureCtx.replyCode = winnerCode;
    runRoute(onFailure, failureCtx);

    std::lock_guard lock(t->mutex);
    Branch& branch = t->branches[trigger];
    bool moreBranches = t->hasPendingBranch();
    if (moreBranches && reply != nullptr && !branch.finalReply) {
      branch.finalReply = reply->clone();  // may still win (failure_reply_mode)
    }
    if (t->finalSent() || moreBranches) {
      branch.replied = true;
      return;
    }
  }

  std::unique_ptr<SipMessage> stored;
  bool local = false;
  bool silent = false;
  {
    std::lock_guard lock(t->mutex);
    t->branches[trigger].replied = true;
    if (t->finalSent()) return;
    Branch& best = t->branches[winner];
    local = best.localFinal;
    if (winner != trigger || reply == nullptr) stored = std::move(best.finalReply);
    // noisy_ctimer=0: an INVITE whose only branch never answered and has no
    // failure route ends without a reply.
    silent = !settings_.noisyCtimer && t->invite && best.timedOut && t->branches.size() == 1 &&
             best.lastProvisional == 0 && !hadFailureRoute;
    if (silent) enterWaitLocked(t);
  }
  if (silent) return;
  if (winner == trigger && reply != nullptr) {
    relayUpstream(t, *reply, winnerCode);
  } else if (stored && !local) {
    relayUpstream(t, *stored, winnerCode);
  } else {
    sendLocalReply(t, winnerCode, localReason(winnerCode));
  }
}

}  // namespace kemid::tm
