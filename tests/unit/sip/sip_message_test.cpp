#include "sip/sip_message.h"

#include <gtest/gtest.h>

#include <string>

#include "sample_messages.h"

namespace kemid {
namespace {

using test::invite;
using test::parseOk;
using test::refusal;
using test::registerRequest;
using test::ringing;
using test::withBody;

TEST(SipMessageParse, Invite) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->isRequest());
  EXPECT_EQ(m->method(), "INVITE");
  EXPECT_EQ(m->statusCode(), 0);
  EXPECT_EQ(m->reason(), "");
  EXPECT_EQ(m->requestUri(), "sip:bob@biloxi.example.com");
  EXPECT_EQ(m->callId(), "a84b4c76e66710@pc33.atlanta.example.com");
  EXPECT_EQ(m->cseqNumber(), 314159u);
  EXPECT_EQ(m->cseqMethod(), "INVITE");
  EXPECT_EQ(m->maxForwards(), 70);
  EXPECT_EQ(m->body(), test::kSdp);

  NameAddrView from = m->from();
  EXPECT_EQ(from.displayName, "Alice");
  EXPECT_EQ(from.scheme, "sip");
  EXPECT_EQ(from.user, "alice");
  EXPECT_EQ(from.host, "atlanta.example.com");
  EXPECT_EQ(from.port, 5062);
  EXPECT_EQ(from.tag, "1928301774");
  EXPECT_EQ(m->fromUri(), "sip:alice@atlanta.example.com:5062");

  NameAddrView to = m->to();
  EXPECT_EQ(to.user, "bob");
  EXPECT_EQ(to.host, "biloxi.example.com");
  EXPECT_FALSE(to.port.has_value());
  EXPECT_EQ(to.tag, "");
  EXPECT_EQ(m->toUri(), "sip:bob@biloxi.example.com");

  EXPECT_EQ(m->viaCount(), 2u);
  auto via = m->topVia();
  ASSERT_TRUE(via.has_value());
  EXPECT_EQ(via->transport, "UDP");
  EXPECT_EQ(via->host, "pc33.atlanta.example.com");
  EXPECT_EQ(via->port, 5060);
  EXPECT_EQ(via->branch, "z9hG4bK776asdhds");
  EXPECT_TRUE(via->hasRport);
  EXPECT_FALSE(via->rport.has_value());
  EXPECT_FALSE(via->received.has_value());
}

TEST(SipMessageParse, RegisterWithCompactForms) {
  auto m = parseOk(registerRequest());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->method(), "REGISTER");
  EXPECT_EQ(m->callId(), "843817637684230@998sdasdh09");
  EXPECT_EQ(m->header("Call-ID"), "843817637684230@998sdasdh09");
  EXPECT_EQ(m->header("i"), m->header("Call-ID"));
  EXPECT_EQ(m->header("Contact"), "<sip:bob@192.0.2.4>");
  EXPECT_EQ(m->header("m"), "<sip:bob@192.0.2.4>");
  EXPECT_EQ(m->from().tag, "456248");
  EXPECT_EQ(m->topVia()->branch, "z9hG4bKnashds7");
  EXPECT_EQ(m->header("Subject"), "hello");
  EXPECT_EQ(m->header("Expires"), "7200");
  EXPECT_EQ(m->header("Content-Length"), "0");
  EXPECT_EQ(m->body(), "");
}

TEST(SipMessageParse, Reply) {
  auto m = parseOk(ringing());
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->isRequest());
  EXPECT_EQ(m->statusCode(), 180);
  EXPECT_EQ(m->reason(), "Ringing");
  EXPECT_EQ(m->method(), "INVITE");  // from CSeq
  EXPECT_EQ(m->requestUri(), "");
  EXPECT_EQ(m->to().tag, "a6c85cf");
  EXPECT_EQ(m->viaCount(), 2u);
  EXPECT_FALSE(m->setRequestUri("sip:x@y"));
}

