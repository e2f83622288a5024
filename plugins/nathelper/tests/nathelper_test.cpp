// nathelper through its KEMI table, with the results and the wire text
// Kamailio 5.6.3 gave for the same calls (measured).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "pv/pv_api.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

namespace kemid::nathelper {
namespace {

// A pv that records what nathelper assigns.
class RecordingPv : public pv::PvApi {
 public:
  std::optional<pv::PvValue> get(std::string_view, MessageContext&) override { return {}; }
  std::optional<std::string> format(std::string_view, MessageContext&) override { return {}; }
  bool set(std::string_view name, const pv::PvValue& value, MessageContext&) override {
    assigned.emplace_back(std::string(name), value.toText());
    return true;
  }
  std::vector<std::pair<std::string, std::string>> assigned;
};

// The parts of a test request that differ between tests.
struct MessageParts {
  std::string ruri = "sip:bob@127.0.0.1:5060";
  std::string via = "192.168.1.2:5070;rport";
  std::string contact = "<sip:alice@192.168.1.2:5062>";
  std::string sdp;

  MessageParts& withRuri(std::string value) { return ruri = std::move(value), *this; }
  MessageParts& withVia(std::string value) { return via = std::move(value), *this; }
  MessageParts& withContact(std::string value) { return contact = std::move(value), *this; }
  MessageParts& withSdp(std::string value) { return sdp = std::move(value), *this; }
};

std::string request(const MessageParts& parts) {
  std::string text = "MESSAGE " + parts.ruri + " SIP/2.0\r\n";
  text += "Via: SIP/2.0/UDP " + parts.via + ";branch=z9hG4bK-1\r\n";
  text += "From: <sip:alice@127.0.0.1>;tag=a1\r\nTo: <sip:bob@127.0.0.1>\r\n";
  text += "Call-ID: c1@x\r\nCSeq: 1 MESSAGE\r\n";
  if (!parts.contact.empty()) text += "Contact: " + parts.contact + "\r\n";
  if (!parts.sdp.empty()) text += "Content-Type: application/sdp\r\n";
  text += "Content-Length: " + std::to_string(parts.sdp.size()) + "\r\n\r\n" + parts.sdp;
  return text;
}

constexpr std::string_view kTwoStreams =
    "v=0\r\no=- 1 1 IN IP4 10.1.2.3\r\ns=-\r\nc=IN IP4 10.1.2.3\r\nt=0 0\r\n"
    "m=audio 4000 RTP/AVP 0\r\na=rtcp:4001 IN IP4 10.1.2.3\r\n"
    "m=video 4002 RTP/AVP 96\r\nc=IN IP4 10.1.2.4\r\n";

class Nathelper : public ::testing::Test {
 protected:
  void SetUp() override { init(); }

  void init(std::vector<std::pair<std::string_view, ParamValue>> modparams = {}) {
    for (auto& [name, value] : modparams) plugin_.setParam(name, value);
    ASSERT_TRUE(plugin_.init().ok());
    ASSERT_TRUE(plugin_.host().publishApi<pv::PvApi>(pv_));
  }

  void load(const MessageParts& parts, std::string sourceIp = "127.0.0.1",
            std::uint16_t sourcePort = 5070) {
    std::string error;
    message_ = SipMessage::parse(request(parts), error);
    ASSERT_NE(message_, nullptr) << error;
    context_ = MessageContext{};
    context_.message = message_.get();
    context_.received.source = Endpoint{std::move(sourceIp), sourcePort};
  }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, std::move(args)));
  }

  std::string wireHeader(std::string_view name) const {
    const std::string wire = message_->wireText();
    const std::string prefix = "\r\n" + std::string(name) + ": ";
    const auto at = wire.find(prefix);
    if (at == std::string::npos) return {};
    const auto begin = at + prefix.size();
    return wire.substr(begin, wire.find("\r\n", begin) - begin);
  }

  std::string wireBody() const {
    const std::string wire = message_->wireText();
    return wire.substr(wire.find("\r\n\r\n") + 4);
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  RecordingPv pv_;
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(Nathelper, NatUacTestPrivateContactViaAndSdp) {
  load(MessageParts().withSdp(std::string(kTwoStreams)));
  const std::vector<std::pair<std::int64_t, std::int64_t>> expected{
      {1, 1},   {2, 1},   {4, 1},    {8, 1},     {16, -1}, {32, -1}, {64, -1},
      {128, 1}, {256, 1}, {512, -1}, {1024, -1}, {19, 1},  {0, -1}};
  for (auto [flags, result] : expected) {
    EXPECT_EQ(call("nat_uac_test", {flags}), result) << "flags " << flags;
  }
}

TEST_F(Nathelper, NatUacTestPublicAddressesFindNothing) {
  load(MessageParts()
           .withVia("127.0.0.1:5070;rport")
           .withContact("<sip:alice@127.0.0.1:5070>")
           .withSdp("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n"));
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{511}}), -1);
}

