// INVITE transactions through tm, as the seed script drives them.

#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

class InviteTest : public TmTest {
 protected:
  // The INVITE relayed to the callee, after the seed script ran.
  Sent relayInvite(std::string_view branch = "z9hG4bKcaller1") {
    receiveRequest(invite(branch), seedScript());
    auto invites = network_.matching("INVITE ");
    EXPECT_EQ(invites.size(), 1u);
    return invites.empty() ? Sent{} : invites.back();
  }
};

TEST_F(InviteTest, RelaysWithOwnViaAndSendsTrying) {
  receiveRequest(invite(), seedScript());
  EXPECT_EQ(lastRelay, 1);

  auto sent = network_.sent();
  ASSERT_EQ(sent.size(), 2u);
  // 100 Trying first, back to where the INVITE came from (rport).
  EXPECT_EQ(sent[0].firstLine(), "SIP/2.0 100 trying -- your call is important to us");
  EXPECT_EQ(sent[0].to, kCaller);
  auto trying = sent[0].parse();
  EXPECT_TRUE(trying->to().tag.empty());  // the auto 100 has no To tag
  EXPECT_EQ(trying->header("Server"), "kemid-test");

  EXPECT_EQ(sent[1].firstLine(), "INVITE sip:bob@biloxi.example.com SIP/2.0");
  EXPECT_EQ(sent[1].to, kCallee);
  auto relayed = sent[1].parse();
  ASSERT_EQ(relayed->viaCount(), 2u);
  auto top = relayed->topVia();
  EXPECT_EQ(top->host, "192.0.2.10");
  EXPECT_EQ(top->port, std::nullopt);  // 5060 is implied, as Kamailio writes it
  EXPECT_TRUE(top->branch.starts_with("z9hG4bK"));
  EXPECT_NE(top->branch, "z9hG4bKcaller1");
  auto vias = relayed->headers("Via");
  EXPECT_NE(vias[1].find("branch=z9hG4bKcaller1"), std::string::npos);
  EXPECT_NE(vias[1].find("received=192.0.2.1"), std::string::npos);
  EXPECT_NE(vias[1].find("rport=5070"), std::string::npos);
  EXPECT_EQ(relayed->body(), invite().substr(invite().find("\r\n\r\n") + 4));

  auto branchRuns = routes_.runsOf("branch_route");
  ASSERT_EQ(branchRuns.size(), 1u);
  EXPECT_EQ(branchRuns[0].type, RouteType::Branch);
  EXPECT_EQ(branchRuns[0].branchIndex, 0);
  EXPECT_EQ(tm_->stats().current.load(), 1u);
  EXPECT_EQ(tm_->stats().total.load(), 1u);
  EXPECT_EQ(tm_->stats().rplGenerated.load(), 1u);
}

// kemid's own cap: with max_transactions in the table a new request is
// answered 503 with Retry-After before the script runs; a retransmission
// and in-dialog requests still pass, so calls in progress can end.
TEST_F(InviteTest, NewRequestsAreRefusedWhileTheTableIsFull) {
  settings_.maxTransactions = 1;
  settings_.overloadRetryAfter = 7;
  makeTm();
  relayInvite();
  auto verdict = [&](std::string text) {
    Received in = received(text);
    return tm_->refuseWhenFull(in.ctx);
  };
  EXPECT_EQ(verdict(invite()), HookVerdict::Pass);  // a retransmission
  EXPECT_EQ(verdict(request("BYE", "z9hG4bKbye", 2, "callee-tag")), HookVerdict::Pass);
  EXPECT_EQ(verdict(invite("z9hG4bKcaller2", 5)), HookVerdict::Absorbed);
  auto refused = network_.matching("SIP/2.0 503 ");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].to, kCaller);
  EXPECT_EQ(refused[0].parse()->header("Retry-After"), "7");
  EXPECT_EQ(tm_->stats().refusedOverload.load(), 1u);
  EXPECT_EQ(network_.matching("INVITE ").size(), 1u);
}

