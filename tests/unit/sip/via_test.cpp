#include "sip/via.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sample_messages.h"
#include "sip/sip_message.h"

namespace kemid::sip {
namespace {

using test::parseOk;

// The first Via field of the request as sent on.
std::string sentTopVia(const SipMessage& m) {
  const std::string wire = m.wireText();
  const auto start = wire.find("\r\nVia: ") + 7;
  return wire.substr(start, wire.find("\r\n", start) - start);
}

std::unique_ptr<SipMessage> requestWithVia(std::string_view via) {
  return parseOk(
      "OPTIONS sip:bob@example.com SIP/2.0\r\n"
      "Via: " +
      std::string(via) +
      "\r\n"
      "From: <sip:alice@example.com>;tag=1\r\n"
      "To: <sip:bob@example.com>\r\n"
      "Call-ID: via-test\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n");
}

TEST(ViaHeader, ParseAndFormat) {
  auto via = ViaHeader::parse(
      "SIP/2.0/TCP client.example.com:5070;rport=1234;branch=z9hG4bKa;received=192.0.2.9;"
      "maddr=224.2.0.1;ttl=16;hidden");
  ASSERT_TRUE(via.has_value());
  EXPECT_EQ(via->transport, "TCP");
  EXPECT_EQ(via->host, "client.example.com");
  EXPECT_EQ(via->port, 5070);
  EXPECT_EQ(via->branch, "z9hG4bKa");
  EXPECT_EQ(via->received, "192.0.2.9");
  EXPECT_TRUE(via->hasRport);
  EXPECT_EQ(via->rport, 1234);
  EXPECT_EQ(
      via->otherParams,
      (std::vector<SipParam>{{"maddr", "224.2.0.1"}, {"ttl", "16"}, {"hidden", std::nullopt}}));
  EXPECT_EQ(via->toString(),
            "SIP/2.0/TCP client.example.com:5070;branch=z9hG4bKa;received=192.0.2.9;rport=1234;"
            "maddr=224.2.0.1;ttl=16;hidden");
  EXPECT_EQ(ViaHeader::parse(via->toString()), via);
  EXPECT_FALSE(ViaHeader::parse("garbage").has_value());
  EXPECT_FALSE(ViaHeader::parse("SIP/2.0/UDP h;rport=99999").has_value());
}

TEST(Received, AddedWhenTheHostDiffersFromTheSource) {
  auto m = requestWithVia("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1");
  addReceivedAndRport(*m, "192.0.2.7", 5060);
  EXPECT_EQ(m->topVia()->received, "192.0.2.7");
  EXPECT_FALSE(m->topVia()->hasRport);
  // At the end as a reply made here copies it; right after the sent-by in
  // the request sent on, as Kamailio writes them.
  EXPECT_EQ(m->header("Via"), "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;received=192.0.2.7");
  EXPECT_EQ(sentTopVia(*m), "SIP/2.0/UDP 10.0.0.1:5060;received=192.0.2.7;branch=z9hG4bK1");
}

TEST(Received, NotAddedWhenTheHostIsTheSource) {
  auto m = requestWithVia("SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK1");
  addReceivedAndRport(*m, "192.0.2.7", 5999);
  EXPECT_FALSE(m->topVia()->received.has_value());
  EXPECT_EQ(m->header("Via"), "SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK1");
}

TEST(Received, AlwaysAddedForAHostName) {
  auto m = requestWithVia("SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1");
  addReceivedAndRport(*m, "192.0.2.7", 5060);
  EXPECT_EQ(m->topVia()->received, "192.0.2.7");
}

TEST(Received, Ipv6SourceComparedAsAnAddress) {
  auto same = requestWithVia("SIP/2.0/UDP [2001:DB8:0::1]:5060;branch=z9hG4bK1");
  addReceivedAndRport(*same, "2001:db8::1", 5060);
  EXPECT_FALSE(same->topVia()->received.has_value());

  auto other = requestWithVia("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1");
  addReceivedAndRport(*other, "2001:db8::2", 5060);
  EXPECT_EQ(other->topVia()->received, "2001:db8::2");
  EXPECT_EQ(other->header("Via"),
            "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;received=2001:db8::2");
  auto again = parseOk(other->wireText());
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->topVia()->received, "2001:db8::2");
}

TEST(Received, Ipv4MappedSourceMatchesIpv4Host) {
  auto m = requestWithVia("SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1");
  addReceivedAndRport(*m, "::ffff:192.0.2.7", 5060);
  EXPECT_FALSE(m->topVia()->received.has_value());
}

TEST(Rport, EmptyRportFilledAndReceivedAddedEvenForTheSameAddress) {
  auto m = requestWithVia("SIP/2.0/UDP 192.0.2.7:5060;rport;branch=z9hG4bK1");
  addReceivedAndRport(*m, "192.0.2.7", 40123);
  EXPECT_EQ(m->topVia()->rport, 40123);
  EXPECT_EQ(m->topVia()->received, "192.0.2.7");
  // rport gets its value where it stands.
  EXPECT_EQ(m->header("Via"),
            "SIP/2.0/UDP 192.0.2.7:5060;rport=40123;branch=z9hG4bK1;received=192.0.2.7");
  EXPECT_EQ(sentTopVia(*m),
            "SIP/2.0/UDP 192.0.2.7:5060;received=192.0.2.7;rport=40123;branch=z9hG4bK1");
}

TEST(Rport, BehindNat) {
  auto m = requestWithVia("SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK1;rport");
  addReceivedAndRport(*m, "203.0.113.5", 61000);
  EXPECT_EQ(m->header("Via"),
            "SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK1;rport=61000;received=203.0.113.5");
  EXPECT_EQ(sentTopVia(*m),
            "SIP/2.0/UDP 10.1.1.1:5060;received=203.0.113.5;branch=z9hG4bK1;rport=61000");
}

TEST(Rport, ValueFromTheClientIsReplacedByTheSourcePort) {
  auto m = requestWithVia("SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK1;rport=5060");
  addReceivedAndRport(*m, "203.0.113.5", 61000);
  EXPECT_EQ(m->topVia()->rport, 61000);
  EXPECT_EQ(m->topVia()->received, "203.0.113.5");
}

TEST(Rport, ForcedWhenTheClientDidNotAskAddsNoReceivedForTheSameAddress) {
  auto m = requestWithVia("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1");
  addReceivedAndRport(*m, "192.0.2.7", 5070, true);
  EXPECT_EQ(m->topVia()->rport, 5070);
  EXPECT_FALSE(m->topVia()->received.has_value());
  EXPECT_EQ(m->header("Via"), "SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport=5070");
  EXPECT_EQ(sentTopVia(*m), "SIP/2.0/UDP 192.0.2.7:5060;rport=5070;branch=z9hG4bK1");
}

TEST(Rport, ForcedAfterTheCoresReceivedGoesBeforeIt) {
  // The core adds received on arrival, the script's force_rport() later.
  auto m = requestWithVia("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1, SIP/2.0/UDP 10.0.0.2");
  addReceivedAndRport(*m, "192.0.2.7", 5070);
  addReceivedAndRport(*m, "192.0.2.7", 5070, true);
  EXPECT_EQ(m->header("Via"),
            "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport=5070;received=192.0.2.7");
  EXPECT_EQ(sentTopVia(*m),
            "SIP/2.0/UDP 10.0.0.1:5060;rport=5070;received=192.0.2.7;branch=z9hG4bK1, "
            "SIP/2.0/UDP 10.0.0.2");
  EXPECT_EQ(replyNextHop(*m)->port, 5070);
  EXPECT_EQ(replyNextHop(*m)->host, "192.0.2.7");
}

TEST(OwnVia, Form) {
  ViaHeader via = makeOwnVia(Transport::Udp, "192.0.2.1", 5060, "z9hG4bKabc");
  EXPECT_EQ(via.toString(), "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKabc");
  EXPECT_EQ(makeOwnVia(Transport::Udp, "192.0.2.1", 5070, "z9hG4bKabc").toString(),
            "SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKabc");
  EXPECT_EQ(makeOwnVia(Transport::Tcp, "[2001:db8::1]", 5070, "z9hG4bKx").toString(),
            "SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bKx");
  // Kamailio 5.6 leaves out 5060 alone, even for TLS.
  EXPECT_EQ(makeOwnVia(Transport::Tls, "::1", 5061, "z9hG4bKy").toString(),
            "SIP/2.0/TLS [::1]:5061;branch=z9hG4bKy");
  EXPECT_EQ(makeOwnVia(Transport::Tls, "::1", 5060, "z9hG4bKy").toString(),
            "SIP/2.0/TLS [::1];branch=z9hG4bKy");
  EXPECT_THROW(makeOwnVia(Transport::Any, "h", 5060, "b"), std::invalid_argument);

  auto m = requestWithVia("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1");
  auto sent = parseOk(
      m->wireText(makeOwnVia(Transport::Udp, "192.0.2.1", 5060, generateBranch()).toString()));
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(sent->viaCount(), 2u);
  EXPECT_EQ(sent->topVia()->host, "192.0.2.1");
}

TEST(Branch, GeneratedBranchesHaveTheCookieAndAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    std::string branch = generateBranch();
    EXPECT_TRUE(branch.starts_with("z9hG4bK")) << branch;
    EXPECT_TRUE(seen.insert(branch).second) << branch;
  }
}