TEST(SipMessageParse, Ipv6Addresses) {
  auto m = parseOk(
      "OPTIONS sip:[2001:db8::10]:5070 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bK6\r\n"
      "From: <sip:a@[2001:db8::1]>;tag=1\r\n"
      "To: <sip:[2001:db8::10]>\r\n"
      "Call-ID: v6\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "\r\n");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->topVia()->host, "2001:db8::1");
  EXPECT_EQ(m->topVia()->port, 5062);
  EXPECT_EQ(m->from().host, "2001:db8::1");
  EXPECT_EQ(m->requestUri(), "sip:[2001:db8::10]:5070");
}

TEST(SipMessageHeaders, NamesAreCaseInsensitiveAndCompactFormsMatch) {
  auto m = parseOk(registerRequest());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->header("CALL-ID"), m->callId());
  EXPECT_EQ(m->header("I"), m->callId());
  EXPECT_EQ(m->header("supported"), "path");
  EXPECT_EQ(m->headers("Supported"), (std::vector<std::string>{"path", "outbound"}));
  EXPECT_EQ(m->header("k"), "path");
  EXPECT_EQ(m->header("s"), "hello");
  EXPECT_EQ(m->header("expires"), "7200");
  EXPECT_FALSE(m->header("Route").has_value());
  EXPECT_FALSE(m->header("X-Absent").has_value());
  EXPECT_TRUE(m->headers("X-Absent").empty());
}

TEST(SipMessageHeaders, AllValuesInOrder) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->headers("Via"),
            (std::vector<std::string>{
                "SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
                "SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8;received=192.0.2.3"}));
  EXPECT_EQ(m->headers("Record-Route"),
            (std::vector<std::string>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
  EXPECT_EQ(m->header("From"), "Alice <sip:alice@atlanta.example.com:5062>;tag=1928301774");
  EXPECT_EQ(m->header("CSeq"), "314159 INVITE");
  EXPECT_EQ(m->header("Content-Type"), "application/sdp");
  EXPECT_EQ(m->header("X-Custom-Header"), "Some Value");
  EXPECT_EQ(m->header("x-custom-header"), "Some Value");
  EXPECT_EQ(m->header("Content-Length"), std::to_string(test::kSdp.size()));
}

TEST(SipMessageHeaders, FieldsLibosipKeepsTyped) {
  auto m = parseOk(test::withBody(
      "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\n"
      "Call-ID: typed\r\nCSeq: 2 INVITE\r\n"
      "Accept: application/sdp, text/plain\r\n"
      "Allow: INVITE, ACK, BYE\r\n"
      "e: gzip\r\n"
      "Authorization: Digest username=\"bob\", realm=\"biloxi.example.com\", nonce=\"n\", "
      "uri=\"sip:bob@biloxi.example.com\", response=\"r\"\r\n"
      "Call-Info: <http://www.example.com/alice/photo.jpg>;purpose=icon\r\n"
      "c: text/plain\r\n",
      "hi"));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->headers("Accept"), (std::vector<std::string>{"application/sdp", "text/plain"}));
  EXPECT_EQ(m->headers("allow"), (std::vector<std::string>{"INVITE", "ACK", "BYE"}));
  EXPECT_EQ(m->header("Content-Encoding"), "gzip");
  EXPECT_EQ(m->header("Content-Type"), "text/plain");
  EXPECT_TRUE(m->header("Authorization")->starts_with("Digest username=\"bob\""));
  EXPECT_EQ(m->header("Call-Info"), "<http://www.example.com/alice/photo.jpg>;purpose=icon");
  EXPECT_EQ(m->removeHeader("c"), 1u);
  EXPECT_EQ(m->removeHeader("Allow"), 1u);
  auto again = parseOk(m->wireText());
  ASSERT_NE(again, nullptr);
  EXPECT_FALSE(again->header("Content-Type").has_value());
  EXPECT_FALSE(again->header("Allow").has_value());
  EXPECT_EQ(again->header("e"), "gzip");
  EXPECT_EQ(again->body(), "hi");
}

