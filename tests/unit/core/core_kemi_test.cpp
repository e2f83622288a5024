// The core's KSR.* and KSR.hdr functions called through their tables, as
// app_lua calls them, on parsed messages: return codes as Kamailio 5.6's
// and what they change in what kemid sends.

#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/core_kemi.h"
#include "core/forwarding.h"
#include "core/message_context.h"
#include "sip/sip_message.h"
#include "support/fake_network.h"

namespace kemid {
namespace {

constexpr std::string_view kOptions =
    "OPTIONS sip:bob@192.0.2.20:5062;transport=tcp SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bK-1;rport\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@example.com>;tag=t1\r\n"
    "To: <sip:bob@example.org>\r\n"
    "Call-ID: call-1@x\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "X-A: one\r\n"
    "X-A: Two , three\r\n"
    "X-A:  four \r\n"
    "Content-Length: 0\r\n\r\n";

class CoreKemi : public ::testing::Test {
 protected:
  void load(std::string_view text) {
    std::string error;
    message_ = SipMessage::parse(text, error);
    ASSERT_NE(message_, nullptr) << error;
    context_.message = message_.get();
    context_.received.source = {"198.51.100.7", 5070};
    context_.received.local = {"192.0.2.10", 5060};
  }
  void SetUp() override { load(kOptions); }

  KemiValue call(std::span<const KemiFunctionDef> table, std::string_view name,
                 std::vector<KemiArg> args = {}) {
    for (const auto& def : table) {
      if (def.name != name) continue;
      EXPECT_EQ(def.paramCount(), args.size()) << name;
      KemiCall kemiCall{&context_, &state_, args};
      return def.handler(kemiCall);
    }
    ADD_FAILURE() << "no function " << name;
    return {};
  }
  KemiValue core(std::string_view name, std::vector<KemiArg> args = {}) {
    return call(coreKemiFunctions(), name, std::move(args));
  }
  KemiValue hdr(std::string_view name, std::vector<KemiArg> args = {}) {
    return call(hdrKemiFunctions(), name, std::move(args));
  }