TEST_F(InviteTest, RetransmittedInviteGetsTryingAgainAndIsNotForwardedTwice) {
  relayInvite();
  receiveRequest(invite(), seedScript());
  EXPECT_EQ(lastRelay, 1);  // absorbed: t_relay reports success
  EXPECT_EQ(network_.matching("INVITE ").size(), 1u);
  auto tryings = network_.matching("SIP/2.0 100");
  ASSERT_EQ(tryings.size(), 2u);
  EXPECT_EQ(tryings[0].data, tryings[1].data);
  EXPECT_EQ(tm_->stats().total.load(), 1u);
}

TEST_F(InviteTest, CheckTransStopsTheScriptForARetransmission) {
  relayInvite();
  std::int64_t checked = 99;
  receiveRequest(invite(), [&](MessageContext& ctx) { checked = ksr(*tm_, &kemiCheckTrans, ctx); });
  EXPECT_EQ(checked, 0);
  EXPECT_EQ(network_.matching("SIP/2.0 100").size(), 2u);

  std::int64_t created = 99;
  receiveRequest(invite(), [&](MessageContext& ctx) { created = ksr(*tm_, &kemiNewTran, ctx); });
  EXPECT_EQ(created, 0);
  EXPECT_EQ(network_.matching("SIP/2.0 100").size(), 3u);

  std::int64_t fresh = 99;
  receiveRequest(invite("z9hG4bKother"),
                 [&](MessageContext& ctx) { fresh = ksr(*tm_, &kemiCheckTrans, ctx); });
  EXPECT_EQ(fresh, -1);
}

TEST_F(InviteTest, ProvisionalAndSuccessAreRelayedWithoutOurVia) {
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 180, "Ringing")));
  auto ringing = network_.matching("SIP/2.0 180");
  ASSERT_EQ(ringing.size(), 1u);
  EXPECT_EQ(ringing[0].to, kCaller);
  auto upstream = ringing[0].parse();
  ASSERT_EQ(upstream->viaCount(), 1u);
  EXPECT_EQ(upstream->topVia()->branch, "z9hG4bKcaller1");
  EXPECT_EQ(upstream->to().tag, "callee-tag");

  auto onReply = routes_.runsOf("onreply_route");
  ASSERT_EQ(onReply.size(), 1u);
  EXPECT_EQ(onReply[0].type, RouteType::OnReply);
  EXPECT_EQ(onReply[0].replyCode, 180);

  // §17.1.1.2: the provisional stopped the INVITE retransmissions.
  advance(500);
  advance(1000);
  EXPECT_EQ(network_.matching("INVITE ").size(), 1u);

  ASSERT_TRUE(receiveReply(calleeReply(relayed, 200, "OK")));
  auto ok = network_.matching("SIP/2.0 200");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].parse()->viaCount(), 1u);
  EXPECT_EQ(routes_.runsOf("onreply_route").size(), 2u);
  EXPECT_TRUE(routes_.runsOf("failure_route").empty());
  EXPECT_EQ(tm_->stats().completed[2].load(), 1u);
  EXPECT_EQ(tm_->stats().waiting.load(), 1u);

  // A retransmitted 200 goes up again (§16.7 step 5); wt_timer ends it all.
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 200, "OK")));
  EXPECT_EQ(network_.matching("SIP/2.0 200").size(), 2u);
  advance(5000);
  EXPECT_EQ(tm_->transactionCount(), 0u);
  EXPECT_EQ(tm_->stats().current.load(), 0u);
  EXPECT_EQ(tm_->stats().freed.load(), 1u);
}

TEST_F(InviteTest, HundredFromDownstreamIsAbsorbed) {
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 100, "Trying")));
  EXPECT_EQ(network_.matching("SIP/2.0 100").size(), 1u);  // only our own
}