// Kamailio's semantics: changes are pending until the message is sent;
// reads keep seeing the message as received.
TEST(SipMessageEdits, AddAndRemoveArePendingUntilSent) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->appendHeader("X-Foo", "bar"));
  EXPECT_TRUE(m->appendHeader("X-Foo", "baz"));
  EXPECT_TRUE(m->insertHeader("X-First", "1"));
  EXPECT_FALSE(m->header("X-Foo").has_value());
  EXPECT_EQ(m->removeHeader("User-Agent"), 1u);
  EXPECT_EQ(m->header("User-Agent"), "SIPp/3.7");  // removed, still read as received
  EXPECT_EQ(m->removeHeader("X-Absent"), 0u);
  EXPECT_TRUE(m->hasPendingEdits());

  std::string wire = m->wireText();
  EXPECT_TRUE(wire.starts_with("INVITE sip:bob@biloxi.example.com SIP/2.0\r\nX-First: 1\r\nVia: "))
      << wire;
  EXPECT_NE(wire.find("\r\nX-Foo: bar\r\nX-Foo: baz\r\n\r\n"), std::string::npos) << wire;
  EXPECT_EQ(wire.find("User-Agent"), std::string::npos) << wire;
  auto sent = parseOk(wire);
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(sent->headers("x-foo"), (std::vector<std::string>{"bar", "baz"}));
  EXPECT_EQ(sent->body(), test::kSdp);
}

// rr: a Record-Route inserted, then changed (add_rr_param) or withdrawn
// (remove_record_route) before the message is sent.
TEST(SipMessageEdits, ChangeOrWithdrawAnInsertedField) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->insertHeader("Record-Route", "<sip:192.0.2.1;lr>"));
  ASSERT_TRUE(m->insertHeader("X-Other", "1"));
  EXPECT_TRUE(
      m->changeInsertedHeader("Record-Route", "<sip:192.0.2.1;lr>", "<sip:192.0.2.1;lr;nat=yes>"));
  EXPECT_FALSE(m->changeInsertedHeader("Record-Route", "<sip:192.0.2.1;lr>", "<x>"));
  EXPECT_TRUE(
      m->wireText().starts_with("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                                "Record-Route: <sip:192.0.2.1;lr;nat=yes>\r\nX-Other: 1\r\nVia: "));
  EXPECT_TRUE(m->changeInsertedHeader("Record-Route", "<sip:192.0.2.1;lr;nat=yes>", std::nullopt));
  EXPECT_TRUE(m->wireText().starts_with(
      "INVITE sip:bob@biloxi.example.com SIP/2.0\r\nX-Other: 1\r\nVia: "));
}

// Route entries removed one by one, whether alone in their field or in a
// comma-separated list (RFC 3261 §16.12).
TEST(SipMessageEdits, RemoveListElements) {
  std::string text = invite();
  text.insert(text.find("Max-Forwards"),
              "Route: <sip:a.example.com;lr>, <sip:b.example.com;lr>,<sip:c.example.com>\r\n"
              "Route: <sip:d.example.com;lr>\r\n");
  auto m = parseOk(text);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->headerElements("Route"),
            (std::vector<std::string_view>{"<sip:a.example.com;lr>", "<sip:b.example.com;lr>",
                                           "<sip:c.example.com>", "<sip:d.example.com;lr>"}));

  auto without = [&](std::vector<std::size_t> positions) {
    auto copy = m->clone();
    EXPECT_TRUE(copy->removeHeaderElements("Route", positions));
    std::string wire = copy->wireText();
    auto from = wire.find("\r\nVia: SIP/2.0/UDP 192.0.2.4");
    auto to = wire.find("Max-Forwards");
    return wire.substr(from + 2, to - from - 2);
  };
  const std::string via = "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8;received=192.0.2.3\r\n";
  EXPECT_EQ(without({0}), via +
                              "Route: <sip:b.example.com;lr>,<sip:c.example.com>\r\n"
                              "Route: <sip:d.example.com;lr>\r\n");
  EXPECT_EQ(without({0, 1}),
            via + "Route: <sip:c.example.com>\r\nRoute: <sip:d.example.com;lr>\r\n");
  EXPECT_EQ(without({2}), via +
                              "Route: <sip:a.example.com;lr>, <sip:b.example.com;lr>\r\n"
                              "Route: <sip:d.example.com;lr>\r\n");
  EXPECT_EQ(without({0, 1, 2}), via + "Route: <sip:d.example.com;lr>\r\n");
  EXPECT_EQ(without({0, 3}), via + "Route: <sip:b.example.com;lr>,<sip:c.example.com>\r\n");
  EXPECT_EQ(without({}), via +
                             "Route: <sip:a.example.com;lr>, <sip:b.example.com;lr>,"
                             "<sip:c.example.com>\r\nRoute: <sip:d.example.com;lr>\r\n");
}