TEST(Branch, UniqueAcrossThreads) {
  std::mutex mutex;
  std::set<std::string> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < 2000; ++i) mine.push_back(generateBranch());
      std::lock_guard lock(mutex);
      seen.insert(mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(seen.size(), 8000u);
}

TEST(Branch, StatelessBranchIsStableForRetransmissions) {
  auto first = parseOk(test::invite());
  auto retransmission = parseOk(test::invite());
  std::string branch = statelessBranch(*first);
  EXPECT_TRUE(branch.starts_with("z9hG4bK")) << branch;
  EXPECT_GT(branch.size(), 7u);
  EXPECT_EQ(statelessBranch(*retransmission), branch);
  EXPECT_NE(branch, generateBranch());

  // The CANCEL carries the INVITE's top Via (RFC 3261 §9.1): same branch.
  std::string cancelText = test::invite();
  cancelText.replace(0, 6, "CANCEL");
  cancelText.replace(cancelText.find("314159 INVITE"), 13, "314159 CANCEL");
  auto cancel = parseOk(cancelText);
  ASSERT_NE(cancel, nullptr);
  EXPECT_EQ(statelessBranch(*cancel), branch);

  auto other =
      parseOk(std::string(test::invite())
                  .replace(test::invite().find("z9hG4bK776asdhds"), 16, "z9hG4bK776asdhdX"));
  EXPECT_NE(statelessBranch(*other), branch);
}