TEST_F(Nathelper, NatUacTestMissingPortsMean5060) {
  load(MessageParts().withVia("127.0.0.1;rport").withContact("<sip:alice@127.0.0.1>"));
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{16}}), 1);
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{128}}), 1);
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{2}}), -1);
}

TEST_F(Nathelper, NatUacTestSourceAddressPrivate) {
  load(MessageParts().withVia("10.0.0.1:5070").withContact("<sip:a@10.0.0.1:5070>"), "10.0.0.1");
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{32}}), 1);
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{2 | 16 | 128}}), -1);
}

TEST_F(Nathelper, NatUacTestSdpFlagsReadEveryOrFirstConnectionLine) {
  // 8 looks at every c= line; 256 at the first only (measured).
  load(
      MessageParts()
          .withVia("127.0.0.1:5070")
          .withContact("<sip:a@127.0.0.1:5070>")
          .withSdp("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4 192.168.0.9\r\n"));
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{8}}), 1);
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{256}}), -1);
  load(MessageParts()
           .withVia("127.0.0.1:5070")
           .withContact("<sip:a@127.0.0.1:5070>")
           .withSdp("v=0\r\nc=IN IP4 10.9.9.9\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4 127.0.0.1\r\n"));
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{256}}), 1);
}

TEST_F(Nathelper, NatUacTestContactWithoutBracketsAndShared) {
  load(MessageParts()
           .withVia("100.64.0.1:5070")
           .withContact("sip:alice@172.16.5.5:5070;expires=30"));
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{1}}), 1);
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{4}}), 1);
  EXPECT_EQ(call("nat_uac_test", {std::int64_t{128}}), -1);
}

TEST_F(Nathelper, IsRfc1918Ranges) {
  load(MessageParts());
  const std::vector<std::pair<std::string, std::int64_t>> expected{{"10.0.0.1", 1},
                                                                   {"172.16.0.1", 1},
                                                                   {"172.31.255.255", 1},
                                                                   {"172.32.0.1", -1},
                                                                   {"192.168.0.1", 1},
                                                                   {"100.64.0.1", 1},
                                                                   {"100.127.255.255", 1},
                                                                   {"100.128.0.1", -1},
                                                                   {"192.0.0.1", 1},
                                                                   {"192.0.0.255", 1},
                                                                   {"192.0.1.0", -1},
                                                                   {"127.0.0.1", -1},
                                                                   {"8.8.8.8", -1},
                                                                   {"fd00::1", -1},
                                                                   {"::1", -1},
                                                                   {"abc", -1},
                                                                   {"", -1}};
  for (const auto& [address, result] : expected) {
    EXPECT_EQ(call("is_rfc1918", {std::string_view(address)}), result) << address;
  }
}

TEST_F(Nathelper, IsRfc1918NarrowIetfBlockWithNatAddrMode0) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  plugin.setParam("nat_addr_mode", std::int64_t{0});
  ASSERT_TRUE(plugin.init().ok());
  EXPECT_EQ(std::get<std::int64_t>(
                plugin.callKemi("is_rfc1918", nullptr, {std::string_view("192.0.0.7")})),
            1);
  EXPECT_EQ(std::get<std::int64_t>(
                plugin.callKemi("is_rfc1918", nullptr, {std::string_view("192.0.0.8")})),
            -1);
}

