#include <gtest/gtest.h>

#include <stdexcept>

#include "core/config.h"

namespace kemid {
namespace {

TEST(ParseListenAddress, ProtoHostPort) {
  auto a = parseListenAddress("udp:127.0.0.1:5070");
  EXPECT_EQ(a.transport, Transport::Udp);
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 5070);
  EXPECT_EQ(a.describe(5060), "udp: 127.0.0.1:5070");
}

TEST(ParseListenAddress, WithoutProtoMeansEveryTransport) {
  auto a = parseListenAddress("127.0.0.1:5062");
  EXPECT_EQ(a.transport, Transport::Any);
  EXPECT_EQ(a.port, 5062);
}

TEST(ParseListenAddress, WithoutPortUsesTheGlobalPort) {
  auto a = parseListenAddress("udp:127.0.0.2");
  EXPECT_FALSE(a.port.has_value());
  EXPECT_EQ(a.describe(5088), "udp: 127.0.0.2:5088");
}

TEST(ParseListenAddress, BracketedIpv6AndHostnames) {
  auto v6 = parseListenAddress("udp:[::1]:5064");
  EXPECT_EQ(v6.host, "[::1]");
  EXPECT_EQ(v6.port, 5064);
  auto name = parseListenAddress("tcp:localhost:5065");
  EXPECT_EQ(name.transport, Transport::Tcp);
  EXPECT_EQ(name.host, "localhost");
}

TEST(ParseListenAddress, AdvertisedAddressAfterSlash) {
  auto a = parseListenAddress("udp:127.0.0.1:5087/1.2.3.4:5060");
  EXPECT_EQ(a.advertiseHost, "1.2.3.4");
  EXPECT_EQ(a.advertisePort, 5060);
  EXPECT_EQ(a.describe(5060), "udp: 127.0.0.1:5087 advertise 1.2.3.4:5060");
}

void expectRefused(const std::string& text, const std::string& why) {
  try {
    parseListenAddress(text);
    ADD_FAILURE() << text << " was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(e.what(), "bad address '" + text + "': " + why);
  }
}

TEST(ParseListenAddress, RefusesWhatItCannotUse) {
  expectRefused("udp:127.0.0.1:50x0", "port '50x0' is not a number");
  expectRefused("udp:127.0.0.1:70000", "port 70000 is not in 1..65535");
  expectRefused("udp:127.0.0.1:", "missing port after ':'");
  expectRefused("udp:[::1", "missing ']'");
  expectRefused("udp::5060", "no host");
  expectRefused("udp:::1:5060", "an IPv6 address must be written in brackets, as [::1]");
}

}  // namespace
}  // namespace kemid