TEST_F(InviteTest, OnReplyDropHoldsBackProvisionalsOnly) {
  routes_.on("onreply_route", [](MessageContext& ctx) { ctx.dropped = true; });
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 183, "Session Progress")));
  EXPECT_TRUE(network_.matching("SIP/2.0 183").empty());
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 200, "OK")));
  EXPECT_EQ(network_.matching("SIP/2.0 200").size(), 1u);
}

TEST_F(InviteTest, NegativeReplyIsAckedRunsFailureRouteAndIsRelayed) {
  std::int64_t branchReplied = 0;
  std::int64_t branchTimeout = 0;
  std::int64_t status = 0;
  routes_.on("failure_route", [&](MessageContext& ctx) {
    branchReplied = ksr(*tm_, &kemiBranchReplied, ctx);
    branchTimeout = ksr(*tm_, &kemiBranchTimeout, ctx);
    status = ksr(*tm_, &kemiCheckStatus, ctx, {std::string_view("^4[0-9]6$")});
  });
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 486, "Busy Here")));

  auto sent = network_.sent();
  ASSERT_EQ(sent.size(), 4u);  // 100, INVITE, ACK, 486
  EXPECT_EQ(sent[2].firstLine(), "ACK sip:bob@biloxi.example.com SIP/2.0");
  EXPECT_EQ(sent[2].to, kCallee);
  auto ack = sent[2].parse();
  auto inviteVia = sent[1].parse()->topVia();
  ASSERT_EQ(ack->viaCount(), 1u);
  EXPECT_EQ(ack->topVia()->branch, inviteVia->branch);  // §17.1.1.3
  EXPECT_EQ(ack->to().tag, "callee-tag");
  EXPECT_EQ(ack->header("CSeq"), "1 ACK");
  EXPECT_TRUE(ack->body().empty());

  EXPECT_EQ(sent[3].firstLine(), "SIP/2.0 486 Busy Here");
  EXPECT_EQ(sent[3].to, kCaller);
  EXPECT_EQ(sent[3].parse()->viaCount(), 1u);

  auto failure = routes_.runsOf("failure_route");
  ASSERT_EQ(failure.size(), 1u);
  EXPECT_EQ(failure[0].type, RouteType::Failure);
  EXPECT_EQ(failure[0].replyCode, 486);
  EXPECT_EQ(failure[0].branchIndex, 0);
  EXPECT_EQ(failure[0].sentBefore, 3u);  // after the ACK, before the 486 went up
  EXPECT_EQ(branchReplied, -1);          // a bare 486: no reply before it
  EXPECT_EQ(branchTimeout, -1);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(tm_->stats().completed[4].load(), 1u);

  // A retransmitted 486 is ACKed again, not relayed again.
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 486, "Busy Here")));
  EXPECT_EQ(network_.matching("ACK ").size(), 2u);
  EXPECT_EQ(network_.matching("SIP/2.0 486").size(), 1u);
}

TEST_F(InviteTest, CallersAckForNegativeReplyIsAbsorbed) {
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 486, "Busy Here")));
  // §17.2.1 timer G: the 486 is retransmitted until the ACK arrives.
  advance(500);
  EXPECT_EQ(network_.matching("SIP/2.0 486").size(), 2u);
  EXPECT_EQ(tm_->stats().awaitingAck.load(), 1u);
  EXPECT_EQ(tm_->stats().waiting.load(), 0u);

  std::int64_t checked = 99;
  receiveRequest(ackFor("z9hG4bKcaller1", "callee-tag"),
                 [&](MessageContext& ctx) { checked = ksr(*tm_, &kemiCheckTrans, ctx); });
  EXPECT_EQ(checked, 0);
  receiveRequest(ackFor("z9hG4bKcaller1", "callee-tag"), seedScript());
  EXPECT_EQ(lastRelay, 1);
  EXPECT_EQ(network_.matching("ACK ").size(), 1u);  // only tm's own, to the callee

  advance(1000);
  advance(2000);
  EXPECT_EQ(network_.matching("SIP/2.0 486").size(), 2u);
  EXPECT_EQ(tm_->stats().waiting.load(), 1u);
  EXPECT_EQ(tm_->stats().awaitingAck.load(), 0u);
}