TEST(SipMessageEdits, AppendAfterAndInsertBeforeAField) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->appendHeaderAfter("Call-ID", "X-After", "a"));
  EXPECT_TRUE(m->insertHeaderBefore("CSeq", "X-Before", "b"));
  EXPECT_TRUE(m->appendHeaderAfter("X-Absent", "X-End", "c"));
  std::string wire = m->wireText();
  EXPECT_NE(wire.find("@pc33.atlanta.example.com\r\nX-After: a\r\nX-Before: b\r\nCSeq: "),
            std::string::npos)
      << wire;
  EXPECT_NE(wire.find("\r\nX-End: c\r\n\r\n"), std::string::npos) << wire;
}

TEST(SipMessageEdits, ApplyChangesMakesThemReadable) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->appendHeader("X-Foo", "bar"));
  m->removeHeader("Contact");
  ASSERT_TRUE(m->applyChanges());
  EXPECT_FALSE(m->hasPendingEdits());
  EXPECT_EQ(m->header("X-Foo"), "bar");
  EXPECT_FALSE(m->header("Contact").has_value());
  EXPECT_EQ(m->body(), test::kSdp);
}

// Overlapping edits have one outcome: the first stands, the later one is
// refused and counted, and the message stays well-formed.
TEST(SipMessageEdits, OverlapsAreRefusedNotCorrupting) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->removeHeader("Contact"), 1u);
  EXPECT_EQ(m->removeHeader("Contact"), 0u);  // removed twice: once
  EXPECT_EQ(m->refusedEdits(), 1u);
  EXPECT_FALSE(m->replaceHeaderValue("Contact", "<sip:x@y>"));  // inside a removed field
  EXPECT_EQ(m->refusedEdits(), 2u);
  EXPECT_TRUE(m->insertHeaderBefore("Contact", "X-Before", "1"));  // at its edge: fine
  auto sent = parseOk(m->wireText());
  ASSERT_NE(sent, nullptr);
  EXPECT_FALSE(sent->header("Contact").has_value());
  EXPECT_EQ(sent->header("X-Before"), "1");
  EXPECT_EQ(sent->callId(), m->callId());
}

TEST(SipMessageEdits, RefusesWhatWouldBreakTheMessage) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->appendHeader("X-Evil", "a\r\nVia: SIP/2.0/UDP evil"));
  EXPECT_FALSE(m->appendHeader("X Bad", "a"));
  EXPECT_FALSE(m->appendHeader("", "a"));
  EXPECT_FALSE(m->appendHeader("Content-Length", "10"));
  EXPECT_FALSE(m->appendHeader("l", "10"));
  EXPECT_FALSE(m->appendHeader("Call-ID", "second"));
  EXPECT_FALSE(m->appendHeader("From", "<sip:x@y>;tag=2"));
  EXPECT_FALSE(m->replaceHeaderValue("From", "<not a uri"));
  EXPECT_FALSE(m->hasPendingEdits());
  EXPECT_EQ(m->refusedEdits(), 0u);
}

