// CANCEL handling (RFC 3261 §9.2, §16.10), as Kamailio's tm.

#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

class CancelTest : public TmTest {
 protected:
  Sent relayInvite() {
    receiveRequest(invite(), seedScript());
    auto invites = network_.matching("INVITE ");
    EXPECT_EQ(invites.size(), 1u);
    return invites.empty() ? Sent{} : invites.back();
  }

  // The caller cancels; returns t_check_trans and t_relay as the script saw them.
  std::pair<std::int64_t, std::int64_t> cancel() {
    std::pair<std::int64_t, std::int64_t> seen;
    receiveRequest(cancelFor(), [&](MessageContext& ctx) {
      seen.first = ksr(*tm_, &kemiCheckTrans, ctx);
      seedScript()(ctx);
      seen.second = lastRelay;
    });
    return seen;
  }
};

TEST_F(CancelTest, CancelAfterRingingIsAnsweredPropagatedAnd487Relayed) {
  std::int64_t canceled = 0;
  routes_.on("failure_route",
             [&](MessageContext& ctx) { canceled = ksr(*tm_, &kemiIsCanceled, ctx); });
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 180, "Ringing")));

  auto [checked, relayResult] = cancel();
  EXPECT_EQ(checked, 1);
  EXPECT_EQ(relayResult, 1);

  auto ok = network_.matching("SIP/2.0 200");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].firstLine(), "SIP/2.0 200 canceling");
  EXPECT_EQ(ok[0].to, kCaller);
  auto okMessage = ok[0].parse();
  EXPECT_EQ(okMessage->header("CSeq"), "1 CANCEL");
  EXPECT_FALSE(okMessage->to().tag.empty());

  auto cancels = network_.matching("CANCEL ");
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].to, kCallee);
  EXPECT_EQ(cancels[0].firstLine(), "CANCEL sip:bob@biloxi.example.com SIP/2.0");
  auto downstreamCancel = cancels[0].parse();
  ASSERT_EQ(downstreamCancel->viaCount(), 1u);
  EXPECT_EQ(downstreamCancel->topVia()->branch, relayed.parse()->topVia()->branch);  // §9.1
  EXPECT_EQ(downstreamCancel->header("CSeq"), "1 CANCEL");
  EXPECT_TRUE(downstreamCancel->to().tag.empty());

  // The callee's 200 for the CANCEL is absorbed (and stops its retransmission).
  ASSERT_TRUE(receiveReply(calleeReply(cancels[0], 200, "OK")));
  EXPECT_EQ(network_.matching("SIP/2.0 200").size(), 1u);
  advance(500);
  EXPECT_EQ(network_.matching("CANCEL ").size(), 1u);

  ASSERT_TRUE(receiveReply(calleeReply(relayed, 487, "Request Terminated")));
  EXPECT_EQ(network_.matching("ACK ").size(), 1u);
  auto terminated = network_.matching("SIP/2.0 487");
  ASSERT_EQ(terminated.size(), 1u);
  EXPECT_EQ(terminated[0].to, kCaller);
  auto failure = routes_.runsOf("failure_route");
  ASSERT_EQ(failure.size(), 1u);
  EXPECT_EQ(failure[0].replyCode, 487);
  EXPECT_EQ(canceled, 1);

  // A retransmitted CANCEL gets the same 200 again.
  cancel();
  auto oks = network_.matching("SIP/2.0 200");
  ASSERT_EQ(oks.size(), 2u);
  EXPECT_EQ(oks[0].data, oks[1].data);
  EXPECT_EQ(network_.matching("CANCEL ").size(), 1u);
}

TEST_F(CancelTest, CancelBeforeAnyReplyWaitsForAProvisional) {
  Sent relayed = relayInvite();
  cancel();
  EXPECT_EQ(network_.matching("SIP/2.0 200 canceling").size(), 1u);
  EXPECT_TRUE(network_.matching("CANCEL ").empty());  // §9.1: not before a provisional
  advance(500);
  EXPECT_EQ(network_.matching("INVITE ").size(), 2u);  // cancel_b_method 1: keeps trying

  ASSERT_TRUE(receiveReply(calleeReply(relayed, 180, "Ringing")));
  EXPECT_EQ(network_.matching("CANCEL ").size(), 1u);
}

TEST_F(CancelTest, CancelBeforeAnyReplyWithFakeReplyMethod) {
  settings_.cancelBMethod = CancelUnrepliedBranch::FakeReply;
  makeTm();
  relayInvite();
  cancel();
  EXPECT_TRUE(network_.matching("CANCEL ").empty());
  auto terminated = network_.matching("SIP/2.0 487");
  ASSERT_EQ(terminated.size(), 1u);
  EXPECT_EQ(terminated[0].firstLine(), "SIP/2.0 487 Request Terminated");
}

TEST_F(CancelTest, CancelRightAwayMethod) {
  settings_.cancelBMethod = CancelUnrepliedBranch::SendCancel;
  makeTm();
  relayInvite();
  cancel();
  EXPECT_EQ(network_.matching("CANCEL ").size(), 1u);
}

TEST_F(CancelTest, CancelOfTransactionWithoutBranchesAnswers487) {
  receiveRequest(invite(), [&](MessageContext& ctx) {
    ksr(*tm_, &kemiNewTran, ctx);
    ksr(*tm_, &kemiReply, ctx, {std::int64_t{180}, std::string_view("Ringing")});
  });
  cancel();
  EXPECT_EQ(network_.matching("SIP/2.0 200 canceling").size(), 1u);
  auto terminated = network_.matching("SIP/2.0 487");
  ASSERT_EQ(terminated.size(), 1u);
  EXPECT_EQ(terminated[0].firstLine(), "SIP/2.0 487 Request canceled");
}

TEST_F(CancelTest, CancelAfterTheFinalReply) {
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 200, "OK")));
  cancel();
  auto ok = network_.matching("SIP/2.0 200 ok -- no more pending branches");
  EXPECT_EQ(ok.size(), 1u);
  EXPECT_TRUE(network_.matching("CANCEL ").empty());
}

TEST_F(CancelTest, UnmatchedCancelIsRelayedStatefully) {
  auto [checked, relayResult] = cancel();
  EXPECT_EQ(checked, -1);
  EXPECT_EQ(relayResult, 1);
  auto cancels = network_.matching("CANCEL ");
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].parse()->viaCount(), 2u);
  EXPECT_EQ(tm_->stats().total.load(), 1u);
}

TEST_F(CancelTest, UnmatchedCancelStatelessOrDropped) {
  settings_.unmatchedCancel = UnmatchedCancel::Stateless;
  makeTm();
  cancel();
  EXPECT_EQ(network_.matching("CANCEL ").size(), 1u);
  EXPECT_EQ(tm_->stats().total.load(), 0u);

  settings_.unmatchedCancel = UnmatchedCancel::Drop;
  makeTm();
  network_.clear();
  cancel();
  EXPECT_EQ(network_.count(), 0u);
}

}  // namespace
}  // namespace kemid::tm::test