TEST_F(InviteTest, SilentCalleeIsRetransmittedThenTimesOut) {
  settings_.frTimer = Millis(12000);
  makeTm();
  std::int64_t branchTimeout = 0;
  std::int64_t anyTimeout = 0;
  routes_.on("failure_route", [&](MessageContext& ctx) {
    branchTimeout = ksr(*tm_, &kemiBranchTimeout, ctx);
    anyTimeout = ksr(*tm_, &kemiAnyTimeout, ctx);
  });
  relayInvite();
  // Timer A: T1, doubling, capped at T2 as Kamailio does: copies at 0.5,
  // 1.5, 3.5, 7.5 and 11.5 s.
  int elapsed = 0;
  std::size_t expected = 1;
  for (int due : {500, 1500, 3500, 7500, 11500}) {
    advance(due - 1 - elapsed);
    EXPECT_EQ(network_.matching("INVITE ").size(), expected) << "before " << due;
    advance(1);
    EXPECT_EQ(network_.matching("INVITE ").size(), ++expected) << "at " << due;
    elapsed = due;
  }
  auto invites = network_.matching("INVITE ");
  EXPECT_EQ(invites.front().data, invites.back().data);
  EXPECT_TRUE(network_.matching("SIP/2.0 408").empty());
  EXPECT_TRUE(routes_.runsOf("failure_route").empty());

  advance(500);  // 12 s: fr_timer (not fr_inv_timer: nothing ever answered)
  auto timeout = network_.matching("SIP/2.0 408");
  ASSERT_EQ(timeout.size(), 1u);
  EXPECT_EQ(timeout[0].firstLine(), "SIP/2.0 408 Request Timeout");
  EXPECT_EQ(timeout[0].to, kCaller);
  EXPECT_FALSE(timeout[0].parse()->to().tag.empty());
  auto failure = routes_.runsOf("failure_route");
  ASSERT_EQ(failure.size(), 1u);
  EXPECT_EQ(failure[0].replyCode, 408);
  EXPECT_EQ(branchTimeout, 1);
  EXPECT_EQ(anyTimeout, 1);
  EXPECT_TRUE(network_.matching("CANCEL ").empty());  // it never rang
  EXPECT_EQ(network_.matching("INVITE ").size(), 6u);

  // The 408 is retransmitted until the caller ACKs it (timer G).
  advance(500);
  EXPECT_EQ(network_.matching("SIP/2.0 408").size(), 2u);
  advance(1000);
  EXPECT_EQ(network_.matching("SIP/2.0 408").size(), 3u);
}

TEST_F(InviteTest, RingingBranchTimesOutAfterFrInvTimerAndIsCanceled) {
  std::int64_t branchReplied = 0;
  routes_.on("failure_route",
             [&](MessageContext& ctx) { branchReplied = ksr(*tm_, &kemiBranchReplied, ctx); });
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 180, "Ringing")));
  advance(5000);  // fr_timer no longer applies
  EXPECT_TRUE(network_.matching("SIP/2.0 408").empty());
  advance(15000);  // fr_inv_timer (20 s) since the 180
  EXPECT_EQ(network_.matching("CANCEL ").size(), 1u);
  EXPECT_EQ(network_.matching("SIP/2.0 408").size(), 1u);
  EXPECT_EQ(branchReplied, 1);
}

TEST_F(InviteTest, SetFrFromTheScriptShortensTheWait) {
  receiveRequest(invite(), [&](MessageContext& ctx) {
    ksr(*tm_, &kemiSetFr, ctx, {std::int64_t{3000}, std::int64_t{1000}});
    seedScript()(ctx);
  });
  advance(1000);
  EXPECT_EQ(network_.matching("SIP/2.0 408").size(), 1u);
}

