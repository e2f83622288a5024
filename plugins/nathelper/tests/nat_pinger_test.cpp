// nathelper's keepalive: which bindings get which ping, the SIP ping's wire
// text as Kamailio 5.6.3 sent it on loopback (measured: natping_interval 2,
// sipping_from "sip:pinger@kamailio.org", usrloc nat_bflag 6, sipping_bflag
// 7), and the timer's ticks over usrloc's real tables.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "nat_pinger.h"
#include "sip/sip_message.h"
#include "support/fake_network.h"
#include "support/plugin_harness.h"
#include "usrloc/memory_location_table.h"
#include "usrloc/usrloc_api.h"

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor();

namespace kemid::nathelper {
namespace {

constexpr std::uint32_t kNat = 1u << 6;
constexpr std::uint32_t kSip = 1u << 7;

usrloc::Binding binding(std::string contact, std::uint32_t cflags) {
  usrloc::Binding b;
  b.contact = std::move(contact);
  b.cflags = cflags;
  b.expires = 2000;
  b.ruid = "uloc-1-2-3";
  return b;
}

TEST(PingKind, NatedOnlyPingsFlaggedBindingsSipWhereAlsoSipFlagged) {
  const PingPolicy policy{.natedOnly = true, .natMask = kNat, .sipMask = kSip};
  EXPECT_EQ(pingKind(binding("sip:a@1.2.3.4", 0), policy), PingKind::None);
  EXPECT_EQ(pingKind(binding("sip:a@1.2.3.4", kSip), policy), PingKind::None);
  EXPECT_EQ(pingKind(binding("sip:a@1.2.3.4", kNat), policy), PingKind::Udp);
  EXPECT_EQ(pingKind(binding("sip:a@1.2.3.4", kNat | kSip), policy), PingKind::Sip);
}

TEST(PingKind, WithoutNatedOnlyEveryBindingIsPingedSipWhenSippingIsOn) {
  // Measured: with ping_nated_only 0 and sipping_bflag set, a binding with
  // no flag at all got OPTIONS.
  EXPECT_EQ(pingKind(binding("sip:a@1.2.3.4", 0), {.natMask = kNat, .sipMask = kSip}),
            PingKind::Sip);
  EXPECT_EQ(pingKind(binding("sip:a@1.2.3.4", 0), {.natMask = kNat}), PingKind::Udp);
}

TEST(PingKind, DisableFlagAndUnsetNatFlag) {
  const std::uint32_t off = 1u << 3;
  EXPECT_EQ(pingKind(binding("sip:a@1.2.3.4", kNat | off),
                     {.natedOnly = true, .natMask = kNat, .disableMask = off}),
            PingKind::None);
  // ping_nated_only without usrloc's nat_bflag filters nothing.
  EXPECT_EQ(pingKind(binding("sip:a@1.2.3.4", 0), {.natedOnly = true}), PingKind::Udp);
}

TEST(PingTarget, ReceivedAddressBeforeContact) {
  usrloc::Binding b = binding("sip:bob@10.9.9.9:5090", kNat);
  EXPECT_EQ(pingTargetUri(b), "sip:bob@10.9.9.9:5090");
  b.received = "sip:127.0.0.1:5071";
  EXPECT_EQ(pingTargetUri(b), "sip:127.0.0.1:5071");
}

TEST(SipPingText, AsKamailioSentIt) {
  const std::string text = buildSipPing({.method = "OPTIONS",
                                         .uri = "sip:alice@127.0.0.1:5070;transport=udp",
                                         .viaHostPort = "127.0.0.1:5060",
                                         .branch = "3631265",
                                         .from = "sip:pinger@kamailio.org",
                                         .fromTag = "uloc-6b165fa3-1e87-1-dd7f25d6-9c81a27",
                                         .callId = "2fe4f091-5ce14cc3@127.0.0.1"});
  EXPECT_EQ(text,
            "OPTIONS sip:alice@127.0.0.1:5070;transport=udp SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK3631265\r\n"
            "From: sip:pinger@kamailio.org;tag=uloc-6b165fa3-1e87-1-dd7f25d6-9c81a27\r\n"
            "To: sip:alice@127.0.0.1:5070;transport=udp\r\n"
            "Call-ID: 2fe4f091-5ce14cc3@127.0.0.1\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n");
}

TEST(SipPingText, PathBecomesRouteAfterVia) {
  const std::string text = buildSipPing({.method = "OPTIONS",
                                         .uri = "sip:bob@127.0.0.1:5072",
                                         .path = "<sip:127.0.0.1:5071;lr>,<sip:10.1.1.1;lr>",
                                         .viaHostPort = "127.0.0.1:5060",
                                         .branch = "1",
                                         .from = "sip:pinger@kamailio.org",
                                         .fromTag = "t",
                                         .callId = "c@127.0.0.1"});
  EXPECT_NE(text.find("branch=z9hG4bK1\r\nRoute: <sip:127.0.0.1:5071;lr>,<sip:10.1.1.1;lr>\r\n"
                      "From: "),
            std::string::npos);
}

// usrloc as nathelper sees it: one memory table, a fixed clock.
class FakeUsrloc final : public usrloc::UsrlocApi {
 public:
  usrloc::LocationTable* table(std::string_view) override { return &table_; }
  std::vector<usrloc::LocationTable*> tables() override { return {&table_}; }
  bool useDomain() const override { return false; }
  std::uint32_t natFlagMask() const override { return kNat; }
  usrloc::MatchingMode matchingMode() const override { return usrloc::MatchingMode::Contact; }
  std::int64_t now() const override { return 1000; }
  std::string newRuid() override { return "ruid"; }