TEST(SipMessageEdits, ReplaceValueKeepsThePlace) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->replaceHeaderValue("From", "<sip:carol@chicago.example.com>;tag=9"));
  EXPECT_EQ(m->from().user, "alice");
  std::string wire = m->wireText();
  EXPECT_NE(wire.find("\r\nFrom: <sip:carol@chicago.example.com>;tag=9\r\nCall-ID: "),
            std::string::npos)
      << wire;
}

// What is not changed is sent byte for byte as received, the sender's
// spelling, order and compact forms included.
TEST(SipMessageWireText, UnchangedIsSentAsReceived) {
  std::string text = invite();
  auto m = parseOk(text);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->wireText(), text);
  auto compact = parseOk(registerRequest());
  ASSERT_NE(compact, nullptr);
  EXPECT_EQ(compact->wireText(), registerRequest());
}

TEST(SipMessageWireText, OwnViaRequestUriAndContentLength) {
  auto m = parseOk(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\n"
      "To: <sip:a@b>\r\nCall-ID: cl\r\nCSeq: 1 OPTIONS\r\n\r\nbody");
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->setRequestUri("sip:bob@192.0.2.4:5080;transport=udp"));
  EXPECT_EQ(m->requestUri(), "sip:bob@192.0.2.4:5080;transport=udp");  // at once, as $ru
  EXPECT_FALSE(m->setRequestUri("not a uri"));
  std::string wire = m->wireText("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKproxy");
  EXPECT_EQ(wire,
            "OPTIONS sip:bob@192.0.2.4:5080;transport=udp SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKproxy\r\n"
            "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\n"
            "To: <sip:a@b>\r\nCall-ID: cl\r\nCSeq: 1 OPTIONS\r\nContent-Length: 4\r\n\r\nbody");
  // The message itself is unchanged by sending it.
  EXPECT_EQ(m->topVia()->branch, "z9hG4bK1");
}

TEST(SipMessageWireText, RemoveTopViaOfAList) {
  auto m = parseOk(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP p:5060;branch=z9hG4bKp , SIP/2.0/UDP "
      "c;branch=z9hG4bKc\r\n"
      "From: <sip:c@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: v\r\nCSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n");
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->removeTopVia());
  EXPECT_EQ(m->wireText(),
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP c;branch=z9hG4bKc\r\n"
            "From: <sip:c@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: v\r\nCSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(m->via(1)->host, "c");
}

// As Kamailio's maxfwd: edited in place, right-aligned in the sender's
// digits, so reads see the new value at once.
TEST(SipMessageMaxForwards, SetInPlace) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  m->setMaxForwards(69);
  EXPECT_EQ(m->maxForwards(), 69);
  m->setMaxForwards(9);
  EXPECT_EQ(m->maxForwards(), 9);
  EXPECT_EQ(m->header("Max-Forwards"), " 9");
  EXPECT_NE(m->wireText().find("\r\nMax-Forwards:  9\r\n"), std::string::npos);
  EXPECT_NE(m->receivedText().find("\r\nMax-Forwards:  9\r\n"), std::string::npos);
  auto wide = parseOk(invite());
  ASSERT_NE(wide, nullptr);
  wide->setMaxForwards(300);  // wider than the sender's digits: a pending edit
  EXPECT_EQ(wide->maxForwards(), 70);
  EXPECT_NE(wide->wireText().find("\r\nMax-Forwards: 255\r\n"), std::string::npos);
}

TEST(SipMessageMaxForwards, AddedBeforeTheFirstField) {
  auto m = parseOk(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\n"
      "To: <sip:a@b>\r\nCall-ID: mf\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->maxForwards().has_value());
  m->setMaxForwards(70);
  EXPECT_TRUE(m->wireText().starts_with("OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: 70\r\nVia: "));
}

TEST(SipMessageMaxForwards, LeadingZeros) {
  auto m = parseOk(withBody(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\n"
      "To: <sip:a@b>\r\nCall-ID: mf\r\nCSeq: 0009 OPTIONS\r\nMax-Forwards: 0068\r\n",
      ""));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->maxForwards(), 68);
  EXPECT_EQ(m->cseqNumber(), 9u);
}