TEST_F(InviteTest, SerialForkingFromTheFailureRoute) {
  std::int64_t relayedAgain = 0;
  routes_.on("failure_route", [&](MessageContext& ctx) {
    ctx.dstUri = std::string(kCallee2Uri);
    relayedAgain = ksr(*tm_, &kemiRelay, ctx);
  });
  Sent first = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(first, 486, "Busy Here")));
  EXPECT_EQ(relayedAgain, 1);
  EXPECT_TRUE(network_.matching("SIP/2.0 486").empty());  // not relayed: a new branch tries

  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 2u);
  EXPECT_EQ(invites[1].to, kCallee2);
  auto second = invites[1].parse();
  EXPECT_NE(second->topVia()->branch, first.parse()->topVia()->branch);
  EXPECT_EQ(second->viaCount(), 2u);
  EXPECT_EQ(network_.matching("SIP/2.0 100").size(), 1u);  // no second 100

  auto branchRuns = routes_.runsOf("branch_route");
  ASSERT_EQ(branchRuns.size(), 2u);
  EXPECT_EQ(branchRuns[1].branchIndex, 1);

  // t_on_failure was not armed again: the next failure goes upstream.
  ASSERT_TRUE(receiveReply(calleeReply(invites[1], 404, "Not Found", "other-tag"), kCallee2));
  EXPECT_EQ(routes_.runsOf("failure_route").size(), 1u);
  auto upstream = network_.matching("SIP/2.0 4");
  ASSERT_EQ(upstream.size(), 1u);
  // failure_reply_mode 3: the earlier 486 no longer competes with the 404.
  EXPECT_EQ(upstream[0].firstLine(), "SIP/2.0 404 Not Found");
  EXPECT_EQ(network_.matching("ACK ").size(), 2u);
}

TEST_F(InviteTest, SerialForkThenSuccess) {
  routes_.on("failure_route", [&](MessageContext& ctx) {
    ctx.dstUri = std::string(kCallee2Uri);
    ksr(*tm_, &kemiOnFailure, ctx, {std::string_view("failure_route")});
    ksr(*tm_, &kemiRelay, ctx);
  });
  Sent first = relayInvite();
  advance(5000);  // the first callee never answers
  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.back().to, kCallee2);
  EXPECT_TRUE(network_.matching("SIP/2.0 408").empty());
  ASSERT_TRUE(receiveReply(calleeReply(invites.back(), 200, "OK"), kCallee2));
  EXPECT_EQ(network_.matching("SIP/2.0 200").size(), 1u);
  EXPECT_TRUE(network_.matching("SIP/2.0 408").empty());
}

TEST_F(InviteTest, FailureRouteMayReplyItself) {
  routes_.on("failure_route", [&](MessageContext& ctx) {
    EXPECT_EQ(ksr(*tm_, &kemiReply, ctx, {std::int64_t{480}, std::string_view("Later")}), 1);
  });
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 486, "Busy Here")));
  EXPECT_TRUE(network_.matching("SIP/2.0 486").empty());
  EXPECT_EQ(network_.matching("SIP/2.0 480 Later").size(), 1u);
}

TEST_F(InviteTest, ServiceUnavailableIsRelayedAs500) {
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 503, "Service Unavailable")));
  auto upstream = network_.matching("SIP/2.0 50");
  ASSERT_EQ(upstream.size(), 1u);
  EXPECT_EQ(upstream[0].firstLine(), "SIP/2.0 500 Service Unavailable");
}

TEST_F(InviteTest, BranchRouteDropFailsTheRelay) {
  routes_.on("branch_route", [](MessageContext& ctx) { ctx.dropped = true; });
  receiveRequest(invite(), seedScript());
  EXPECT_EQ(lastRelay, -6);
  EXPECT_TRUE(network_.matching("INVITE ").empty());
  // tm's error reply after the script, since the script did not reply.
  EXPECT_EQ(network_.matching("SIP/2.0 500").size(), 1u);
}