TEST_F(Nathelper, FixNatedContactWritesSourceHostPort) {
  load(MessageParts().withContact(
      "\"Alice\" <sip:alice@192.168.1.2:5062;transport=udp>;expires=60"));
  EXPECT_EQ(call("fix_nated_contact"), 1);
  EXPECT_EQ(wireHeader("Contact"), "\"Alice\" <sip:alice@127.0.0.1:5070;transport=udp>;expires=60");
  EXPECT_EQ(call("fix_nated_contact"), -1);  // twice: Kamailio refuses too
}

TEST_F(Nathelper, SetContactAliasAfterFixNatedContactIsRefused) {
  load(MessageParts());
  EXPECT_EQ(call("fix_nated_contact"), 1);
  EXPECT_EQ(call("set_contact_alias"), -1);
  EXPECT_EQ(wireHeader("Contact"), "<sip:alice@127.0.0.1:5070>");
}

TEST_F(Nathelper, FixNatedContactAddsPortAndNeedsContact) {
  load(MessageParts().withContact("sip:alice@192.168.1.2"));
  EXPECT_EQ(call("fix_nated_contact"), 1);
  EXPECT_EQ(wireHeader("Contact"), "sip:alice@127.0.0.1:5070");
  load(MessageParts().withContact(""));
  EXPECT_EQ(call("fix_nated_contact"), -1);
}

TEST_F(Nathelper, SetContactAliasAppendsAliasToUri) {
  load(MessageParts().withContact("<sip:alice@192.168.1.2:5062;ob>"));
  EXPECT_EQ(call("set_contact_alias"), 1);
  EXPECT_EQ(wireHeader("Contact"), "<sip:alice@192.168.1.2:5062;ob;alias=127.0.0.1~5070~1>");
}

TEST_F(Nathelper, SetContactAliasTrimReplacesOldAlias) {
  load(MessageParts().withContact("<sip:alice@192.168.1.2:5062;alias=10.0.0.1~5060~1;ob>"));
  EXPECT_EQ(call("set_contact_alias_trim"), 1);
  EXPECT_EQ(wireHeader("Contact"), "<sip:alice@192.168.1.2:5062;ob;alias=127.0.0.1~5070~1>");
}

TEST_F(Nathelper, AddContactAliasBracketsBareUri) {
  load(MessageParts().withContact("sip:alice@192.168.1.2"));
  EXPECT_EQ(call("add_contact_alias"), 1);
  EXPECT_EQ(wireHeader("Contact"), "<sip:alice@192.168.1.2;alias=127.0.0.1~5070~1>");
}

TEST_F(Nathelper, AddContactAliasTwiceAddsTwo) {
  load(MessageParts().withContact("<sip:alice@127.0.0.1:5070>"));
  EXPECT_EQ(call("add_contact_alias"), 1);
  EXPECT_EQ(call("set_contact_alias"), 1);
  EXPECT_EQ(wireHeader("Contact"),
            "<sip:alice@127.0.0.1:5070;alias=127.0.0.1~5070~1;alias=127.0.0.1~5070~1>");
}

TEST_F(Nathelper, AddContactAliasAddr) {
  load(MessageParts());
  EXPECT_EQ(call("add_contact_alias_addr", {std::string_view("192.0.2.7"), std::string_view("5099"),
                                            std::string_view("tcp")}),
            1);
  EXPECT_EQ(wireHeader("Contact"), "<sip:alice@192.168.1.2:5062;alias=192.0.2.7~5099~2>");
  EXPECT_EQ(call("add_contact_alias_addr",
                 {std::string_view("192.0.2.7"), std::string_view("x"), std::string_view("udp")}),
            -1);
}

