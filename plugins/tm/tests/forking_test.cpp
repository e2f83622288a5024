// Parallel forking to the destination set (RFC 3261 §16.6, §16.7) and
// serial forking by q-value (t_load_contacts / t_next_contacts).

#include "serial_forking.h"
#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

class ForkingTest : public TmTest {
 protected:
  // The seed script with one more destination: bob at the second callee,
  // with branch flag 2 and a Path.
  Script forkingScript() {
    return [this](MessageContext& ctx) {
      ctx.branchFlags = 1u << 1;
      DestinationBranch second;
      second.uri = "sip:bob@192.0.2.30:5090";
      second.flags = 1u << 2;
      second.path = "<sip:edge.example.com;lr>";
      second.dstUri = std::string(kCallee2Uri);
      ASSERT_TRUE(ctx.destinations.append(std::move(second)));
      seedScript()(ctx);
      EXPECT_TRUE(ctx.destinations.empty());  // emptied once sent
    };
  }
};

TEST_F(ForkingTest, OneBranchPerDestinationAtOnce) {
  std::vector<std::uint32_t> branchFlags;
  routes_.on("branch_route", [&](MessageContext& ctx) { branchFlags.push_back(ctx.branchFlags); });
  receiveRequest(invite(), forkingScript());
  EXPECT_EQ(lastRelay, 1);

  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 2u);
  EXPECT_EQ(invites[0].to, kCallee);
  EXPECT_EQ(invites[0].firstLine(), "INVITE sip:bob@biloxi.example.com SIP/2.0");
  EXPECT_FALSE(invites[0].parse()->header("Route"));
  EXPECT_EQ(invites[1].to, kCallee2);
  EXPECT_EQ(invites[1].firstLine(), "INVITE sip:bob@192.0.2.30:5090 SIP/2.0");
  EXPECT_EQ(invites[1].parse()->header("Route"), "<sip:edge.example.com;lr>");  // RFC 3327 §5

  auto first = invites[0].parse()->topVia()->branch;
  auto second = invites[1].parse()->topVia()->branch;
  EXPECT_TRUE(first.ends_with(".0"));
  EXPECT_TRUE(second.ends_with(".1"));
  EXPECT_EQ(first.substr(0, first.size() - 2), second.substr(0, second.size() - 2));
  EXPECT_EQ(branchFlags, (std::vector<std::uint32_t>{1u << 1, 1u << 2}));
  EXPECT_EQ(network_.matching("SIP/2.0 100").size(), 1u);
}

TEST_F(ForkingTest, TheRequestUrisPathGoesInFrontOfItsRoutes) {
  receiveRequest(invite("z9hG4bKpath"), [this](MessageContext& ctx) {
    ASSERT_TRUE(ctx.message->appendHeader("Route", "<sip:next.example.com;lr>"));
    ASSERT_TRUE(ctx.message->applyChanges());
    ctx.ruriPath = "<sip:edge.example.com;lr>";
    seedScript()(ctx);
  });
  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 1u);
  EXPECT_EQ(invites[0].parse()->headers("Route"),
            (std::vector<std::string>{"<sip:edge.example.com;lr>", "<sip:next.example.com;lr>"}));
}

TEST_F(ForkingTest, SuccessOnOneBranchCancelsTheOtherRinging) {
  receiveRequest(invite(), forkingScript());
  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 2u);
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 180, "Ringing", "tag-a")));
  ASSERT_TRUE(receiveReply(calleeReply(invites[1], 180, "Ringing", "tag-b"), kCallee2));
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 200, "OK", "tag-a")));

  auto ok = network_.matching("SIP/2.0 200");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].to, kCaller);
  auto cancels = network_.matching("CANCEL ");
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].to, kCallee2);
  auto cancel = cancels[0].parse();
  EXPECT_EQ(cancel->topVia()->branch, invites[1].parse()->topVia()->branch);
  EXPECT_EQ(cancel->header("Reason"), "SIP;cause=200;text=\"Call completed elsewhere\"");
}