TEST_F(InviteTest, BranchRouteChangesOnlyItsBranch) {
  routes_.on("branch_route", [](MessageContext& ctx) {
    ctx.message->setRequestUri("sip:carol@192.0.2.20");
    ctx.dstUri = std::string(kCallee2Uri);
  });
  receiveRequest(invite(), seedScript());
  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 1u);
  EXPECT_EQ(invites[0].firstLine(), "INVITE sip:carol@192.0.2.20 SIP/2.0");
  EXPECT_EQ(invites[0].to, kCallee2);
}

TEST_F(InviteTest, UnresolvableDestinationAnswers478AfterTheScript) {
  receiveRequest(invite(), seedScript("sip:no-such-host.invalid"));
  EXPECT_EQ(lastRelay, -478);
  auto replies = network_.matching("SIP/2.0 4");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].firstLine(), "SIP/2.0 478 Unresolvable destination (478/TM)");
  // The 100 went out before the attempt.
  EXPECT_EQ(network_.matching("SIP/2.0 100").size(), 1u);
}

TEST_F(InviteTest, ScriptReplyAfterFailedRelayIsTheOnlyAnswer) {
  receiveRequest(invite(), [&](MessageContext& ctx) {
    seedScript("sip:no-such-host.invalid")(ctx);
    // As sl's send_reply does when a transaction exists.
    EXPECT_EQ(tm_->replyIfTransaction(ctx, 500, "Server error"), 1);
  });
  auto finals = network_.matching("SIP/2.0 5");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0].firstLine(), "SIP/2.0 500 Server error");
  EXPECT_TRUE(network_.matching("SIP/2.0 478").empty());
}

TEST_F(InviteTest, AutoTryingCanBeSwitchedOff) {
  receiveRequest(invite(), [&](MessageContext& ctx) {
    ksr(*tm_, &kemiSetAutoInv100, ctx, {std::int64_t{0}});
    seedScript()(ctx);
  });
  EXPECT_TRUE(network_.matching("SIP/2.0 100").empty());
  EXPECT_EQ(network_.matching("INVITE ").size(), 1u);
}

TEST_F(InviteTest, NewTranThenReply) {
  std::int64_t first = 0;
  std::int64_t second = 0;
  std::int64_t replied = 0;
  receiveRequest(invite(), [&](MessageContext& ctx) {
    first = ksr(*tm_, &kemiNewTran, ctx);
    second = ksr(*tm_, &kemiNewTran, ctx);
    replied = ksr(*tm_, &kemiReply, ctx, {std::int64_t{404}, std::string_view("Not Here")});
  });
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, -10);
  EXPECT_EQ(replied, 1);
  auto sent = network_.sent();
  ASSERT_EQ(sent.size(), 1u);  // t_newtran alone sends no 100
  EXPECT_EQ(sent[0].firstLine(), "SIP/2.0 404 Not Here");
  auto reply = sent[0].parse();
  EXPECT_NE(reply->to().tag.find('-'), std::string::npos);  // tm-style tag

  // The retransmission gets the same reply.
  receiveRequest(invite(), seedScript());
  auto again = network_.matching("SIP/2.0 404");
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].data, again[1].data);
}

TEST_F(InviteTest, ReplyWithoutTransactionFails) {
  std::int64_t replied = 0;
  receiveRequest(invite(), [&](MessageContext& ctx) {
    replied = ksr(*tm_, &kemiReply, ctx, {std::int64_t{404}, std::string_view("Not Here")});
    EXPECT_FALSE(tm_->replyIfTransaction(ctx, 404, "x").has_value());
  });
  EXPECT_EQ(replied, -1);
  EXPECT_EQ(network_.count(), 0u);
}

