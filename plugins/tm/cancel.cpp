// CANCEL: a received one ends its INVITE's branches (RFC 3261 §16.10), and
// tm cancels branches itself after a 2xx or 6xx (§16.7 steps 5 and 10).
// A CANCEL goes only to a branch that has had a provisional reply (§9.1).

#include "core/log.h"
#include "core/message_context.h"
#include "hop_requests.h"
#include "transaction_manager.h"

namespace kemid::tm {

namespace {

constexpr Logger kLog{"tm"};

}  // namespace

std::optional<int> TransactionManager::relayCancel(MessageContext& ctx, const RelayTarget* target) {
  SipMessage& cancel = *ctx.message;
  TransactionPtr invite = find(cancel, "INVITE");
  if (!invite) {
    switch (settings_.unmatchedCancel) {
      case UnmatchedCancel::Stateful:
        return std::nullopt;
      case UnmatchedCancel::Stateless:
        return relayStateless(ctx, target);
      case UnmatchedCancel::Drop:
        kLog.dbg("dropping a CANCEL that matches no transaction");
        return 1;
    }
  }

  // §16.10: the CANCEL is answered by the proxy itself, in its own
  // transaction, so a retransmitted CANCEL gets the same 200 again.
  MessageBinding& binding = bindRequest(ctx);
  TransactionPtr own = binding.transaction;
  if (!own) {
    Lookup found = findOrCreate(ctx, binding);
    if (found.error != 0) return found.error;
    if (!found.created) {
      resendLastReply(*found.transaction);
      return 1;
    }
    own = found.transaction;
  }
  {
    std::lock_guard lock(own->mutex);
    own->relayed = true;
  }
  // e2e_cancel_reason: the caller's Reason goes into our CANCELs (RFC 3326).
  std::string reason;
  for (const auto& value : cancel.headers("Reason"))
    reason.append("Reason: ").append(value).append("\r\n");
  auto cancelIt = [this, invite, reason = std::move(reason)]() mutable {
    invite->runOrQueue([this, invite, reason = std::move(reason)]() mutable {
      cancelInvite(invite, std::move(reason));
    });
  };
  bool suspended = false;
  {
    std::lock_guard lock(invite->mutex);
    suspended = invite->suspended;
  }
  // A suspended INVITE (t_suspend) gets its 487 before the CANCEL its 200,
  // as in Kamailio (measured).
  if (suspended) cancelIt();
  bool pending = false;
  {
    std::lock_guard lock(invite->mutex);
    pending = !invite->finalSent() && (invite->branches.empty() || invite->hasPendingBranch());
  }
  sendLocalReply(own, 200, pending ? "canceling" : "ok -- no more pending branches",
                 ctx.replyHeaders);
  if (!suspended) cancelIt();
  return 1;
}

void TransactionManager::cancelInvite(const TransactionPtr& t, std::string reasonHeaders) {
  bool noBranch = false;
  {
    std::lock_guard lock(t->mutex);
    if (t->canceled) return;
    t->canceled = true;
    t->cancelReason = std::move(reasonHeaders);
    if (t->finalSent()) return;
    noBranch = t->branches.empty();
  }
  if (noBranch) {
    sendLocalReply(t, 487, "Request canceled");  // nothing sent downstream yet
    return;
  }
  cancelBranches(t, std::nullopt, {});
}

void TransactionManager::cancelBranches(const TransactionPtr& t, std::optional<std::size_t> except,
                                        std::string_view reason) {
  std::vector<std::size_t> cancelNow;
  std::vector<std::size_t> endNow;
  {
    std::lock_guard lock(t->mutex);
    if (!reason.empty()) t->cancelReason = reason;
    for (std::size_t i = 0; i < t->branches.size(); ++i) {
      Branch& branch = t->branches[i];
      if (i == except || !branch.pending() || branch.cancel) continue;
      if (branch.state == ClientState::Proceeding) {
        cancelNow.push_back(i);
        continue;
      }
      switch (settings_.cancelBMethod) {
        case CancelUnrepliedBranch::FakeReply:
          endNow.push_back(i);
          break;
        case CancelUnrepliedBranch::WaitProvisional:
          branch.cancelWanted = true;
          break;
        case CancelUnrepliedBranch::SendCancel:
          cancelNow.push_back(i);
          break;
      }
    }
  }
  for (std::size_t i : cancelNow) sendCancel(t, i);
  for (std::size_t i : endNow) endBranchLocally(t, i, 487, false);
}

void TransactionManager::sendCancel(const TransactionPtr& t, std::size_t index) {
  SharedText text;
  Destination to;
  {
    std::lock_guard lock(t->mutex);
    Branch& branch = t->branches[index];
    if (!branch.pending() || branch.cancel) return;
    branch.cancelWanted = false;
    branch.cancel =
        std::make_shared<const std::string>(buildCancel(*branch.request, t->cancelReason));
    // A non-INVITE client transaction of its own (§9.1, §17.1.2.2).
    branch.cancelInterval = settings_.t1;
    branch.cancelGeneration = t->newGeneration();
    auto branchIndex = static_cast<std::uint32_t>(index);
    if (!reliable(branch.destination)) {
      schedule(t, TimerKind::RetransmitCancel, branchIndex, branch.cancelGeneration, settings_.t1);
    }
    // Wait no longer than fr_timer for the 487 (§9.1 allows 64*T1).
    Millis fr = frTimer(*t);
    if (now() + fr < branch.timeoutAt) {
      branch.timeoutAt = now() + fr;
      branch.timeoutGeneration = t->newGeneration();
      schedule(t, TimerKind::BranchTimeout, branchIndex, branch.timeoutGeneration, fr);
    }
    text = branch.cancel;
    to = branch.destination;
  }
  send(to, *text);
}

void TransactionManager::onCancelReply(const TransactionPtr& t, std::uint32_t index, int code) {
  std::lock_guard lock(t->mutex);
  if (index >= t->branches.size()) return;
  Branch& branch = t->branches[index];
  if (code >= 200) {
    branch.cancelGeneration = t->newGeneration();  // answered: stop retransmitting
  } else {
    branch.cancelInterval = settings_.t2;
  }
}

}  // namespace kemid::tm
