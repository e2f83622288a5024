// src/core/forwarding: the relaying shared by tm and the core's
// stateless forward.

#include "core/forwarding.h"

#include "core/message_context.h"
#include "tm_test_support.h"

namespace kemid::sip {
namespace {

using tm::test::FakeNetwork;
using tm::test::kCallee;

TEST(RequestForwardingTest, ResolvesAddressesAndNames) {
  EXPECT_EQ(resolveHost("192.0.2.20"), "192.0.2.20");
  EXPECT_EQ(resolveHost("[2001:db8::1]"), "2001:db8::1");
  EXPECT_EQ(resolveHost("2001:db8::1"), "2001:db8::1");
  EXPECT_TRUE(resolveHost("localhost").has_value());
  EXPECT_FALSE(resolveHost("no-such-host.invalid"));
  EXPECT_FALSE(resolveHost(""));
}

TEST(RequestForwardingTest, DestinationOfAUri) {
  FakeNetwork network;
  auto plain = resolveUri("sip:bob@192.0.2.20", network);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain.destination.endpoint, (Endpoint{"192.0.2.20", 5060}));
  auto udp = resolveUri("sip:192.0.2.20:5080;transport=UDP", network);
  ASSERT_TRUE(udp.ok());
  EXPECT_EQ(udp.destination.endpoint.port, 5080);
  EXPECT_EQ(resolveUri("sip:192.0.2.20;transport=tcp", network).error,
            ForwardError::UnsupportedTransport);
  EXPECT_EQ(resolveUri("sips:192.0.2.20", network).error, ForwardError::UnsupportedTransport);
  EXPECT_EQ(resolveUri("sip:192.0.2.20;transport=foo", network).error,
            ForwardError::UnsupportedTransport);
  EXPECT_EQ(resolveUri("tel:+15551234", network).error, ForwardError::BadUri);
  EXPECT_EQ(resolveUri("not a uri", network).error, ForwardError::BadUri);
  EXPECT_EQ(resolveUri("sip:no-such-host.invalid", network).error, ForwardError::Unresolvable);
  auto explicitAddress = resolveAddress("UDP", "192.0.2.30", 0, network);
  ASSERT_TRUE(explicitAddress.ok());
  EXPECT_EQ(explicitAddress.destination.endpoint, (Endpoint{"192.0.2.30", 5060}));
  EXPECT_EQ(resolveAddress("tcp", "192.0.2.30", 5060, network).error,
            ForwardError::UnsupportedTransport);
  EXPECT_EQ(resolveAddress("xyz", "192.0.2.30", 5060, network).error,
            ForwardError::UnsupportedTransport);
}

TEST(RequestForwardingTest, ATcpTargetLeavesFromTheTcpSocket) {
  FakeNetwork network({"192.0.2.10", 5060}, /*withTcp=*/true);
  auto uri = resolveUri("sip:bob@192.0.2.30;transport=tcp", network);
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri.destination.socketIndex, FakeNetwork::kTcpSocket);
  auto address = resolveAddress("TCP", "192.0.2.30", 5070, network);
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address.destination.socketIndex, FakeNetwork::kTcpSocket);
  EXPECT_EQ(resolveUri("sip:bob@192.0.2.30", network).destination.socketIndex, 0);
}

// As Kamailio without mhomed: from the socket the request came in on when
// it has the destination's address family.
TEST(RequestForwardingTest, SendsFromTheReceivingSocket) {
  FakeNetwork network({"192.0.2.10", 5060}, /*withTcp=*/true);
  ReceiveInfo received;
  received.local = {"192.0.2.10", 5062};
  received.socketIndex = 1;
  Destination v4{{"192.0.2.30", 5060}, 0};
  preferReceivingSocket(v4, received, network);
  EXPECT_EQ(v4.socketIndex, 1);
  Destination v6{{"2001:db8::30", 5060}, 2};
  preferReceivingSocket(v6, received, network);
  EXPECT_EQ(v6.socketIndex, 2);
  Destination unreceived{{"192.0.2.30", 5060}, 0};
  preferReceivingSocket(unreceived, ReceiveInfo{}, network);
  EXPECT_EQ(unreceived.socketIndex, 0);
  // A request that came over TCP and goes on over UDP keeps the UDP socket.
  received.transport = Transport::Tcp;
  received.socketIndex = FakeNetwork::kTcpSocket;
  Destination overUdp{{"192.0.2.30", 5060}, 0};
  preferReceivingSocket(overUdp, received, network);
  EXPECT_EQ(overUdp.socketIndex, 0);
}

TEST(RequestForwardingTest, OwnViaOnTheWireOnly) {
  FakeNetwork network;
  std::string error;
  auto request = SipMessage::parse(tm::test::invite(), error);
  ASSERT_TRUE(request) << error;
  Destination to{kCallee, 0};
  auto text = wireTextWithOwnVia(*request, to, network, "z9hG4bKmine");
  EXPECT_EQ(request->viaCount(), 1u);
  auto sent = SipMessage::parse(text, error);
  ASSERT_TRUE(sent) << error;
  ASSERT_EQ(sent->viaCount(), 2u);
  EXPECT_EQ(sent->topVia()->toString(), "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKmine");
}

TEST(RequestForwardingTest, StatelessForwardUsesDuElseRequestUri) {
  FakeNetwork network;
  std::string error;
  auto request = SipMessage::parse(tm::test::request("MESSAGE", "z9hG4bKm1"), error);
  ASSERT_TRUE(request) << error;
  request->setRequestUri("sip:bob@192.0.2.40:5070");
  MessageContext ctx;
  ctx.message = request.get();
  EXPECT_EQ(forwardStateless(ctx, network), ForwardError::None);
  ctx.dstUri = "sip:192.0.2.20:5080";
  EXPECT_EQ(forwardStateless(ctx, network), ForwardError::None);
  auto sent = network.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].to, (Endpoint{"192.0.2.40", 5070}));
  EXPECT_EQ(sent[1].to, kCallee);
  // §16.11: the same request gets the same branch, wherever it goes.
  EXPECT_EQ(sent[0].parse()->topVia()->branch, sent[1].parse()->topVia()->branch);
  EXPECT_EQ(request->viaCount(), 1u);

  network.failSends = true;
  EXPECT_EQ(forwardStateless(ctx, network), ForwardError::SendFailed);
  ctx.dstUri = "sip:no-such-host.invalid";
  EXPECT_EQ(forwardStateless(ctx, network), ForwardError::Unresolvable);
}

}  // namespace
}  // namespace kemid::sip