TEST(SipMessageVia, SourceParamsInTheReceivedText) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->setTopViaSource("192.0.2.77", 5062));
  EXPECT_EQ(m->topVia()->received, "192.0.2.77");
  EXPECT_EQ(m->topVia()->rport, 5062);
  // A second call sets the values in place.
  ASSERT_TRUE(m->setTopViaSource("192.0.2.78", 5063));
  EXPECT_EQ(m->header("Via"),
            "SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport=5063;"
            "received=192.0.2.78");
  const std::string sent =
      "SIP/2.0/UDP pc33.atlanta.example.com:5060;received=192.0.2.78;"
      "branch=z9hG4bK776asdhds;rport=5063";
  EXPECT_NE(m->wireText().find("\r\nVia: " + sent + "\r\n"), std::string::npos) << m->wireText();
  // Only before any edit: offsets of pending edits would move.
  ASSERT_TRUE(m->appendHeader("X-Foo", "1"));
  EXPECT_FALSE(m->setTopViaSource(std::nullopt, 1));
}

// A reply relayed by a stateful proxy takes the Vias of the request, in
// order, whatever the next hop left in it.
TEST(SipMessageVia, ReplaceViasWithTheRequests) {
  auto request = parseOk(invite());
  auto reply = parseOk(ringing());
  ASSERT_NE(request, nullptr);
  ASSERT_NE(reply, nullptr);
  ASSERT_TRUE(reply->replaceViasWith(*request));
  auto sent = parseOk(reply->wireText());
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(sent->headers("Via"), request->headers("Via"));
  EXPECT_EQ(sent->statusCode(), 180);
}

TEST(SipMessageRequestUri, SetAndRefuse) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->setRequestUri("sip:carol@chicago.example.com"));
  EXPECT_EQ(m->requestUri(), "sip:carol@chicago.example.com");
  EXPECT_FALSE(m->setRequestUri("not a uri"));
  EXPECT_EQ(m->requestUri(), "sip:carol@chicago.example.com");
}

TEST(SipMessageClone, IsIndependent) {
  auto m = parseOk(invite());
  ASSERT_NE(m, nullptr);
  auto copy = m->clone();
  ASSERT_NE(copy, nullptr);
  ASSERT_TRUE(copy->setRequestUri("sip:other@example.net"));
  copy->removeTopVia();
  EXPECT_EQ(m->requestUri(), "sip:bob@biloxi.example.com");
  EXPECT_FALSE(m->hasPendingEdits());
  EXPECT_TRUE(copy->hasPendingEdits());
  EXPECT_EQ(copy->body(), m->body());
  EXPECT_EQ(copy->header("X-Custom-Header"), "Some Value");
}

TEST(SipMessageBody, ContentLengthShorterThanDatagramCutsTheBody) {
  auto m = parseOk(
      "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\n"
      "To: <sip:a@b>\r\nCall-ID: cut\r\nCSeq: 1 MESSAGE\r\nContent-Length: 5\r\n\r\n"
      "Hello and trailing garbage");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->body(), "Hello");
  EXPECT_TRUE(m->wireText().ends_with("\r\nContent-Length: 5\r\n\r\nHello"));
}

TEST(SipMessageBody, WithoutContentLengthTheRestOfTheDatagram) {
  auto m = parseOk(
      "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\n"
      "To: <sip:a@b>\r\nCall-ID: rest\r\nCSeq: 1 MESSAGE\r\n\r\nHello");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->body(), "Hello");
  EXPECT_EQ(m->header("Content-Length"), "5");
}

