// What each of tm's timers does when it fires (see timers.h for the kinds).
// Runs in the timer thread; an entry whose generation is no longer the
// transaction's current one for that timer has been stopped and does nothing.

#include "core/message_context.h"
#include "transaction_manager.h"

namespace kemid::tm {

namespace {

// How long a timer that needs the transaction's strand waits when another
// thread is inside.
constexpr Millis kBusyRetry{10};

}  // namespace

void TransactionManager::onTimer(const TimerEntry& entry) {
  TransactionPtr t = entry.transaction.lock();
  if (!t) return;
  switch (entry.kind) {
    case TimerKind::RetransmitRequest:
      retransmitRequest(t, entry);
      break;
    case TimerKind::BranchTimeout:
      branchTimeout(t, entry);
      break;
    case TimerKind::RetransmitCancel:
      retransmitCancel(t, entry);
      break;
    case TimerKind::RetransmitReply:
      retransmitFinal(t, entry);
      break;
    case TimerKind::AckWait:
      ackWaitOver(t, entry);
      break;
    case TimerKind::Wait:
      waitOver(t, entry);
      break;
    case TimerKind::Lifetime:
      lifetimeOver(t, entry);
      break;
    case TimerKind::SuspensionTimeout:
      suspensionOver(t, entry);
      break;
  }
}

void TransactionManager::retransmitRequest(const TransactionPtr& t, const TimerEntry& entry) {
  SharedText text;
  Destination to;
  {
    std::lock_guard lock(t->mutex);
    if (entry.branch >= t->branches.size()) return;
    Branch& branch = t->branches[entry.branch];
    if (branch.retransmitGeneration != entry.generation || !branch.pending()) return;
    // §17.1.2.2 timer E doubles up to T2, and stays at T2 once a
    // provisional came. §17.1.1.2 timer A would double without bound; like
    // Kamailio, INVITEs are capped at T2 too (0.5, 1, 2, 4, 4, ... s).
    Millis next = std::min(branch.retransmitInterval * 2, settings_.t2);
    if (!t->invite && branch.state == ClientState::Proceeding) next = settings_.t2;
    branch.retransmitInterval = next;
    schedule(t, TimerKind::RetransmitRequest, entry.branch, entry.generation, next);
    text = branch.request;
    to = branch.destination;
  }
  send(to, *text);
}

void TransactionManager::retransmitCancel(const TransactionPtr& t, const TimerEntry& entry) {
  SharedText text;
  Destination to;
  {
    std::lock_guard lock(t->mutex);
    if (entry.branch >= t->branches.size()) return;
    Branch& branch = t->branches[entry.branch];
    // Done once the CANCEL is answered or the INVITE got a real final.
    if (branch.cancelGeneration != entry.generation || !branch.cancel) return;
    if (branch.state == ClientState::Completed) return;
    branch.cancelInterval = std::min(branch.cancelInterval * 2, settings_.t2);
    schedule(t, TimerKind::RetransmitCancel, entry.branch, entry.generation, branch.cancelInterval);
    text = branch.cancel;
    to = branch.destination;
  }
  send(to, *text);
}

void TransactionManager::retransmitFinal(const TransactionPtr& t, const TimerEntry& entry) {
  SharedText text;
  Destination to;
  {
    std::lock_guard lock(t->mutex);
    if (t->replyGeneration != entry.generation || !t->awaitingAck()) return;
    // §17.2.1 timer G: doubles up to T2.
    t->replyInterval = std::min(t->replyInterval * 2, settings_.t2);
    schedule(t, TimerKind::RetransmitReply, 0, entry.generation, t->replyInterval);
    text = t->lastReply;
    to = t->upstream;
  }
  if (text) send(to, *text);
}

void TransactionManager::branchTimeout(const TransactionPtr& t, const TimerEntry& entry) {
  if (!t->tryEnter()) {
    timers_.schedule(TimerEntry{now() + kBusyRetry, t, entry.kind, entry.branch, entry.generation});
    return;
  }
  bool current = false;
  {
    std::lock_guard lock(t->mutex);
    current = entry.branch < t->branches.size() &&
              t->branches[entry.branch].timeoutGeneration == entry.generation &&
              t->branches[entry.branch].pending();
  }
  if (current) endBranchLocally(t, entry.branch, 408, true);
  t->leave();
}

void TransactionManager::lifetimeOver(const TransactionPtr& t, const TimerEntry& entry) {
  if (!t->tryEnter()) {
    timers_.schedule(TimerEntry{now() + kBusyRetry, t, entry.kind, entry.branch, entry.generation});
    return;
  }
  std::vector<std::size_t> pending;
  bool unanswered = false;
  {
    std::lock_guard lock(t->mutex);
    if (t->lifetimeGeneration == entry.generation) {
      for (std::size_t i = 0; i < t->branches.size(); ++i) {
        if (t->branches[i].pending()) pending.push_back(i);
      }
      unanswered = pending.empty() && t->answering();
    }
  }
  // The whole transaction's time is up: what still waits times out.
  for (std::size_t i : pending) endBranchLocally(t, i, 408, true);
  if (unanswered) {
    std::lock_guard lock(t->mutex);
    lingerLocked(t);
  }
  t->leave();
}

void TransactionManager::endBranchLocally(const TransactionPtr& t, std::size_t index, int code,
                                          bool timeout) {
  bool cancelIt = false;
  {
    std::lock_guard lock(t->mutex);
    const Branch& branch = t->branches[index];
    if (!branch.pending()) return;
    // An INVITE branch that rang gets a CANCEL when it times out (as Kamailio).
    cancelIt = timeout && t->invite && branch.state == ClientState::Proceeding;
  }
  if (cancelIt) sendCancel(t, index);
  {
    std::lock_guard lock(t->mutex);
    if (!endBranchLocked(t, index, code, timeout)) return;
  }
  completeIfDone(t, index, nullptr);
}

}  // namespace kemid::tm
