// TmApi::onReplyOut: what a module (acc) is told when a transaction's
// reply goes upstream.

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

struct Reported {
  std::string method;
  std::uint32_t flags;
  int code;
  std::string reason;
  std::string replyToTag;  // "-" for a local reply
};

class ReplyOutCallbackTest : public TmTest {
 protected:
  void SetUp() override {
    tm_->onReplyOut(
        [this](const ReplyOutEvent& event) {
          reported.push_back({std::string(event.request.message->method()), event.request.flags,
                              event.code, std::string(event.reason),
                              event.reply ? std::string(event.reply->to().tag) : "-"});
        },
        {});
    tm_->onReplyOut([this](const ReplyOutEvent& event) { allCodes.push_back(event.code); },
                    {.provisional = true});
    tm_->onReplyOut([this](const ReplyOutEvent& event) { flag5Codes.push_back(event.code); },
                    {.anyOfFlags = 1u << 5});
  }

  Script flaggedSeedScript() {
    return [this](MessageContext& ctx) {
      ctx.flags = 0b1010;
      seedScript()(ctx);
    };
  }

  std::vector<Reported> reported;  // finals only
  std::vector<int> allCodes;       // with the provisionals
  std::vector<int> flag5Codes;     // finals of transactions with flag 5
};

TEST_F(ReplyOutCallbackTest, RelayedFinalIsReportedOnceWithTheRequestAndReply) {
  receiveRequest(request("MESSAGE", "z9hG4bKmsg1"), flaggedSeedScript());
  auto sent = network_.matching("MESSAGE ");
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_TRUE(receiveReply(calleeReply(sent[0], 100, "Trying")));  // not relayed (relay_100 0)
  ASSERT_TRUE(receiveReply(calleeReply(sent[0], 180, "Ringing")));
  EXPECT_TRUE(reported.empty());  // provisionals only for who asks for them
  EXPECT_THAT(allCodes, ::testing::ElementsAre(180));
  ASSERT_TRUE(receiveReply(calleeReply(sent[0], 202, "Accepted Later", "callee-tag")));
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].method, "MESSAGE");
  EXPECT_EQ(reported[0].flags, 0b1010u);
  EXPECT_EQ(reported[0].code, 202);
  EXPECT_EQ(reported[0].reason, "Accepted Later");
  EXPECT_EQ(reported[0].replyToTag, "callee-tag");

  // A retransmitted final is absorbed, not reported again.
  ASSERT_TRUE(receiveReply(calleeReply(sent[0], 202, "Accepted Later", "callee-tag")));
  EXPECT_EQ(reported.size(), 1u);
  EXPECT_THAT(allCodes, ::testing::ElementsAre(180, 202));
  EXPECT_TRUE(flag5Codes.empty());  // the transaction has flags 1 and 3
}

TEST_F(ReplyOutCallbackTest, LocalRepliesAreReportedWithoutAReply) {
  receiveRequest(request("MESSAGE", "z9hG4bKmsg2"), [this](MessageContext& ctx) {
    ctx.flags = 0b10;
    ksr(*tm_, &kemiNewTran, ctx);
    ksr(*tm_, &kemiReply, ctx, {std::int64_t{404}, std::string_view("Nobody Home")});
  });
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].code, 404);
  EXPECT_EQ(reported[0].reason, "Nobody Home");
  EXPECT_EQ(reported[0].flags, 0b10u);
  EXPECT_EQ(reported[0].replyToTag, "-");

  // A timed-out branch: the 408 tm makes up.
  receiveRequest(request("OPTIONS", "z9hG4bKopt1"), flaggedSeedScript());
  advance(5000);
  ASSERT_EQ(reported.size(), 2u);
  EXPECT_EQ(reported[1].method, "OPTIONS");
  EXPECT_EQ(reported[1].code, 408);
  EXPECT_EQ(reported[1].replyToTag, "-");
}

TEST_F(ReplyOutCallbackTest, NegativeFinalToAnInvite) {
  receiveRequest(invite("z9hG4bKinv1"), flaggedSeedScript());
  auto sent = network_.matching("INVITE ");
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_TRUE(receiveReply(calleeReply(sent[0], 486, "Busy Here", "busy-tag")));
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].method, "INVITE");
  EXPECT_EQ(reported[0].code, 486);
  EXPECT_EQ(reported[0].replyToTag, "busy-tag");
}

TEST_F(ReplyOutCallbackTest, FlagFilter) {
  receiveRequest(request("MESSAGE", "z9hG4bKmsg3"), [this](MessageContext& ctx) {
    ctx.flags = 1u << 5;
    ksr(*tm_, &kemiNewTran, ctx);
    ksr(*tm_, &kemiReply, ctx, {std::int64_t{403}, std::string_view("No")});
  });
  EXPECT_THAT(flag5Codes, ::testing::ElementsAre(403));
  EXPECT_EQ(reported.size(), 1u);
}

}  // namespace
}  // namespace kemid::tm::test
