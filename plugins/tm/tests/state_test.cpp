// The RFC 3261 §17 states a transaction and its branches go through, as
// replies, ACKs and timers move them.

#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

class StateTest : public TmTest {
 protected:
  // The states of the transaction of `text` (a request the caller sent).
  std::optional<TransactionManager::States> statesOf(std::string_view text) {
    Received in = received(text);
    return in.message ? tm_->states(*in.message) : std::nullopt;
  }
  ClientState branchState(std::string_view text, std::size_t index = 0) {
    auto states = statesOf(text);
    EXPECT_TRUE(states && index < states->branches.size());
    return states && index < states->branches.size() ? states->branches[index]
                                                     : ClientState::Terminated;
  }
  ServerState serverState(std::string_view text) {
    auto states = statesOf(text);
    EXPECT_TRUE(states);
    return states ? states->server : ServerState::Terminated;
  }
  Sent relay(const std::string& text, std::string_view method) {
    receiveRequest(text, seedScript());
    auto sent = network_.matching(std::string(method) + " ");
    EXPECT_EQ(sent.size(), 1u);
    return sent.empty() ? Sent{} : sent.back();
  }
};

TEST_F(StateTest, InviteBranchRingsThenFailsAndTheAckConfirms) {
  const std::string request = invite();
  Sent relayed = relay(request, "INVITE");
  EXPECT_EQ(serverState(request), ServerState::Proceeding);  // §17.2.1: from the start
  EXPECT_EQ(branchState(request), ClientState::Calling);

  ASSERT_TRUE(receiveReply(calleeReply(relayed, 180, "Ringing")));
  EXPECT_EQ(branchState(request), ClientState::Proceeding);
  EXPECT_EQ(serverState(request), ServerState::Proceeding);

  ASSERT_TRUE(receiveReply(calleeReply(relayed, 486, "Busy Here")));
  EXPECT_EQ(branchState(request), ClientState::Completed);
  EXPECT_EQ(serverState(request), ServerState::Completed);  // the 486 waits for its ACK

  receiveRequest(ackFor("z9hG4bKcaller1", "callee-tag"), seedScript());
  EXPECT_EQ(serverState(request), ServerState::Confirmed);

  advance(5000);  // wt_timer
  EXPECT_FALSE(statesOf(request));
  EXPECT_EQ(tm_->transactionCount(), 0u);
}

TEST_F(StateTest, FrTimerInCallingTerminatesTheBranch) {
  const std::string request = invite();
  relay(request, "INVITE");
  advance(5000);  // fr_timer: nothing ever answered (timer B)
  EXPECT_EQ(branchState(request), ClientState::Terminated);
  EXPECT_EQ(serverState(request), ServerState::Completed);  // the 408 sent upstream
  EXPECT_EQ(network_.matching("SIP/2.0 408").size(), 1u);

  advance(5000);  // fr_timer again: no ACK came (timer H), lingering
  EXPECT_EQ(serverState(request), ServerState::Confirmed);
}

TEST_F(StateTest, SuccessCompletesTheBranchAndConfirmsTheInvite) {
  const std::string request = invite();
  Sent relayed = relay(request, "INVITE");
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 200, "OK")));
  EXPECT_EQ(branchState(request), ClientState::Completed);
  EXPECT_EQ(serverState(request), ServerState::Confirmed);  // lingers for wt_timer
}

TEST_F(StateTest, CancelBeforeAnyReplyTerminatesTheBranch) {
  settings_.cancelBMethod = CancelUnrepliedBranch::FakeReply;
  makeTm();
  const std::string request = invite();
  relay(request, "INVITE");
  receiveRequest(cancelFor(), seedScript());
  EXPECT_EQ(branchState(request), ClientState::Terminated);
  EXPECT_EQ(network_.matching("SIP/2.0 487").size(), 1u);
}

TEST_F(StateTest, NonInviteGoesFromTryingThroughProceedingToCompleted) {
  const std::string options = request("OPTIONS", "z9hG4bKopt1", 2);
  Sent relayed = relay(options, "OPTIONS");
  EXPECT_EQ(serverState(options), ServerState::Trying);  // §17.2.2
  EXPECT_EQ(branchState(options), ClientState::Trying);  // §17.1.2.2

  ASSERT_TRUE(receiveReply(calleeReply(relayed, 100, "Trying")));
  EXPECT_EQ(branchState(options), ClientState::Proceeding);
  EXPECT_EQ(serverState(options), ServerState::Trying);  // a 100 is not relayed

  ASSERT_TRUE(receiveReply(calleeReply(relayed, 183, "Progress")));
  EXPECT_EQ(serverState(options), ServerState::Proceeding);

  ASSERT_TRUE(receiveReply(calleeReply(relayed, 200, "OK")));
  EXPECT_EQ(branchState(options), ClientState::Completed);
  EXPECT_EQ(serverState(options), ServerState::Completed);  // lingers for wt_timer

  advance(5000);
  EXPECT_FALSE(statesOf(options));
}

TEST_F(StateTest, NonInviteTimeoutTerminatesTheBranch) {
  const std::string options = request("OPTIONS", "z9hG4bKopt2", 2);
  relay(options, "OPTIONS");
  advance(5000);  // timer F
  EXPECT_EQ(branchState(options), ClientState::Terminated);
  EXPECT_EQ(serverState(options), ServerState::Completed);
  EXPECT_EQ(network_.matching("SIP/2.0 408").size(), 1u);
}

}  // namespace
}  // namespace kemid::tm::test