  void add(std::string aor, usrloc::Binding b) {
    table_.update(aor, now(), [&](std::vector<usrloc::Binding>& all) {
      all.push_back(std::move(b));
      return 0;
    });
  }

 private:
  usrloc::MemoryLocationTable table_{"location", {.shards = 16}, false};
};

class NatPingerTick : public ::testing::Test {
 protected:
  // Every share of a 3 s interval, as three ticks do.
  std::size_t pingAll(NatPinger& pinger) {
    return pinger.tick(0) + pinger.tick(1) + pinger.tick(2);
  }

  FakeUsrloc usrloc;
  test::FakeNetwork network{{"127.0.0.1", 5060}};
  PingSettings settings{.intervalSeconds = 3,
                        .policy = {.natedOnly = true, .natMask = kNat, .sipMask = kSip},
                        .from = "sip:pinger@kamailio.org",
                        .method = "OPTIONS"};
};

TEST_F(NatPingerTick, EachBindingOncePerIntervalToItsReceivedAddress) {
  usrloc.add("alice", binding("sip:alice@127.0.0.1:5070", kNat | kSip));
  usrloc::Binding bob = binding("sip:bob@10.9.9.9:5090", kNat);
  bob.received = "sip:127.0.0.1:5071";
  usrloc.add("bob", bob);
  usrloc.add("carol", binding("sip:carol@127.0.0.1:5072", 0));                 // not NATed
  usrloc.add("dave", binding("sip:dave@127.0.0.1:5073;transport=tcp", kNat));  // not UDP
  usrloc::Binding expired = binding("sip:eve@127.0.0.1:5074", kNat);
  expired.expires = 999;
  usrloc.add("eve", expired);
  NatPinger pinger(settings, usrloc, network);

  EXPECT_EQ(pingAll(pinger), 2u);
  const auto sent = network.sent();
  ASSERT_EQ(sent.size(), 2u);
  for (const test::Sent& s : sent) {
    if (s.to.port == 5071) {
      EXPECT_EQ(s.data, std::string(kUdpPing));
    } else {
      EXPECT_EQ(s.to, (Endpoint{"127.0.0.1", 5070}));
      auto options = s.parse();
      EXPECT_EQ(options->method(), "OPTIONS");
      EXPECT_EQ(options->requestUri(), "sip:alice@127.0.0.1:5070");
      EXPECT_TRUE(options->callId().ends_with("@127.0.0.1"));
      EXPECT_EQ(options->from().tag.substr(0, 11), "uloc-1-2-3-");
      // Its 200 is recognised as the answer to a ping; another is not.
      std::string reply =
          "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n"
          "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: " +
          options->callId() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
      std::string error;
      EXPECT_TRUE(pinger.isPingReply(*SipMessage::parse(reply, error)));
      reply.replace(reply.find("Call-ID: ") + 9, 3, "zzz");
      EXPECT_FALSE(pinger.isPingReply(*SipMessage::parse(reply, error)));
    }
  }
}

// With a TCP socket: a SIP ping reaches a TCP contact over TCP, with a TCP
// Via; the 4-byte UDP ping is never written into a TCP stream.
TEST(NatPingerOverTcp, SipPingsOnlyAndTheirViaSaysTcp) {
  FakeUsrloc usrloc;
  test::FakeNetwork network({"127.0.0.1", 5060}, /*withTcp=*/true);
  usrloc.add("dave", binding("sip:dave@127.0.0.1:5073;transport=tcp", kNat));
  usrloc.add("erin", binding("sip:erin@127.0.0.1:5074;transport=tcp", kNat | kSip));
  NatPinger pinger({.intervalSeconds = 3,
                    .policy = {.natedOnly = true, .natMask = kNat, .sipMask = kSip},
                    .from = "sip:pinger@kamailio.org",
                    .method = "OPTIONS"},
                   usrloc, network);
  EXPECT_EQ(pinger.tick(0) + pinger.tick(1) + pinger.tick(2), 1u);
  const auto sent = network.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].socket, test::FakeNetwork::kTcpSocket);
  EXPECT_EQ(sent[0].to, (Endpoint{"127.0.0.1", 5074}));
  EXPECT_NE(sent[0].data.find("\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch="), std::string::npos)
      << sent[0].data;
}