TEST_F(Nathelper, AddRcvParamAsHeaderOrUriParameter) {
  load(MessageParts().withContact(
      "\"Alice\" <sip:alice@192.168.1.2:5062;transport=udp>;expires=60"));
  EXPECT_EQ(call("add_rcv_param", {std::int64_t{0}}), 1);
  EXPECT_EQ(wireHeader("Contact"),
            "\"Alice\" <sip:alice@192.168.1.2:5062;transport=udp>;expires=60;"
            "received=\"sip:127.0.0.1:5070\"");
  load(MessageParts().withContact("<sip:alice@192.168.1.2:5062>;expires=60"));
  EXPECT_EQ(call("add_rcv_param", {std::int64_t{1}}), 1);
  EXPECT_EQ(wireHeader("Contact"),
            "<sip:alice@192.168.1.2:5062;received=sip:127.0.0.1:5070>;expires=60");
}

TEST_F(Nathelper, HandleRuriAliasSetsNextHop) {
  load(MessageParts().withRuri("sip:bob@10.0.0.9:5062;alias=127.0.0.1~5080~1;ob"));
  EXPECT_EQ(call("handle_ruri_alias"), 1);
  EXPECT_EQ(message_->requestUri(), "sip:bob@10.0.0.9:5062;ob");
  EXPECT_EQ(context_.dstUri, "sip:127.0.0.1:5080");
}

TEST_F(Nathelper, HandleRuriAliasTcpAndAbsent) {
  load(MessageParts().withRuri("sip:bob@10.0.0.9;alias=192.0.2.1~5062~2"));
  EXPECT_EQ(call("handle_ruri_alias_mode", {std::int64_t{0}}), 1);
  EXPECT_EQ(context_.dstUri, "sip:192.0.2.1:5062;transport=tcp");
  load(MessageParts().withRuri("sip:bob@127.0.0.1:5080"));
  EXPECT_EQ(call("handle_ruri_alias"), 2);
  EXPECT_EQ(context_.dstUri, "");
  load(MessageParts().withRuri("sip:bob@127.0.0.1:5080;alias=junk"));
  EXPECT_EQ(call("handle_ruri_alias"), -1);
}

TEST_F(Nathelper, SetAliasToPvWritesAliasUri) {
  load(MessageParts().withContact("<sip:alice@192.168.1.2:5062;alias=127.0.0.1~5080~1>"));
  EXPECT_EQ(call("set_alias_to_pv", {std::string_view("$var(alias)")}), 1);
  ASSERT_EQ(pv_.assigned.size(), 1u);
  EXPECT_EQ(pv_.assigned[0].first, "$var(alias)");
  EXPECT_EQ(pv_.assigned[0].second, "sip:127.0.0.1:5080;transport=udp");
  load(MessageParts());
  EXPECT_EQ(call("set_alias_to_pv", {std::string_view("$var(alias)")}), -1);
}

TEST_F(Nathelper, FixNatedRegisterStoresReceivedUriInAvp) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  plugin.setParam("received_avp", std::string("$avp(RECEIVED)"));
  ASSERT_TRUE(plugin.init().ok());
  ASSERT_TRUE(plugin.host().publishApi<pv::PvApi>(pv_));
  load(MessageParts());
  EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("fix_nated_register", &context_, {})), 1);
  ASSERT_EQ(pv_.assigned.size(), 1u);
  EXPECT_EQ(pv_.assigned[0].first, "$avp(RECEIVED)");
  EXPECT_EQ(pv_.assigned[0].second, "sip:127.0.0.1:5070");
}

TEST_F(Nathelper, FixNatedSdpAddsDirectionPerStream) {
  load(MessageParts().withSdp(std::string(kTwoStreams)));
  EXPECT_EQ(call("fix_nated_sdp", {std::int64_t{1}}), 2);
  EXPECT_EQ(wireBody(),
            "v=0\r\no=- 1 1 IN IP4 10.1.2.3\r\ns=-\r\nc=IN IP4 10.1.2.3\r\nt=0 0\r\n"
            "m=audio 4000 RTP/AVP 0\r\na=rtcp:4001 IN IP4 10.1.2.3\r\na=direction:active\r\n"
            "m=video 4002 RTP/AVP 96\r\nc=IN IP4 10.1.2.4\r\na=direction:active\r\n");
}

