// Non-INVITE transactions (RFC 3261 §17.1.2, §17.2.2), tm.stats, the reply
// hook's limits.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

class NonInviteTest : public TmTest {
 protected:
  Sent relay(std::string_view method, std::string_view branch = "z9hG4bKbye1") {
    receiveRequest(request(method, branch, 2, "callee-tag"), seedScript());
    auto sent = network_.matching(std::string(method) + " ");
    EXPECT_FALSE(sent.empty());
    return sent.empty() ? Sent{} : sent.back();
  }
};

TEST_F(NonInviteTest, ByeIsRelayedWithoutTryingAndAnswered) {
  Sent bye = relay("BYE");
  EXPECT_EQ(lastRelay, 1);
  EXPECT_EQ(network_.count(), 1u);  // no 100 for a non-INVITE
  EXPECT_EQ(bye.parse()->viaCount(), 2u);

  ASSERT_TRUE(receiveReply(calleeReply(bye, 200, "OK")));
  auto ok = network_.matching("SIP/2.0 200");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].to, kCaller);
  EXPECT_EQ(ok[0].parse()->viaCount(), 1u);
  EXPECT_TRUE(network_.matching("ACK ").empty());

  // §17.2.2: a retransmitted BYE gets the 200 again, nothing goes downstream.
  receiveRequest(request("BYE", "z9hG4bKbye1", 2, "callee-tag"), seedScript());
  EXPECT_EQ(lastRelay, 1);
  EXPECT_EQ(network_.matching("SIP/2.0 200").size(), 2u);
  EXPECT_EQ(network_.matching("BYE ").size(), 1u);

  advance(5000);
  EXPECT_EQ(tm_->transactionCount(), 0u);
}

TEST_F(NonInviteTest, RetransmissionsAreCappedAtT2) {
  settings_.frTimer = Millis(30000);
  makeTm();
  relay("OPTIONS", "z9hG4bKopt1");
  // Timer E: 500, 1000, 2000, then 4000 (T2) between copies.
  for (int step : {500, 1000, 2000, 4000, 4000}) {
    std::size_t before = network_.matching("OPTIONS ").size();
    advance(step - 1);
    EXPECT_EQ(network_.matching("OPTIONS ").size(), before);
    advance(1);
    EXPECT_EQ(network_.matching("OPTIONS ").size(), before + 1);
  }
}

TEST_F(NonInviteTest, ProvisionalSwitchesRetransmissionsToT2) {
  Sent options = relay("OPTIONS", "z9hG4bKopt2");
  ASSERT_TRUE(receiveReply(calleeReply(options, 100, "Trying")));
  advance(500);
  EXPECT_EQ(network_.matching("OPTIONS ").size(), 2u);  // the one already due at T1
  advance(3999);
  EXPECT_EQ(network_.matching("OPTIONS ").size(), 2u);
  advance(1);
  EXPECT_EQ(network_.matching("OPTIONS ").size(), 3u);
}

TEST_F(NonInviteTest, SilentNextHopTimesOutWith408) {
  relay("OPTIONS", "z9hG4bKopt3");
  advance(5000);
  auto timeout = network_.matching("SIP/2.0 408");
  ASSERT_EQ(timeout.size(), 1u);
  EXPECT_EQ(routes_.runsOf("failure_route").size(), 1u);
  EXPECT_EQ(routes_.runsOf("failure_route")[0].replyCode, 408);
  EXPECT_EQ(tm_->stats().waiting.load(), 1u);  // no ACK to wait for
}

TEST_F(NonInviteTest, RepliesThatMatchNoTransactionAreLeftToTheCore) {
  Sent bye = relay("BYE");
  std::string reply = calleeReply(bye, 200, "OK");
  // Another branch of ours that does not exist: index 7 instead of 0.
  std::string stale = reply;
  auto ours = stale.find("branch=z9hG4bK");
  auto lineEnd = stale.find("\r\n", ours);
  ASSERT_EQ(stale.substr(lineEnd - 2, 2), ".0");
  stale[lineEnd - 1] = '7';
  EXPECT_TRUE(receiveReply(stale));  // ours, no such branch: absorbed
  std::string foreign = reply;
  foreign.replace(foreign.find("branch=z9hG4bK") + 14, 1, "X");
  EXPECT_FALSE(receiveReply(foreign));
}

