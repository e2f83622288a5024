// tmx through its KEMI table: the route checks, t_precheck_trans, and
// t_suspend / t_continue handed to tm.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "core/message_context.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"
#include "tm/tm_api.h"
#include "tmx_kemi.h"

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor();

namespace kemid::tmx {
namespace {

std::string request(std::string_view method, std::string_view branch) {
  std::string text = std::string(method) + " sip:bob@biloxi.example.com SIP/2.0\r\n";
  text += "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=" + std::string(branch) + "\r\n";
  text +=
      "To: Bob <sip:bob@biloxi.example.com>\r\n"
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
      "CSeq: 314159 " +
      std::string(method) +
      "\r\n"
      "Content-Length: 0\r\n\r\n";
  return text;
}

class Tmx : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(plugin_.init().ok()); }

  // A request being routed, as the pipeline gives it to the script.
  std::unique_ptr<MessageContext> received(std::string_view method,
                                           std::string_view branch = "z9hG4bK776asdhds") {
    std::string error;
    messages_.push_back(SipMessage::parse(request(method, branch), error));
    EXPECT_NE(messages_.back(), nullptr) << error;
    auto ctx = std::make_unique<MessageContext>();
    ctx->message = messages_.back().get();
    return ctx;
  }

  std::int64_t call(std::string_view name, MessageContext* ctx) {
    return std::get<std::int64_t>(plugin_.callKemi(name, ctx));
  }

  const PretranTable& table() { return static_cast<TmxState*>(plugin_.state())->pretran; }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  std::vector<std::unique_ptr<SipMessage>> messages_;
};

TEST_F(Tmx, ARetransmissionWhileTheFirstIsRoutedIsSeen) {
  auto first = received("INVITE");
  EXPECT_EQ(call("t_precheck_trans", first.get()), -1);
  auto retransmission = received("INVITE");
  EXPECT_EQ(call("t_precheck_trans", retransmission.get()), 1);
  EXPECT_EQ(table().size(), 1u);
}

TEST_F(Tmx, TheRequestLeavesTheTableWhenItsHandlingEnds) {
  auto first = received("INVITE");
  EXPECT_EQ(call("t_precheck_trans", first.get()), -1);
  first.reset();
  EXPECT_EQ(table().size(), 0u);
  auto later = received("INVITE");
  EXPECT_EQ(call("t_precheck_trans", later.get()), -1);
}

TEST_F(Tmx, ASecondCheckOfTheSameMessageIsNotARetransmission) {
  auto ctx = received("OPTIONS");
  EXPECT_EQ(call("t_precheck_trans", ctx.get()), -1);
  EXPECT_EQ(call("t_precheck_trans", ctx.get()), -1);
}

TEST_F(Tmx, ADifferentBranchIsAnotherRequest) {
  auto first = received("INVITE", "z9hG4bKone");
  auto second = received("INVITE", "z9hG4bKtwo");
  EXPECT_EQ(call("t_precheck_trans", first.get()), -1);
  EXPECT_EQ(call("t_precheck_trans", second.get()), -1);
  EXPECT_EQ(table().size(), 2u);
}

TEST_F(Tmx, AckAndCancelAreNeverRecorded) {
  auto ack = received("ACK");
  auto ackAgain = received("ACK");
  EXPECT_EQ(call("t_precheck_trans", ack.get()), -2);
  EXPECT_EQ(call("t_precheck_trans", ackAgain.get()), -2);
  auto cancel = received("CANCEL");
  EXPECT_EQ(call("t_precheck_trans", cancel.get()), -2);
  EXPECT_EQ(table().size(), 0u);
}

TEST_F(Tmx, RouteChecksFollowTheRunningRoute) {
  auto ctx = received("INVITE");
  struct Expected {
    RouteType type;
    int request, branch, failure, reply;
  };
  for (const Expected& e :
       {Expected{RouteType::Request, 1, -1, -1, -1}, Expected{RouteType::Branch, -1, 1, -1, -1},
        Expected{RouteType::Failure, -1, -1, 1, -1}, Expected{RouteType::OnReply, -1, -1, -1, 1},
        Expected{RouteType::Reply, -1, -1, -1, 1}}) {
    ctx->routeType = e.type;
    SCOPED_TRACE(static_cast<int>(e.type));
    EXPECT_EQ(call("t_is_request_route", ctx.get()), e.request);
    EXPECT_EQ(call("t_is_branch_route", ctx.get()), e.branch);
    EXPECT_EQ(call("t_is_failure_route", ctx.get()), e.failure);
    EXPECT_EQ(call("t_is_reply_route", ctx.get()), e.reply);
  }
  EXPECT_EQ(call("t_is_request_route", nullptr), -1);
}

// What tmx asks tm for t_suspend and t_continue.
class SuspendingTm final : public tm::TmApi {
 public:
  bool hasTransaction(const MessageContext&) const override { return false; }
  std::optional<int> replyIfTransaction(MessageContext&, int, std::string_view) override {
    return std::nullopt;
  }
  void requestDone(MessageContext&) override {}
  const tm::TmStats& stats() const override { return stats_; }
  void onReplyOut(tm::ReplyOutCallback, tm::ReplyOutFilter) override {}

  std::optional<tm::TransactionId> suspend(MessageContext&) override {
    ++suspended;
    return tm::TransactionId{7, 42};
  }
  bool resume(tm::TransactionId id, std::string_view route) override {
    resumed = id;
    resumedRoute = std::string(route);
    return id.label == 42;
  }

  int suspended = 0;
  std::optional<tm::TransactionId> resumed;
  std::string resumedRoute;

 private:
  tm::TmStats stats_;
};

TEST_F(Tmx, SuspendAndContinueGoToTm) {
  auto invite = received("INVITE");
  EXPECT_EQ(call("t_suspend", invite.get()), -1);  // no tm
  SuspendingTm tm;
  ASSERT_TRUE(plugin_.host().publishApi<tm::TmApi>(tm));
  EXPECT_EQ(call("t_suspend", invite.get()), 1);
  EXPECT_EQ(tm.suspended, 1);
  auto resume = [&](std::int64_t index, std::int64_t label) {
    return std::get<std::int64_t>(
        plugin_.callKemi("t_continue", nullptr, {index, label, std::string_view("ksr_resume")}));
  };
  EXPECT_EQ(resume(7, 42), 1);
  ASSERT_TRUE(tm.resumed);
  EXPECT_EQ(tm.resumed->index, 7u);
  EXPECT_EQ(tm.resumedRoute, "ksr_resume");
  EXPECT_EQ(resume(7, 43), -1);
  tm.resumed.reset();
  EXPECT_EQ(resume(-1, 42), -1);  // not an id: tm is not asked
  EXPECT_FALSE(tm.resumed);
  EXPECT_EQ(call("t_reuse_branch", invite.get()), -1);
}

TEST(PretranTable, RefusesPastItsCapacity) {
  PretranTable table(0);  // one key per shard
  int claimed = 0, full = 0;
  for (int i = 0; i < 1000; ++i) {
    auto outcome = table.claim("key" + std::to_string(i));
    claimed += outcome == PretranTable::Outcome::Claimed;
    full += outcome == PretranTable::Outcome::TableIsFull;
  }
  EXPECT_EQ(claimed, static_cast<int>(table.size()));
  EXPECT_LE(table.size(), 64u);
  EXPECT_EQ(full, 1000 - claimed);
  EXPECT_EQ(table.refusedFull(), static_cast<std::size_t>(full));
}

}  // namespace
}  // namespace kemid::tmx