TEST_F(ForkingTest, OneFinalUpstreamOnceEveryBranchFailed) {
  routes_.on("failure_route", [&](MessageContext& ctx) {
    EXPECT_EQ(ctx.replyCode, 486);  // 486 beats 500 (§16.7 step 6)
  });
  receiveRequest(invite(), forkingScript());
  auto invites = network_.matching("INVITE ");
  ASSERT_EQ(invites.size(), 2u);
  ASSERT_TRUE(receiveReply(calleeReply(invites[1], 500, "Server Error", "tag-b"), kCallee2));
  EXPECT_TRUE(network_.matching("SIP/2.0 5").empty());  // branch 0 still pending
  ASSERT_TRUE(receiveReply(calleeReply(invites[0], 486, "Busy Here", "tag-a")));
  EXPECT_EQ(routes_.runsOf("failure_route").size(), 1u);
  auto finals = network_.matching("SIP/2.0 4");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0].firstLine(), "SIP/2.0 486 Busy Here");
  EXPECT_TRUE(network_.matching("SIP/2.0 5").empty());
  EXPECT_EQ(network_.matching("ACK ").size(), 2u);  // each negative final ACKed downstream
}

// ---- serial forking ---------------------------------------------------------

class SerialForkingTest : public TmTest {
 protected:
  SerialForkingTest() {
    settings_.contactsAvp = "tm_contacts";
    makeTm();
  }

  std::int64_t call(KemiHandler handler, MessageContext& ctx) { return ksr(*tm_, handler, ctx); }

  static void add(MessageContext& ctx, std::string uri, int q) {
    DestinationBranch branch;
    branch.uri = std::move(uri);
    branch.q = q;
    ASSERT_TRUE(ctx.destinations.append(std::move(branch)));
  }
};

TEST_F(SerialForkingTest, GroupsOfEqualQBestFirst) {
  Received r = received(invite());
  MessageContext& ctx = r.ctx;
  ASSERT_TRUE(ctx.message->setRequestUri("sip:a@192.0.2.20"));
  add(ctx, "sip:b@192.0.2.20", 500);
  add(ctx, "sip:c@192.0.2.20", 1000);
  add(ctx, "sip:d@192.0.2.20", 500);

  EXPECT_EQ(call(&kemiLoadContacts, ctx), 1);
  EXPECT_TRUE(ctx.destinations.empty());

  EXPECT_EQ(call(&kemiNextContacts, ctx), 1);  // q=1: c alone
  EXPECT_EQ(ctx.message->requestUri(), "sip:c@192.0.2.20");
  EXPECT_TRUE(ctx.destinations.empty());

  EXPECT_EQ(call(&kemiNextContacts, ctx), 1);  // q=0.5: d (added last), then b
  EXPECT_EQ(ctx.message->requestUri(), "sip:d@192.0.2.20");
  ASSERT_EQ(ctx.destinations.size(), 1u);
  EXPECT_EQ(ctx.destinations[0].uri, "sip:b@192.0.2.20");

  EXPECT_EQ(call(&kemiNextContacts, ctx), 1);  // no q: the original Request-URI
  EXPECT_EQ(ctx.message->requestUri(), "sip:a@192.0.2.20");
  EXPECT_TRUE(ctx.destinations.empty());

  EXPECT_EQ(call(&kemiNextContacts, ctx), -2);
}

TEST_F(SerialForkingTest, TheRequestUriAloneIsLeftAsItIs) {
  Received r = received(invite());
  EXPECT_EQ(call(&kemiLoadContacts, r.ctx), 1);
  EXPECT_EQ(call(&kemiNextContacts, r.ctx), -2);
  EXPECT_EQ(r.ctx.message->requestUri(), "sip:bob@biloxi.example.com");
}

TEST_F(SerialForkingTest, WithoutContactsAvpBothFail) {
  settings_.contactsAvp.clear();
  makeTm();
  Received r = received(invite());
  add(r.ctx, "sip:b@192.0.2.20", 500);
  EXPECT_EQ(call(&kemiLoadContacts, r.ctx), -1);
  EXPECT_EQ(r.ctx.destinations.size(), 1u);  // untouched
  EXPECT_EQ(call(&kemiNextContacts, r.ctx), -1);
}

}  // namespace
}  // namespace kemid::tm::test
