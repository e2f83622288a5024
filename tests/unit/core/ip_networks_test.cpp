// http_allow's networks: parsing, matching, and the error a config shows.

#include "core/ip_networks.h"

#include <gtest/gtest.h>

namespace kemid {
namespace {

IpNetworks parsed(std::string_view text) {
  std::string error;
  auto networks = IpNetworks::parse(text, error);
  EXPECT_TRUE(networks) << text << ": " << error;
  return networks ? *networks : IpNetworks{};
}

TEST(IpNetworks, HostsAndPrefixes) {
  IpNetworks list = parsed("127.0.0.1, 10.0.0.0/8 192.168.4.0/22, 2001:db8::/32, ::1");
  EXPECT_TRUE(list.contains("127.0.0.1"));
  EXPECT_FALSE(list.contains("127.0.0.2"));
  EXPECT_TRUE(list.contains("10.200.3.4"));
  EXPECT_FALSE(list.contains("11.0.0.1"));
  EXPECT_TRUE(list.contains("192.168.7.255"));
  EXPECT_FALSE(list.contains("192.168.8.0"));
  EXPECT_TRUE(list.contains("2001:db8:1::5"));
  EXPECT_TRUE(list.contains("[2001:db8::1]"));
  EXPECT_FALSE(list.contains("2001:db9::1"));
  EXPECT_TRUE(list.contains("::1"));
  EXPECT_TRUE(list.contains("::ffff:10.1.2.3"));  // IPv4-mapped counts as IPv4
  EXPECT_FALSE(list.contains("not-an-address"));
}

TEST(IpNetworks, EverythingAndNothing) {
  EXPECT_TRUE(parsed("").empty());
  EXPECT_FALSE(parsed("").contains("127.0.0.1"));
  IpNetworks any = parsed("0.0.0.0/0, ::/0");
  EXPECT_TRUE(any.contains("203.0.113.9"));
  EXPECT_TRUE(any.contains("2001:db8::9"));
}

TEST(IpNetworks, RefusedWithTheReason) {
  EXPECT_EQ(checkIpNetworks("10.0.0.0/33"), "'10.0.0.0/33': the prefix length must be 0 to 32");
  EXPECT_EQ(checkIpNetworks("::/129"), "'::/129': the prefix length must be 0 to 128");
  EXPECT_EQ(checkIpNetworks("10.0.0.0/x"), "'10.0.0.0/x': the prefix length must be 0 to 32");
  EXPECT_EQ(checkIpNetworks("localhost"), "'localhost' is not an IP address or network");
  EXPECT_EQ(checkIpNetworks("10.0.0.0/8"), "");
}

}  // namespace
}  // namespace kemid