TEST_F(Nathelper, FixNatedSdpRewritesMediaAddresses) {
  load(MessageParts().withSdp(std::string(kTwoStreams)));
  EXPECT_EQ(call("fix_nated_sdp", {std::int64_t{2}}), 1);
  EXPECT_EQ(wireBody(),
            "v=0\r\no=- 1 1 IN IP4 10.1.2.3\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            "m=audio 4000 RTP/AVP 0\r\na=rtcp:4001 IN IP4 127.0.0.1\r\n"
            "m=video 4002 RTP/AVP 96\r\nc=IN IP4 127.0.0.1\r\n"
            "a=oldmediaip:10.1.2.3\r\na=oldmediaip:10.1.2.3\r\na=oldmediaip:10.1.2.4\r\n");
  EXPECT_EQ(wireHeader("Content-Length"), std::to_string(wireBody().size()));
}

TEST_F(Nathelper, FixNatedSdpEveryBitInKamailiosOrder) {
  load(MessageParts().withSdp(std::string(kTwoStreams)));
  EXPECT_EQ(call("fix_nated_sdp_ip", {std::int64_t{15}, std::string_view("127.0.0.1")}), 1);
  EXPECT_EQ(wireBody(),
            "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            "m=audio 4000 RTP/AVP 0\r\na=rtcp:4001 IN IP4 127.0.0.1\r\na=direction:active\r\n"
            "m=video 4002 RTP/AVP 96\r\nc=IN IP4 127.0.0.1\r\na=direction:active\r\n"
            "a=nortpproxy:yes\r\n"
            "a=oldmediaip:10.1.2.3\r\na=oldmediaip:10.1.2.3\r\na=oldmediaip:10.1.2.4\r\n"
            "a=oldmediaip:10.1.2.3\r\n");
}

TEST_F(Nathelper, FixNatedSdpKeepsHoldAddressAndIp6Token) {
  load(MessageParts().withSdp(
      "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nc=IN IP4 0.0.0.0\r\nm=audio 1 RTP/AVP 0\r\n"));
  EXPECT_EQ(call("fix_nated_sdp", {std::int64_t{10}}), 2);
  EXPECT_EQ(wireBody(),
            "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nc=IN IP4 0.0.0.0\r\nm=audio 1 RTP/AVP 0\r\n");
  load(MessageParts().withSdp(
      "v=0\r\nc=IN IP6 fd00::1\r\nm=audio 1 RTP/AVP 0\r\na=rtcp:2 IN IP6 fd00::1\r\n"));
  EXPECT_EQ(call("fix_nated_sdp", {std::int64_t{2}}), 1);
  EXPECT_EQ(wireBody(),
            "v=0\r\nc=IN IP6 127.0.0.1\r\nm=audio 1 RTP/AVP 0\r\na=rtcp:2 IN IP6 127.0.0.1\r\n"
            "a=oldmediaip6:fd00::1\r\na=oldmediaip6:fd00::1\r\n");
}

TEST_F(Nathelper, FixNatedSdpNothingToReplaceAnswers2) {
  load(MessageParts().withSdp("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 1 RTP/AVP 0\r\n"));
  EXPECT_EQ(call("fix_nated_sdp", {std::int64_t{10}}), 2);
  EXPECT_EQ(wireBody(), "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 1 RTP/AVP 0\r\n");
}

TEST_F(Nathelper, FixNatedSdpWithoutOldMediaIpAndWithoutBody) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  plugin.setParam("append_sdp_oldmediaip", std::int64_t{0});
  ASSERT_TRUE(plugin.init().ok());
  load(MessageParts().withSdp("v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 1 RTP/AVP 0\r\n"));
  EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("fix_nated_sdp", &context_, {std::int64_t{2}})),
            1);
  EXPECT_EQ(wireBody(), "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 1 RTP/AVP 0\r\n");
  load(MessageParts());
  EXPECT_EQ(call("fix_nated_sdp", {std::int64_t{3}}), -1);
}

}  // namespace
}  // namespace kemid::nathelper
