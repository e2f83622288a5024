// The server transaction's state changes (RFC 3261 §17.2), each in one
// function. See ServerState in transaction.h.

#include "transaction_manager.h"

namespace kemid::tm {

void TransactionManager::provisionalSentLocked(const TransactionPtr& t) {
  // §17.2.2: Trying -> Proceeding once the TU sends a provisional.
  if (t->state == ServerState::Trying) t->state = ServerState::Proceeding;
}

void TransactionManager::finalSentLocked(const TransactionPtr& t, int code) {
  int cls = code / 100;
  if (cls >= 2 && cls <= 6) stats_.completed[cls].fetch_add(1, std::memory_order_relaxed);
  if (!t->answering()) return;  // released already (t_release)
  if (t->invite && code >= 300) {
    // §17.2.1: Proceeding -> Completed; timer G retransmits the negative
    // final until the ACK, fr_timer (Kamailio's stand-in for timer H)
    // bounds the wait.
    t->state = ServerState::Completed;
    stats_.awaitingAck.fetch_add(1, std::memory_order_relaxed);
    t->replyInterval = settings_.t1;
    t->replyGeneration = t->newGeneration();
    if (!reliable(t->upstream)) {
      schedule(t, TimerKind::RetransmitReply, 0, t->replyGeneration, settings_.t1);
    }
    t->stateGeneration = t->newGeneration();
    schedule(t, TimerKind::AckWait, 0, t->stateGeneration, frTimer(*t));
    return;
  }
  lingerLocked(t);
}

bool TransactionManager::absorbAck(const TransactionPtr& t) {
  std::lock_guard lock(t->mutex);
  if (t->lastReplyCode >= 200 && t->lastReplyCode < 300) return false;
  // §17.2.1: Completed -> Confirmed; the ACK ends timer G.
  if (t->awaitingAck()) lingerLocked(t);
  return true;
}

void TransactionManager::lingerLocked(const TransactionPtr& t) {
  // §17.2.1 Completed -> Confirmed (timer I), §17.2.2 -> Completed (timer
  // J): both wait wt_timer, absorbing retransmissions.
  if (t->lingering() || t->state == ServerState::Terminated) return;
  if (t->awaitingAck()) stats_.awaitingAck.fetch_sub(1, std::memory_order_relaxed);
  t->state = t->invite ? ServerState::Confirmed : ServerState::Completed;
  t->replyGeneration = t->newGeneration();  // no more reply retransmissions
  t->stateGeneration = t->newGeneration();
  stats_.waiting.fetch_add(1, std::memory_order_relaxed);
  schedule(t, TimerKind::Wait, 0, t->stateGeneration, settings_.wtTimer);
}

void TransactionManager::ackWaitOver(const TransactionPtr& t, const TimerEntry& entry) {
  std::lock_guard lock(t->mutex);
  if (t->stateGeneration != entry.generation || !t->awaitingAck()) return;
  // Timer H: Kamailio lingers as after an ACK, where §17.2.1 ends at once.
  lingerLocked(t);
}

void TransactionManager::waitOver(const TransactionPtr& t, const TimerEntry& entry) {
  {
    std::lock_guard lock(t->mutex);
    if (t->stateGeneration != entry.generation || !t->lingering()) return;
    // Timers I, J fired: -> Terminated.
    t->state = ServerState::Terminated;
  }
  table_.remove(*t);
  stats_.current.fetch_sub(1, std::memory_order_relaxed);
  stats_.waiting.fetch_sub(1, std::memory_order_relaxed);
  stats_.freed.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace kemid::tm
