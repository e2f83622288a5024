#include "sip/sip_uri.h"

#include <gtest/gtest.h>

namespace kemid {
namespace {

TEST(SipUri, AllParts) {
  auto uri = SipUri::parse("sip:alice:secret@atlanta.example.com:5070;transport=tcp;lr?subject=hi");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->scheme, "sip");
  EXPECT_EQ(uri->user, "alice");
  EXPECT_EQ(uri->password, "secret");
  EXPECT_EQ(uri->host, "atlanta.example.com");
  EXPECT_EQ(uri->port, 5070);
  ASSERT_EQ(uri->params.size(), 2u);
  EXPECT_EQ(uri->params[0], (SipParam{"transport", "tcp"}));
  EXPECT_EQ(uri->params[1], (SipParam{"lr", std::nullopt}));
  ASSERT_EQ(uri->headers.size(), 1u);
  EXPECT_EQ(uri->headers[0], (SipParam{"subject", "hi"}));
  EXPECT_EQ(uri->toString(),
            "sip:alice:secret@atlanta.example.com:5070;transport=tcp;lr?subject=hi");
  EXPECT_EQ(uri->hostPort(), "atlanta.example.com:5070");
}

TEST(SipUri, HostOnly) {
  auto uri = SipUri::parse("sip:registrar.example.com");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->user, "");
  EXPECT_EQ(uri->host, "registrar.example.com");
  EXPECT_FALSE(uri->port.has_value());
  EXPECT_EQ(uri->toString(), "sip:registrar.example.com");
}

TEST(SipUri, EscapedUserIsUnescapedAndEscapedAgain) {
  auto uri = SipUri::parse("sip:sips%3Auser%40example.com@example.net");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->user, "sips:user@example.com");
  EXPECT_EQ(uri->toString(), "sip:sips%3Auser%40example.com@example.net");
  EXPECT_EQ(SipUri::parse(uri->toString()), uri);
}

TEST(SipUri, Ipv6) {
  auto uri = SipUri::parse("sip:bob@[2001:db8::1]:5062");
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->host, "2001:db8::1");
  EXPECT_EQ(uri->hostPort(), "[2001:db8::1]:5062");
  EXPECT_EQ(uri->toString(), "sip:bob@[2001:db8::1]:5062");
}

TEST(SipUri, OtherSchemesAreOpaque) {
  auto tel = SipUri::parse("tel:+1-201-555-0123;phone-context=example.com");
  ASSERT_TRUE(tel.has_value());
  EXPECT_EQ(tel->scheme, "tel");
  EXPECT_EQ(tel->opaque, "+1-201-555-0123;phone-context=example.com");
  EXPECT_EQ(tel->toString(), "tel:+1-201-555-0123;phone-context=example.com");
  EXPECT_FALSE(tel->nextHop().has_value());
}

TEST(SipUri, Refused) {
  for (const char* text :
       {"", "sip:", "sip:a@b:99999", "sip:a@b:port", "<sip:a@b>", "soap.beep://192.0.2.103:3002"}) {
    EXPECT_FALSE(SipUri::parse(text).has_value()) << text;
  }
}

TEST(SipUri, NextHop) {
  EXPECT_EQ(SipUri::parse("sip:127.0.0.1:5080;transport=udp")->nextHop(),
            (NextHop{Transport::Udp, "127.0.0.1", 5080}));
  EXPECT_EQ(SipUri::parse("sip:proxy.example.com")->nextHop(),
            (NextHop{Transport::Udp, "proxy.example.com", 5060}));
  EXPECT_EQ(SipUri::parse("sip:h;transport=TCP")->nextHop(), (NextHop{Transport::Tcp, "h", 5060}));
  EXPECT_EQ(SipUri::parse("sip:h;transport=tls")->nextHop(), (NextHop{Transport::Tls, "h", 5061}));
  EXPECT_EQ(SipUri::parse("sips:h")->nextHop(), (NextHop{Transport::Tls, "h", 5061}));
  EXPECT_EQ(SipUri::parse("sips:h;transport=tcp")->nextHop(), (NextHop{Transport::Tls, "h", 5061}));
  EXPECT_EQ(SipUri::parse("sip:u@[::1]:5090")->nextHop(), (NextHop{Transport::Udp, "::1", 5090}));
  EXPECT_FALSE(SipUri::parse("sip:h;transport=ws")->nextHop().has_value());
}

TEST(SipUri, ValueTypeRoundTrip) {
  SipUri uri;
  uri.scheme = "sip";
  uri.user = "carol";
  uri.host = "192.0.2.7";
  uri.port = 5060;
  uri.params = {{"transport", "udp"}, {"lr", std::nullopt}};
  EXPECT_EQ(uri.toString(), "sip:carol@192.0.2.7:5060;transport=udp;lr");
  EXPECT_EQ(SipUri::parse(uri.toString()), uri);
}

}  // namespace
}  // namespace kemid