TEST(Branch, StatelessBranchForRfc2543Requests) {
  auto a = requestWithVia("SIP/2.0/UDP 10.0.0.1");
  auto b = requestWithVia("SIP/2.0/UDP 10.0.0.1");
  auto c = requestWithVia("SIP/2.0/UDP 10.0.0.2");
  EXPECT_EQ(statelessBranch(*a), statelessBranch(*b));
  EXPECT_NE(statelessBranch(*a), statelessBranch(*c));
  EXPECT_TRUE(statelessBranch(*a).starts_with("z9hG4bK"));
}

TEST(Branch, SpiralGetsADifferentBranch) {
  auto m = parseOk(test::invite());
  std::string first = statelessBranch(*m);
  auto spiral =
      parseOk(m->wireText(makeOwnVia(Transport::Udp, "192.0.2.1", 5060, first).toString()));
  ASSERT_NE(spiral, nullptr);
  EXPECT_NE(statelessBranch(*spiral), first);
}

std::unique_ptr<SipMessage> replyWithVia(std::string_view via) {
  return parseOk(
      "SIP/2.0 200 OK\r\n"
      "Via: " +
      std::string(via) +
      "\r\n"
      "From: <sip:alice@example.com>;tag=1\r\n"
      "To: <sip:bob@example.com>;tag=2\r\n"
      "Call-ID: reply-hop\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n");
}

TEST(ReplyNextHop, ReceivedAndRport) {
  EXPECT_EQ(replyNextHop(*replyWithVia(
                "SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK1;rport=61000;received=203.0.113.5")),
            (NextHop{Transport::Udp, "203.0.113.5", 61000}));
}

TEST(ReplyNextHop, ReceivedWithoutRportUsesTheViaPort) {
  EXPECT_EQ(replyNextHop(*replyWithVia("SIP/2.0/UDP h.example.com:5070;received=192.0.2.4")),
            (NextHop{Transport::Udp, "192.0.2.4", 5070}));
  EXPECT_EQ(replyNextHop(*replyWithVia("SIP/2.0/UDP h.example.com;received=[2001:db8::4]")),
            (NextHop{Transport::Udp, "2001:db8::4", 5060}));
}

TEST(ReplyNextHop, SentByAndDefaultPorts) {
  EXPECT_EQ(replyNextHop(*replyWithVia("SIP/2.0/UDP 192.0.2.4:5062;branch=z9hG4bK1")),
            (NextHop{Transport::Udp, "192.0.2.4", 5062}));
  EXPECT_EQ(replyNextHop(*replyWithVia("SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK1")),
            (NextHop{Transport::Udp, "192.0.2.4", 5060}));
  EXPECT_EQ(replyNextHop(*replyWithVia("SIP/2.0/tcp [2001:db8::9];branch=z9hG4bK1")),
            (NextHop{Transport::Tcp, "2001:db8::9", 5060}));
  EXPECT_EQ(replyNextHop(*replyWithVia("SIP/2.0/TLS h.example.com;branch=z9hG4bK1")),
            (NextHop{Transport::Tls, "h.example.com", 5061}));
  EXPECT_FALSE(replyNextHop(*replyWithVia("SIP/2.0/WS h.example.com;branch=z9hG4bK1")));
}

TEST(ReplyNextHop, AfterOwnViaIsRemoved) {
  auto m = parseOk(test::ringing());
  ASSERT_TRUE(m->removeTopVia());
  EXPECT_EQ(replyNextHop(*m, 1), (NextHop{Transport::Udp, "192.0.2.101", 5060}));
}

}  // namespace
}  // namespace kemid::sip