TEST_F(InviteTest, NewTranWithoutAnswerIsReleasedAfterTheScript) {
  receiveRequest(invite(), [&](MessageContext& ctx) { ksr(*tm_, &kemiNewTran, ctx); });
  EXPECT_EQ(tm_->stats().waiting.load(), 1u);
  advance(5000);
  EXPECT_EQ(tm_->transactionCount(), 0u);
}

TEST_F(InviteTest, AckForTwoHundredIsRelayedStatelessly) {
  Sent relayed = relayInvite();
  ASSERT_TRUE(receiveReply(calleeReply(relayed, 200, "OK")));
  // §17.1.1.3 / §13.2.2.4: the 2xx ACK is a new transaction, new branch.
  std::int64_t checked = 0;
  receiveRequest(ackFor("z9hG4bKackfor200", "callee-tag"), [&](MessageContext& ctx) {
    checked = ksr(*tm_, &kemiCheckTrans, ctx);
    seedScript()(ctx);
  });
  EXPECT_EQ(checked, -1);
  EXPECT_EQ(lastRelay, 1);
  auto acks = network_.matching("ACK ");
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].to, kCallee);
  auto ack = acks[0].parse();
  ASSERT_EQ(ack->viaCount(), 2u);
  EXPECT_EQ(ack->topVia()->host, "192.0.2.10");
  EXPECT_TRUE(routes_.runsOf("branch_route").size() == 1u);  // stateless: no branch route
  EXPECT_EQ(tm_->stats().total.load(), 1u);                  // no transaction for it

  // The same ACK again (a retransmission) gets the same branch (§16.11).
  receiveRequest(ackFor("z9hG4bKackfor200", "callee-tag"), seedScript());
  acks = network_.matching("ACK ");
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[0].data, acks[1].data);
}

TEST_F(InviteTest, ParallelBranchesPickTheBestReply) {
  receiveRequest(invite(), [&](MessageContext& ctx) {
    ctx.dstUri = std::string(kCalleeUri);
    ksr(*tm_, &kemiRelay, ctx);
    ctx.dstUri = std::string(kCallee2Uri);
    ksr(*tm_, &kemiRelay, ctx);
  });
  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 2u);
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 503, "Busy"), kCallee));
  EXPECT_TRUE(network_.matching("SIP/2.0 5").empty());  // the other branch still tries
  ASSERT_TRUE(receiveReply(calleeReply(invites[1], 404, "Not Found", "t2"), kCallee2));
  auto finals = network_.matching("SIP/2.0 ");
  ASSERT_EQ(finals.size(), 2u);                               // 100 and the best final
  EXPECT_EQ(finals[1].firstLine(), "SIP/2.0 404 Not Found");  // 4xx beats 5xx
}

TEST_F(InviteTest, SuccessOnOneBranchCancelsTheOthers) {
  receiveRequest(invite(), [&](MessageContext& ctx) {
    ctx.dstUri = std::string(kCalleeUri);
    ksr(*tm_, &kemiRelay, ctx);
    ctx.dstUri = std::string(kCallee2Uri);
    ksr(*tm_, &kemiRelay, ctx);
  });
  auto invites = network_.matching("INVITE ");
  ASSERT_TRUE(receiveReply(calleeReply(invites[1], 180, "Ringing", "t2"), kCallee2));
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 200, "OK"), kCallee));
  auto cancels = network_.matching("CANCEL ");
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].to, kCallee2);
  EXPECT_EQ(cancels[0].parse()->header("Reason"),
            "SIP;cause=200;text=\"Call completed elsewhere\"");
  // Its 487 is ACKed and absorbed.
  ASSERT_TRUE(receiveReply(calleeReply(invites[1], 487, "Request Terminated", "t2"), kCallee2));
  EXPECT_TRUE(network_.matching("SIP/2.0 487").empty());
  EXPECT_EQ(network_.matching("ACK ").size(), 1u);
}

}  // namespace
}  // namespace kemid::tm::test
