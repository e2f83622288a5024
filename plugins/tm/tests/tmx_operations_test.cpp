// What tm does for tmx: transactions answered and cancelled by Call-ID and
// CSeq, flags flushed into a transaction.

#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

constexpr std::string_view kCallId = "a84b4c76e66710@192.0.2.1";

using TmxOperationsTest = TmTest;

TEST_F(TmxOperationsTest, ReplyByCallIdAnswersTheTransactionOnce) {
  receiveRequest(request("MESSAGE", "z9hG4bKmsg1"), [&](MessageContext& ctx) {
    EXPECT_EQ(tm_->newTransaction(ctx), 1);
    EXPECT_EQ(tm_->replyByCallId(kCallId, "2", 404, "x"), -1);
    EXPECT_EQ(tm_->replyByCallId("other@192.0.2.1", "1", 404, "x"), -1);
    EXPECT_EQ(tm_->replyByCallId(kCallId, "one", 404, "x"), -1);
    EXPECT_EQ(tm_->replyByCallId(kCallId, "1", 404, "Replied remotely"), 1);
    EXPECT_EQ(tm_->replyByCallId(kCallId, "1", 405, "again"), -1);
  });
  auto replies = network_.matching("SIP/2.0 ");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].firstLine(), "SIP/2.0 404 Replied remotely");
  EXPECT_EQ(replies[0].to, kCaller);
}

TEST_F(TmxOperationsTest, CancelByCallIdCancelsARingingBranchWithItsReason) {
  std::int64_t canceled = 0;
  std::uint32_t flags = 0;
  routes_.on("failure_route", [&](MessageContext& ctx) {
    canceled = ksr(*tm_, &kemiIsCanceled, ctx);
    flags = ctx.flags;
  });
  receiveRequest(invite(), seedScript());
  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 1u);
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 180, "Ringing")));

  EXPECT_FALSE(tm_->cancelByCallId(kCallId, "2", 0, 0));
  EXPECT_TRUE(tm_->cancelByCallId(kCallId, "1", 22, 200));
  auto cancels = network_.matching("CANCEL ");
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].to, kCallee);
  EXPECT_EQ(cancels[0].parse()->header("Reason"),
            "SIP;cause=200;text=\"Call completed elsewhere\"");
  // No 487 of tm's own: the callee's ends the transaction.
  EXPECT_TRUE(network_.matching("SIP/2.0 487").empty());

  ASSERT_TRUE(receiveReply(calleeReply(cancels[0], 200, "OK")));
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 487, "Request Terminated")));
  EXPECT_EQ(canceled, -1);  // not a CANCEL from upstream
  EXPECT_NE(flags & (1U << 22), 0u);
  EXPECT_EQ(network_.matching("SIP/2.0 487").size(), 1u);
}

TEST_F(TmxOperationsTest, FlushNeedsATransaction) {
  receiveRequest(request("MESSAGE", "z9hG4bKmsg2"), [&](MessageContext& ctx) {
    EXPECT_FALSE(tm_->flushFlags(ctx));
    EXPECT_FALSE(tm_->flushSlots(ctx));
    EXPECT_EQ(tm_->newTransaction(ctx), 1);
    ctx.flags = 1U << 3;
    EXPECT_TRUE(tm_->flushFlags(ctx));
    EXPECT_TRUE(tm_->flushSlots(ctx));
    EXPECT_FALSE(tm_->cancelBranches(ctx, BranchesToCancel::All));  // not an onreply route
    tm_->reply(ctx, 200, "OK");
  });
}

}  // namespace
}  // namespace kemid::tm::test
