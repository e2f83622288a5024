// A branch's client transaction state changes (RFC 3261 §17.1), each in one
// function, all called with t.mutex held. See ClientState in transaction.h.

#include "hop_requests.h"
#include "transaction_manager.h"

namespace kemid::tm {

void TransactionManager::branchSentLocked(const TransactionPtr& t, std::uint32_t index) {
  Branch& branch = t->branches[index];
  // §17.1.1.2 -> Calling, §17.1.2.2 -> Trying: timer A / E start at T1,
  // fr_timer bounds the wait for any reply (timers B, F).
  branch.state = t->invite ? ClientState::Calling : ClientState::Trying;
  branch.retransmitInterval = settings_.t1;
  branch.retransmitGeneration = t->newGeneration();
  if (!reliable(branch.destination)) {
    schedule(t, TimerKind::RetransmitRequest, index, branch.retransmitGeneration, settings_.t1);
  }
  Millis fr = frTimer(*t);
  branch.timeoutAt = now() + fr;
  branch.timeoutGeneration = t->newGeneration();
  schedule(t, TimerKind::BranchTimeout, index, branch.timeoutGeneration, fr);
}

bool TransactionManager::provisionalReceivedLocked(const TransactionPtr& t, std::uint32_t index,
                                                   int code) {
  Branch& branch = t->branches[index];
  bool cancelNow = false;
  if (t->invite) {
    // §17.1.1.2: a provisional stops timer A; fr_inv_timer replaces
    // fr_timer (every time, or for the first and rising codes >= 180).
    branch.retransmitGeneration = t->newGeneration();
    if (branch.state == ClientState::Calling || settings_.restartFrOnEachReply ||
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
  branch.state = ClientState::Proceeding;
  return cancelNow;
}

SharedText TransactionManager::finalReceivedLocked(const TransactionPtr& t, std::uint32_t index,
                                                   const SipMessage& reply) {
  Branch& branch = t->branches[index];
  // §17.1.1.2, §17.1.2.2: -> Completed; the final stops the timers.
  branch.state = ClientState::Completed;
  branch.finalCode = reply.statusCode();
  branch.retransmitGeneration = t->newGeneration();
  branch.timeoutGeneration = t->newGeneration();
  if (!t->invite || branch.finalCode < 300) return nullptr;
  // §17.1.1.3: the client transaction ACKs a negative final itself.
  branch.ack = std::make_shared<const std::string>(buildNegativeAck(*branch.request, reply));
  return branch.ack;
}

SharedText TransactionManager::finalRepeatedLocked(const TransactionPtr& t, std::uint32_t index,
                                                   const SipMessage& reply) {
  Branch& branch = t->branches[index];
  // §17.1.1.2: a retransmitted negative final is ACKed again. So is the
  // first real final of a branch Terminated here.
  if (!t->invite || reply.statusCode() < 300) return nullptr;
  if (!branch.ack) {
    branch.ack = std::make_shared<const std::string>(buildNegativeAck(*branch.request, reply));
  }
  return branch.ack;
}

bool TransactionManager::endBranchLocked(const TransactionPtr& t, std::size_t index, int code,
                                         bool timeout) {
  Branch& branch = t->branches[index];
  if (!branch.pending()) return false;
  // -> Terminated with a final made up here (timeout or cancel, see
  // ClientState::Terminated).
  branch.state = ClientState::Terminated;
  branch.finalCode = code;
  branch.timedOut = timeout;
  branch.retransmitGeneration = t->newGeneration();
  branch.timeoutGeneration = t->newGeneration();
  return true;
}

}  // namespace kemid::tm