TEST(SipMessageBody, BinaryBytesKeptExactly) {
  std::string body("\x00\x01\xff\r\n\r\n--x\x00", 10);
  auto m = parseOk(withBody(
      "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\n"
      "To: <sip:a@b>\r\nCall-ID: bin\r\nCSeq: 1 MESSAGE\r\n"
      "Content-Type: multipart/mixed;boundary=x\r\n",
      body));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->body(), body);
  auto again = parseOk(m->wireText());
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->body(), body);
}

TEST(SipMessageParse, EscapedNulIsKeptEverywhere) {
  auto m =
      parseOk(withBody("MESSAGE sip:a%00b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                       "From: \"%00\" <sip:c@d>;tag=1\r\nTo: <sip:a%00b@h>\r\nCall-ID: id%00x\r\n"
                       "CSeq: 1 MESSAGE\r\nSubject: 100%00 sure\r\n",
                       "%2500 in the body stays"));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->requestUri(), "sip:a%00b@h");
  EXPECT_EQ(m->to().user, "a%00b");
  EXPECT_EQ(m->callId(), "id%00x");
  EXPECT_EQ(m->header("Subject"), "100%00 sure");
  std::string wire = m->wireText();
  EXPECT_TRUE(wire.starts_with("MESSAGE sip:a%00b@h SIP/2.0\r\n")) << wire;
  EXPECT_NE(wire.find("\r\nFrom: \"%00\" <sip:c@d>;tag=1\r\n"), std::string::npos) << wire;
  EXPECT_NE(wire.find("\r\nCall-ID: id%00x\r\n"), std::string::npos) << wire;
  EXPECT_TRUE(wire.ends_with("\r\n\r\n%2500 in the body stays")) << wire;
  auto copy = m->clone();
  EXPECT_EQ(copy->wireText(), wire);
}

TEST(SipMessageParse, LeadingCrlfIgnored) {
  auto m = parseOk("\r\n\r\n" + registerRequest());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->method(), "REGISTER");
}

// Each row: a message and the start of the error it must be refused with.
struct Refused {
  std::string text;
  std::string error;
};

std::string request(std::string_view startLine, std::string_view headers) {
  return std::string(startLine) + "\r\n" + std::string(headers) + "Content-Length: 0\r\n\r\n";
}

constexpr std::string_view kVia = "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n";
constexpr std::string_view kFrom = "From: <sip:c@d>;tag=1\r\n";
constexpr std::string_view kTo = "To: <sip:a@b>\r\n";
constexpr std::string_view kCallId = "Call-ID: x\r\n";
constexpr std::string_view kCseq = "CSeq: 1 OPTIONS\r\n";

std::string allBut(std::string_view missing) {
  std::string out;
  for (std::string_view field : {kVia, kFrom, kTo, kCallId, kCseq}) {
    if (field != missing) out += field;
  }
  return out;
}

