// CANCEL and ACK built from the request tm sent (§9.1, §17.1.1.3).

#include "hop_requests.h"

#include <gtest/gtest.h>

#include "sip/sip_message.h"

namespace kemid::tm {
namespace {

constexpr std::string_view kSent =
    "INVITE sip:bob@192.0.2.20:5080 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc.1.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKcaller;received=192.0.2.1;rport=5070\r\n"
    "Route: <sip:192.0.2.50;lr>\r\n"
    "Route: <sip:192.0.2.51;lr>\r\n"
    "Max-Forwards: 69\r\n"
    "From: <sip:alice@atlanta.example.com>;tag=a1\r\n"
    "To: <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: call-1\r\n"
    "CSeq: 7 INVITE\r\n"
    "Require: 100rel\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

std::unique_ptr<SipMessage> parse(std::string_view text) {
  std::string error;
  auto message = SipMessage::parse(text, error);
  EXPECT_TRUE(message) << error << "\n" << text;
  return message;
}

TEST(HopRequestsTest, CancelCopiesWhatIdentifiesTheInvite) {
  std::string text = buildCancel(kSent, "Reason: SIP;cause=200;text=\"x\"\r\n");
  // The Reason goes last, after Content-Length, as Kamailio writes it.
  EXPECT_TRUE(text.ends_with("Content-Length: 0\r\nReason: SIP;cause=200;text=\"x\"\r\n\r\n"));
  auto cancel = parse(text);
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->method(), "CANCEL");
  EXPECT_EQ(cancel->requestUri(), "sip:bob@192.0.2.20:5080");
  ASSERT_EQ(cancel->viaCount(), 1u);
  EXPECT_EQ(cancel->topVia()->branch, "z9hG4bKabc.1.0");
  EXPECT_EQ(cancel->headers("Route").size(), 2u);
  EXPECT_EQ(cancel->maxForwards(), 69);
  EXPECT_EQ(cancel->from().tag, "a1");
  EXPECT_TRUE(cancel->to().tag.empty());
  EXPECT_EQ(cancel->callId(), "call-1");
  EXPECT_EQ(cancel->cseqNumber(), 7u);
  EXPECT_EQ(cancel->cseqMethod(), "CANCEL");
  EXPECT_FALSE(cancel->header("Require"));
  EXPECT_FALSE(cancel->header("Content-Type"));
  EXPECT_EQ(cancel->header("Reason"), "SIP;cause=200;text=\"x\"");
  EXPECT_TRUE(cancel->body().empty());
}

TEST(HopRequestsTest, AckTakesTheReplysTo) {
  auto reply = parse(
      "SIP/2.0 486 Busy Here\r\n"
      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc.1.0\r\n"
      "From: <sip:alice@atlanta.example.com>;tag=a1\r\n"
      "To: <sip:bob@biloxi.example.com>;tag=b2\r\n"
      "Call-ID: call-1\r\n"
      "CSeq: 7 INVITE\r\n"
      "Content-Length: 0\r\n\r\n");
  auto ack = parse(buildNegativeAck(kSent, *reply));
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->method(), "ACK");
  EXPECT_EQ(ack->requestUri(), "sip:bob@192.0.2.20:5080");
  EXPECT_EQ(ack->to().tag, "b2");
  EXPECT_EQ(ack->cseqMethod(), "ACK");
  EXPECT_EQ(ack->cseqNumber(), 7u);
  EXPECT_EQ(ack->viaCount(), 1u);
  EXPECT_EQ(ack->headers("Route").size(), 2u);
}

TEST(HopRequestsTest, CompactFormsAndViaListsAreUnderstood) {
  constexpr std::string_view kCompact =
      "INVITE sip:bob@192.0.2.20 SIP/2.0\r\n"
      "v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKtop, SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\n"
      "f: <sip:alice@a.example>;tag=1\r\n"
      "t: <sip:bob@b.example>\r\n"
      "i: c2\r\n"
      "CSeq: 1 INVITE\r\n"
      "l: 0\r\n\r\n";
  auto cancel = parse(buildCancel(kCompact, ""));
  ASSERT_TRUE(cancel);
  ASSERT_EQ(cancel->viaCount(), 1u);
  EXPECT_EQ(cancel->topVia()->branch, "z9hG4bKtop");
  EXPECT_EQ(cancel->callId(), "c2");
}

}  // namespace
}  // namespace kemid::tm