TEST_F(NonInviteTest, SlReplyRouteMayDropUnmatchedReplies) {
  settings_.onSlReply = "sl_reply_route";
  makeTm();
  routes_.on("sl_reply_route", [](MessageContext& ctx) { ctx.dropped = true; });
  Sent bye = relay("BYE");
  std::string foreign = calleeReply(bye, 200, "OK");
  foreign.replace(foreign.find("branch=z9hG4bK") + 14, 1, "X");
  EXPECT_TRUE(receiveReply(foreign));
  EXPECT_EQ(routes_.runsOf("sl_reply_route").size(), 1u);
}

TEST_F(NonInviteTest, CheckTransInReplyRoute) {
  Sent bye = relay("BYE");
  std::string error;
  auto reply = SipMessage::parse(calleeReply(bye, 200, "OK"), error);
  MessageContext ctx;
  ctx.message = reply.get();
  ctx.routeType = RouteType::Reply;
  EXPECT_EQ(ksr(*tm_, &kemiCheckTrans, ctx), 1);
  EXPECT_EQ(ksr(*tm_, &kemiCheckStatus, ctx, {std::string_view("2[0-9][0-9]")}), 1);
}

TEST_F(NonInviteTest, StatsCountWhatHappened) {
  Sent bye = relay("BYE");
  ASSERT_TRUE(receiveReply(calleeReply(bye, 200, "OK")));
  receiveRequest(invite(), seedScript());
  auto invites = network_.matching("INVITE ");
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 180, "Ringing")));
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 404, "Not Found")));

  const TmStats& stats = tm_->stats();
  EXPECT_EQ(stats.total.load(), 2u);
  EXPECT_EQ(stats.created.load(), 2u);
  EXPECT_EQ(stats.current.load(), 2u);
  EXPECT_EQ(stats.waiting.load(), 1u);      // the BYE; the INVITE waits for its ACK
  EXPECT_EQ(stats.awaitingAck.load(), 1u);  // the INVITE
  EXPECT_EQ(stats.rplReceived.load(), 3u);
  EXPECT_EQ(stats.rplGenerated.load(), 1u);  // the 100
  EXPECT_EQ(stats.rplSent.load(), 4u);       // 200, 100, 180, 404
  EXPECT_EQ(stats.completed[2].load(), 1u);
  EXPECT_EQ(stats.completed[4].load(), 1u);

  Poco::Dynamic::Var result;
  RpcFault fault{0, {}};
  RpcCall call{tm_.get(), {}, &result, &fault};
  rpcStats(call);
  EXPECT_EQ(fault.code, 0);
  auto object = result.extract<Poco::JSON::Object::Ptr>();
  std::vector<std::string> names;
  for (const auto& name : object->getNames()) names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"current", "waiting", "total", "total_local", "rpl_received",
                                      "rpl_generated", "rpl_sent", "6xx", "5xx", "4xx", "3xx",
                                      "2xx", "created", "freed", "delayed_free"}));
  EXPECT_EQ(object->getValue<Poco::UInt64>("current"), 2u);
  EXPECT_EQ(object->getValue<Poco::UInt64>("rpl_sent"), 4u);
  EXPECT_EQ(object->getValue<Poco::UInt64>("4xx"), 1u);

  advance(5000);  // BYE gone; INVITE: ACK wait (fr_timer) then wt_timer
  advance(5000);
  EXPECT_EQ(stats.current.load(), 0u);
  EXPECT_EQ(stats.waiting.load(), 0u);
  EXPECT_EQ(stats.awaitingAck.load(), 0u);  // no ACK came: fr_timer ended the wait
  EXPECT_EQ(stats.freed.load(), 2u);
}

}  // namespace
}  // namespace kemid::tm::test