  test::FakeNetwork network_;
  CoreKemiState state_{&network_};
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

const KemiValue kTrue = true;
const KemiValue kFalse = false;
KemiValue integer(std::int64_t v) {
  return v;
}
KemiValue text(std::string v) {
  return v;
}

TEST_F(CoreKemi, ConnectionFlagsAreRecordedAndAnswerTrue) {
  EXPECT_EQ(core("set_reply_no_connect"), kTrue);
  EXPECT_EQ(core("set_reply_close"), kTrue);
  EXPECT_EQ(core("set_forward_close"), kTrue);
  EXPECT_EQ(core("set_forward_no_connect"), kTrue);
  EXPECT_TRUE(context_.send.replyNoConnect && context_.send.replyClose &&
              context_.send.forwardClose && context_.send.forwardNoConnect);
  EXPECT_EQ(core("add_tcp_alias", {std::int64_t{5099}}), integer(1));
  EXPECT_EQ(core("add_tcp_alias_via"), integer(1));
}

TEST_F(CoreKemi, AdvertisedAddressPortAndLocalRportShapeTheOwnVia) {
  EXPECT_EQ(core("add_local_rport"), kTrue);
  EXPECT_EQ(core("set_advertised_address", {std::string_view("203.0.113.9")}), integer(1));
  EXPECT_EQ(core("set_advertised_port", {std::string_view("7777")}), integer(1));
  Destination to{{"192.0.2.20", 5062}, 0};
  std::string wire = wireTextWithOwnVia(*message_, to, network_, "z9hG4bKmine", context_.send);
  EXPECT_NE(wire.find("\r\nVia: SIP/2.0/UDP 203.0.113.9:7777;branch=z9hG4bKmine;rport\r\n"
                      "Via: SIP/2.0/UDP 198.51.100.7:5070"),
            std::string::npos)
      << wire;
}

TEST_F(CoreKemi, ABadAdvertisedPortIsNotUsedYetAnswersOne) {
  EXPECT_EQ(core("set_advertised_port", {std::string_view("abc")}), integer(1));
  EXPECT_EQ(context_.send.advertisedPort, 0);
  Destination to{{"192.0.2.20", 5062}, 0};
  std::string wire = wireTextWithOwnVia(*message_, to, network_, "z9hG4bKmine", context_.send);
  EXPECT_NE(wire.find("Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKmine\r\n"), std::string::npos)
      << wire;
}

TEST_F(CoreKemi, BranchFlagsByIndex) {
  EXPECT_EQ(core("setbiflag", {std::int64_t{3}, std::int64_t{0}}), kTrue);
  EXPECT_EQ(core("isbiflagset", {std::int64_t{3}, std::int64_t{0}}), kTrue);
  EXPECT_EQ(core("isbflagset", {std::int64_t{3}}), kTrue);
  // No branch 1: setting answers true, the test false.
  EXPECT_EQ(core("setbiflag", {std::int64_t{4}, std::int64_t{1}}), kTrue);
  EXPECT_EQ(core("isbiflagset", {std::int64_t{4}, std::int64_t{1}}), kFalse);
  EXPECT_EQ(core("setbiflag", {std::int64_t{32}, std::int64_t{0}}), kFalse);
  EXPECT_EQ(core("resetbiflag", {std::int64_t{3}, std::int64_t{0}}), kTrue);
  EXPECT_EQ(core("isbflagset", {std::int64_t{3}}), kFalse);
}

TEST_F(CoreKemi, ScriptFlagsAreTheirOwn) {
  EXPECT_EQ(core("setsflag", {std::int64_t{5}}), kTrue);
  EXPECT_EQ(core("issflagset", {std::int64_t{5}}), kTrue);
  EXPECT_EQ(core("isflagset", {std::int64_t{5}}), kFalse);
  EXPECT_EQ(core("issflagset", {std::int64_t{6}}), kFalse);
  EXPECT_EQ(core("resetsflag", {std::int64_t{5}}), kTrue);
  EXPECT_EQ(core("issflagset", {std::int64_t{5}}), kFalse);
  EXPECT_EQ(core("setsflag", {std::int64_t{32}}), kFalse);
}

TEST_F(CoreKemi, IsProtoLetters) {
  EXPECT_EQ(core("is_proto", {std::string_view("u")}), kTrue);
  EXPECT_EQ(core("is_proto", {std::string_view("tw")}), kFalse);
  EXPECT_EQ(core("is_proto", {std::string_view("x")}), kFalse);
  context_.received.transport = Transport::Tls;
  EXPECT_EQ(core("is_proto", {std::string_view("ue")}), kTrue);
}

TEST_F(CoreKemi, ToTransportFollowsTheRequestUriThenTheDestination) {
  EXPECT_EQ(core("to_TCP"), kTrue);
  EXPECT_EQ(core("to_UDP"), kFalse);
  EXPECT_EQ(core("to_IPv4"), kTrue);
  EXPECT_EQ(core("to_IPv6"), kFalse);
  // Without a transport parameter no to_<transport> test holds.
  context_.dstUri = "sip:[2001:db8::1]:5060";
  EXPECT_EQ(core("to_UDP"), kFalse);
  EXPECT_EQ(core("to_IPv6"), kTrue);
  EXPECT_EQ(core("to_IPv4"), kFalse);
  context_.dstUri = "sips:proxy.example.com";
  EXPECT_EQ(core("to_TLS"), kFalse);
  EXPECT_EQ(core("to_IPv4"), kFalse);
  context_.dstUri = "sip:proxy.example.com;transport=TLS";
  EXPECT_EQ(core("to_TLS"), kTrue);
  context_.dstUri = "sip:proxy.example.com;transport=ws";
  EXPECT_EQ(core("to_WS"), kTrue);
  EXPECT_EQ(core("to_WSX"), kTrue);
  EXPECT_EQ(core("to_WSS"), kFalse);
}

TEST_F(CoreKemi, ToTransportOfAReplyIsItsSecondVia) {
  load(
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKmine\r\n"
      "Via: SIP/2.0/TCP client.example.com:5070;branch=z9hG4bK-1;received=198.51.100.7\r\n"
      "From: <sip:alice@example.com>;tag=t1\r\n"
      "To: <sip:bob@example.org>;tag=t2\r\n"
      "Call-ID: call-1@x\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(core("to_TCP"), kTrue);
  EXPECT_EQ(core("to_IPv4"), kTrue);
}

TEST_F(CoreKemi, IsMyselfSuriIsTheSourceAddress) {
  EXPECT_EQ(core("is_myself_suri"), kFalse);
  context_.received.source = {"192.0.2.10", 5060};
  EXPECT_EQ(core("is_myself_suri"), kTrue);
}

TEST_F(CoreKemi, HdrGetIdxCountsFromBothEnds) {
  EXPECT_EQ(hdr("get_idx", {std::string_view("X-A"), std::int64_t{0}}), text("one"));
  EXPECT_EQ(hdr("get_idx", {std::string_view("x-a"), std::int64_t{1}}), text("Two , three"));
  EXPECT_EQ(hdr("get_idx", {std::string_view("X-A"), std::int64_t{-1}}), text("four"));
  EXPECT_EQ(hdr("get_idx", {std::string_view("X-A"), std::int64_t{3}}), KemiValue{});
  EXPECT_EQ(hdr("get_idx", {std::string_view("X-A"), std::int64_t{-4}}), KemiValue{});
  EXPECT_EQ(hdr("gete_idx", {std::string_view("X-A"), std::int64_t{5}}), text(""));
  EXPECT_EQ(hdr("getw_idx", {std::string_view("X-B"), std::int64_t{0}}), text("<null>"));
}

TEST_F(CoreKemi, HdrMatchContent) {
  auto match = [&](std::string_view op, std::string_view value, std::string_view which) {
    return hdr("match_content", {std::string_view("X-A"), op, value, which});
  };
  EXPECT_EQ(match("eq", "ONE", "f"), kTrue);
  EXPECT_EQ(match("eq", "four", "l"), kTrue);
  EXPECT_EQ(match("eq", "one", "a"), kFalse);
  EXPECT_EQ(match("eq", "four", "o"), kTrue);
  EXPECT_EQ(match("ne", "x", "a"), kTrue);
  EXPECT_EQ(match("sw", "tw", "o"), kTrue);
  EXPECT_EQ(match("in", "THR", "o"), kTrue);
  EXPECT_EQ(match("in", "thr", "f"), kFalse);
  EXPECT_EQ(match("re", "o", "f"), kFalse);
  EXPECT_EQ(match("eq", "one", "z"), kFalse);
  EXPECT_EQ(hdr("match_content", {std::string_view("X-B"), std::string_view("ne"),
                                  std::string_view("x"), std::string_view("o")}),
            kFalse);
}

}  // namespace
}  // namespace kemid