TEST_F(NatPingerTick, SharesSplitTheTable) {
  for (int i = 0; i < 30; ++i) {
    usrloc.add("user" + std::to_string(i),
               binding("sip:u@127.0.0.1:" + std::to_string(6000 + i), kNat));
  }
  NatPinger pinger(settings, usrloc, network);
  const std::size_t first = pinger.tick(0);
  EXPECT_LT(first, 30u);
  EXPECT_EQ(first + pinger.tick(1) + pinger.tick(2), 30u);
  EXPECT_EQ(pinger.tick(3), first);  // the next interval starts over
}

TEST(NathelperPinging, NeedsUsrlocLoadedBefore) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  plugin.setParam("natping_interval", std::int64_t{2});
  EXPECT_FALSE(plugin.init().ok());
}

TEST(NathelperPinging, SipPingsNeedSippingFrom) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  FakeUsrloc usrloc;
  plugin.host().publishApi<usrloc::UsrlocApi>(usrloc);
  plugin.setParam("natping_interval", std::int64_t{2});
  plugin.setParam("sipping_bflag", std::int64_t{7});
  EXPECT_FALSE(plugin.init().ok());
}

TEST(NathelperPinging, PingsFromTheTimerThread) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  FakeUsrloc usrloc;
  usrloc.add("alice", binding("sip:alice@127.0.0.1:5070", kNat));
  plugin.host().publishApi<usrloc::UsrlocApi>(usrloc);
  plugin.setParam("natping_interval", std::int64_t{1});
  plugin.setParam("ping_nated_only", std::int64_t{1});
  ASSERT_TRUE(plugin.init().ok());
  EXPECT_TRUE(plugin.network().waitFor([](const std::vector<test::Sent>& sent) {
    return !sent.empty() && sent[0].data == kUdpPing;
  }));
  plugin.shutdown();
}

}  // namespace
}  // namespace kemid::nathelper
