// t_suspend / t_continue as tmx asks tm for them (TmApi::suspend, resume):
// a suspended INVITE sends 100 only and outlives its request route; the
// function t_continue names runs as a failure route that relays or answers.

#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

using SuspensionTest = TmTest;

TEST_F(SuspensionTest, SuspendedInviteWaitsThenIsRelayedByItsContinueRoute) {
  std::optional<TransactionId> id;
  receiveRequest(invite(), [&](MessageContext& ctx) {
    ctx.flags = 1U << 5;
    id = tm_->suspend(ctx);
    ASSERT_TRUE(id);
    auto same = tm_->transactionId(ctx);
    ASSERT_TRUE(same);
    EXPECT_EQ(same->index, id->index);
    EXPECT_EQ(same->label, id->label);
    EXPECT_LT(id->index, 65536u);
    EXPECT_NE(id->label, 0u);
  });
  ASSERT_TRUE(id);
  auto sent = network_.sent();  // 100, no other reply
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].firstLine(), "SIP/2.0 100 trying -- your call is important to us");
  EXPECT_EQ(tm_->transactionCount(), 1u);

  RouteType continuedAs = RouteType::Request;
  std::string method;
  std::uint32_t flags = 0;
  routes_.on("continue_route", [&](MessageContext& ctx) {
    continuedAs = ctx.routeType;
    flags = ctx.flags;
    method = std::string(ctx.message->method());
    ctx.dstUri = std::string(kCalleeUri);
    EXPECT_EQ(ksr(*tm_, &kemiRelay, ctx), 1);
  });
  EXPECT_FALSE(tm_->resume({id->index, id->label + 1}, "continue_route"));
  EXPECT_FALSE(tm_->resume({id->index + 1, id->label}, "continue_route"));
  EXPECT_TRUE(tm_->resume(*id, "continue_route"));
  EXPECT_FALSE(tm_->resume(*id, "continue_route"));  // continued already
  EXPECT_EQ(continuedAs, RouteType::Failure);
  EXPECT_EQ(method, "INVITE");
  EXPECT_EQ(flags, 1U << 5);  // the flags as t_suspend found them

  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 1u);
  EXPECT_EQ(invites[0].to, kCallee);
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 486, "Busy Here")));
  auto replies = network_.matching("SIP/2.0 486");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].to, kCaller);
}

TEST_F(SuspensionTest, ContinueRouteAnswersTheSuspendedRequest) {
  std::optional<TransactionId> id;
  receiveRequest(request("MESSAGE", "z9hG4bKsuspend2"),
                 [&](MessageContext& ctx) { id = tm_->suspend(ctx); });
  ASSERT_TRUE(id);
  routes_.on("continue_route", [&](MessageContext& ctx) {
    EXPECT_EQ(ksr(*tm_, &kemiReply, ctx, {std::int64_t{404}, std::string_view("Not Here")}), 1);
  });
  EXPECT_TRUE(tm_->resume(*id, "continue_route"));
  auto replies = network_.matching("SIP/2.0 ");  // no 100 for a MESSAGE
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].firstLine(), "SIP/2.0 404 Not Here");
}

TEST_F(SuspensionTest, ContinueRouteThatDoesNothingLeaves500) {
  std::optional<TransactionId> id;
  receiveRequest(request("MESSAGE", "z9hG4bKsuspend6"),
                 [&](MessageContext& ctx) { id = tm_->suspend(ctx); });
  ASSERT_TRUE(id);
  routes_.on("continue_route", [](MessageContext&) {});
  EXPECT_TRUE(tm_->resume(*id, "continue_route"));
  auto replies = network_.matching("SIP/2.0 ");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].firstLine(), "SIP/2.0 500 I'm terribly sorry, server error occurred (1/TM)");
}

TEST_F(SuspensionTest, CanceledWhileSuspendedGets487BeforeTheCancels200) {
  std::optional<TransactionId> id;
  receiveRequest(invite(), [&](MessageContext& ctx) { id = tm_->suspend(ctx); });
  ASSERT_TRUE(id);
  receiveRequest(cancelFor(),
                 [&](MessageContext& ctx) { EXPECT_EQ(ksr(*tm_, &kemiRelay, ctx), 1); });
  auto replies = network_.matching("SIP/2.0 ");
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[1].firstLine(), "SIP/2.0 487 Request canceled");
  EXPECT_EQ(replies[2].firstLine(), "SIP/2.0 200 ok -- no more pending branches");
  EXPECT_FALSE(tm_->resume(*id, "continue_route"));  // answered already
}

TEST_F(SuspensionTest, NeverContinuedTimesOutWith408AfterItsFailureRoute) {
  settings_.frTimer = Millis{1000};
  makeTm();
  std::optional<TransactionId> id;
  receiveRequest(invite(), [&](MessageContext& ctx) {
    ksr(*tm_, &kemiOnFailure, ctx, {std::string_view("failure_route")});
    id = tm_->suspend(ctx);
  });
  ASSERT_TRUE(id);
  advance(999);
  EXPECT_TRUE(network_.matching("SIP/2.0 408").empty());
  advance(20);
  auto failures = routes_.runsOf("failure_route");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].type, RouteType::Failure);
  EXPECT_EQ(failures[0].replyCode, 408);
  auto replies = network_.matching("SIP/2.0 408");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].firstLine(), "SIP/2.0 408 Request Timeout");
  EXPECT_FALSE(tm_->resume(*id, "continue_route"));  // too late
}

TEST_F(SuspensionTest, ContinuedInTimeIsNotTimedOut) {
  settings_.frTimer = Millis{1000};
  makeTm();
  std::optional<TransactionId> id;
  receiveRequest(request("MESSAGE", "z9hG4bKsuspend5"),
                 [&](MessageContext& ctx) { id = tm_->suspend(ctx); });
  ASSERT_TRUE(id);
  routes_.on("continue_route", [&](MessageContext& ctx) {
    ctx.dstUri = std::string(kCalleeUri);
    ksr(*tm_, &kemiRelay, ctx);
  });
  advance(500);
  EXPECT_TRUE(tm_->resume(*id, "continue_route"));
  advance(600);  // past the suspension's fr_timer, before the branch's
  EXPECT_FALSE(network_.matching("MESSAGE ").empty());  // relayed (and retransmitted)
  EXPECT_TRUE(network_.matching("SIP/2.0 408").empty());
}

TEST_F(SuspensionTest, OnlyAnUnansweredRequestInARequestRouteIsSuspended) {
  receiveRequest(request("MESSAGE", "z9hG4bKsuspend3"), [&](MessageContext& ctx) {
    EXPECT_FALSE(tm_->transactionId(ctx));
    EXPECT_EQ(tm_->newTransaction(ctx), 1);
    EXPECT_TRUE(tm_->transactionId(ctx));
    tm_->reply(ctx, 200, "OK");
    EXPECT_FALSE(tm_->suspend(ctx));  // a final went out
  });
  receiveRequest(request("MESSAGE", "z9hG4bKsuspend4"), [&](MessageContext& ctx) {
    ctx.routeType = RouteType::Branch;
    EXPECT_FALSE(tm_->suspend(ctx));
    ctx.routeType = RouteType::Request;
  });
}

}  // namespace
}  // namespace kemid::tm::test