TEST(SipMessageParse, RefusalsSayWhatIsWrong) {
  const std::string ok = allBut("");
  const std::vector<Refused> cases = {
      {"", "empty message"},
      {"\r\n\r\n", "empty message"},
      {request("OPTIONS sip:a@b SIP/2.0", allBut(kVia)), "missing Via header"},
      {request("OPTIONS sip:a@b SIP/2.0", allBut(kFrom)), "missing From header"},
      {request("OPTIONS sip:a@b SIP/2.0", allBut(kTo)), "missing To header"},
      {request("OPTIONS sip:a@b SIP/2.0", allBut(kCallId)), "missing Call-ID header"},
      {request("OPTIONS sip:a@b SIP/2.0", allBut(kCseq)), "missing CSeq header"},
      {request("ACK sip:a@b SIP/2.0", std::string(kVia) + std::string(kFrom) + std::string(kTo) +
                                          std::string(kCallId) + "CSeq: 1 INVITE\r\n"),
       "CSeq method 'INVITE' does not match request method 'ACK'"},
      {request("OPTIONS sip:a@b SIP/3.0", ok), "unsupported SIP version 'SIP/3.0'"},
      {request("SIP/2.0 99 Too Small", ok), "status code '99' is not in 100..699"},
      {request("SIP/2.0 700 Too Big", ok), "status code '700' is not in 100..699"},
      {request("SIP/2.0 2000 Too Long", ok), "status code '2000' is not in 100..699"},
      {request("SIP/2.0 20x OK", ok), "status code '20x' is not in 100..699"},
      {request("OPTIONS sip:a@b SIP/2.0", allBut(kCseq) + "CSeq: 4294967296 OPTIONS\r\n"),
       "CSeq number '4294967296' is not a 32-bit unsigned integer"},
      {request("OPTIONS sip:a@b SIP/2.0", allBut(kCseq) + "CSeq: -1 OPTIONS\r\n"),
       "CSeq number '-1' is not a 32-bit unsigned integer"},
      {request("OPTIONS sip:a@b SIP/2.0", ok + "Max-Forwards: 256\r\n"),
       "Max-Forwards value '256' is not an integer in 0..255"},
      {request("OPTIONS sip:a@b SIP/2.0", ok + "Max-Forwards: -1\r\n"),
       "Max-Forwards value '-1' is not an integer in 0..255"},
      {request("OPTIONS sip:a@b SIP/2.0", ok + "Max-Forwards: seventy\r\n"),
       "Max-Forwards value 'seventy' is not an integer in 0..255"},
      {"OPTIONS sip:a@b SIP/2.0\r\n" + ok + "Content-Length: 10\r\n\r\nshort",
       "Content-Length 10 exceeds the 5 bytes of body received"},
      {"OPTIONS sip:a@b SIP/2.0\r\n" + ok + "Content-Length: -1\r\n\r\n",
       "Content-Length '-1' is not a non-negative integer"},
      {"OPTIONS sip:a@b SIP/2.0\r\n" + ok + "Content-Length: 99999999999999999999999\r\n\r\n",
       "Content-Length '99999999999999999999999' is not a non-negative integer"},
      {"OPTIONS sip:a@b SIP/2.0\r\n" + ok + "Content-Length: 0\r\nl: 0\r\n\r\n",
       "more than one Content-Length header"},
      {"OPTIONS sip:a@b SIP/2.0\r\n" + ok, "header section not ended by an empty line"},
      {"this is not SIP\r\n\r\n", "malformed message"},
      {request("OPTIONS sip:a@b SIP/2.0",
               allBut(kVia) + "Via: SIP/2.0/UDP h:99999;branch=z9hG4bK1\r\n"),
       "a Via has no transport, no host or an invalid port"},
      {request("OPTIONS sip:a@b SIP/2.0",
               allBut(kVia) + "Via: SIP/2.0/UDP h;branch=z9hG4bK1;rport=x\r\n"),
       "top Via rport 'x' is not a port number"},
      {"OPTIONS sip:a@b SIP/2.0\r\n" + ok + "X-Cr: a\rVia: SIP/2.0/UDP evil\r\n\r\n",
       "CR without LF in the header section"},
      {request("OPTIONS sip:a@b SIP/2.0", ok + std::string("X-Nul: a\0b\r\n", 12)),
       "NUL byte outside a quoted string in the header section"},
      {request("OPTIONS sip:a%00@b SIP/2.0", ok + "X-Text: %2500\r\n"),
       "both %00 and %2500 in the header section"},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(refusal(c.text).starts_with(c.error))
        << "message:\n"
        << c.text << "\nexpected: " << c.error << "\ngot: " << refusal(c.text);
  }
}

TEST(SipMessageParse, ErrorTextIsBoundedAndPrintable) {
  std::string huge(500, '9');
  std::string error =
      refusal(request("OPTIONS sip:a@b SIP/2.0", allBut(kCseq) + "CSeq: " + huge + " OPTIONS\r\n"));
  EXPECT_LT(error.size(), 150u) << error;
}

}  // namespace
}  // namespace kemid
