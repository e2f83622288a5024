// KSR.kx through the module's KEMI table, with a stand-in for pv's API
// (pv's own values are tested in pv): absent values as nil, "" or
// "<null>", the getters kemix reads itself, defines and environment.

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "core/message_context.h"
#include "core/module_host.h"
#include "pv/pv_api.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

namespace kemid::kemix {
namespace {

constexpr std::string_view kInvite =
    "INVITE sip:bob@192.0.2.20 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bK-1\r\n"
    "From: <sip:alice@example.com>;tag=t1\r\n"
    "To: <sip:bob@example.org>\r\n"
    "Call-ID: call-1@x\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: \"A\" <sip:alice@198.51.100.7:5070;ob>;expires=60\r\n"
    "Proxy-Authorization: Digest realm=\"x\", username=\"alice\", nonce=\"n\"\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 4\r\n\r\n"
    "abcd";

constexpr std::string_view kReply =
    "SIP/2.0 486 Busy Here\r\n"
    "Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bK-1\r\n"
    "From: <sip:alice@example.com>;tag=t1\r\n"
    "To: <sip:bob@example.org>;tag=t2\r\n"
    "Call-ID: call-1@x\r\n"
    "CSeq: 1 INVITE\r\n"
    "Content-Length: 0\r\n\r\n";

// Values by name, null for the others, as pv would answer them.
class FakePv final : public pv::PvApi {
 public:
  std::map<std::string, pv::PvValue, std::less<>> values;
  std::optional<pv::PvValue> get(std::string_view name, MessageContext&) override {
    auto it = values.find(name);
    return it != values.end() ? it->second : pv::PvValue();
  }
  std::optional<std::string> format(std::string_view, MessageContext&) override { return {}; }
};

const KemiValue kNil{};
KemiValue S(std::string text) {
  return text;
}
KemiValue I(std::int64_t number) {
  return number;
}

class Kemix : public ::testing::Test {
 protected:
  void SetUp() override {
    plugin_.config().defines = {{"WITH_X", ""}, {"NUM", "42"}, {"WORD", "abc"}};
    plugin_.host().publishApi<pv::PvApi>(pv_);
    ASSERT_TRUE(plugin_.init().ok());
    load(kInvite);
    ctx_.received.source = {"198.51.100.7", 5070};
    ctx_.received.local = {"192.0.2.10", 5060};
  }
  void load(std::string_view text) {
    std::string error;
    message_ = SipMessage::parse(text, error);
    ASSERT_NE(message_, nullptr) << error;
    ctx_.message = message_.get();
  }
  KemiValue kx(std::string_view name, std::vector<KemiArg> args = {}) {
    return plugin_.callKemi(name, &ctx_, std::move(args));
  }

  FakePv pv_;
  test::PluginHarness plugin_{*kemid_module_descriptor()};
  std::unique_ptr<SipMessage> message_;
  MessageContext ctx_;
};

TEST_F(Kemix, PvGettersAndTheirAbsentForms) {
  pv_.values["$ru"] = pv::PvValue::string("sip:bob@192.0.2.20");
  pv_.values["$rU"] = pv::PvValue::string("bob");
  EXPECT_EQ(kx("get_ruri"), S("sip:bob@192.0.2.20"));
  EXPECT_EQ(kx("get_ruser"), S("bob"));
  EXPECT_EQ(kx("gete_ruser"), S("bob"));
  EXPECT_EQ(kx("get_duri"), kNil);
  EXPECT_EQ(kx("gete_duri"), S(""));
  EXPECT_EQ(kx("getw_duri"), S("<null>"));
  EXPECT_EQ(kx("get_nhuri"), S("sip:bob@192.0.2.20"));
  pv_.values["$du"] = pv::PvValue::string("sip:192.0.2.30");
  EXPECT_EQ(kx("get_nhuri"), S("sip:192.0.2.30"));
}

TEST_F(Kemix, NumbersStayNumbers) {
  pv_.values["$sp"] = pv::PvValue::integer(5070);
  pv_.values["$Rp"] = pv::PvValue::stringWithInt("5060", 5060);
  pv_.values["$ml"] = pv::PvValue::integer(311);
  EXPECT_EQ(kx("get_srcport"), I(5070));
  EXPECT_EQ(kx("get_rcvport"), I(5060));
  EXPECT_EQ(kx("get_msglen"), I(311));
}

TEST_F(Kemix, WithoutPvGettersAreNil) {
  plugin_.host().withdrawApis();
  EXPECT_EQ(kx("get_ruri"), kNil);
  EXPECT_EQ(kx("getw_ruser"), S("<null>"));
}

TEST_F(Kemix, MessageGetters) {
  EXPECT_EQ(kx("get_cturi"), S("sip:alice@198.51.100.7:5070;ob"));
  EXPECT_EQ(kx("get_au"), S("alice"));
  EXPECT_EQ(kx("get_body"), S("abcd"));
  EXPECT_EQ(kx("get_bodylen"), I(4));
  EXPECT_EQ(kx("get_status"), I(-1));
  EXPECT_EQ(kx("gets_status"), kNil);
  EXPECT_EQ(kx("get_msgtype"), I(1));
  load(kReply);
  EXPECT_EQ(kx("get_cturi"), kNil);
  EXPECT_EQ(kx("gete_cturi"), S(""));
  EXPECT_EQ(kx("getw_au"), S("<null>"));
  EXPECT_EQ(kx("get_body"), kNil);
  EXPECT_EQ(kx("gete_body"), S(""));
  EXPECT_EQ(kx("get_status"), I(486));
  EXPECT_EQ(kx("gets_status"), S("486"));
  EXPECT_EQ(kx("get_msgtype"), I(2));
}

TEST_F(Kemix, NetworkGetters) {
  EXPECT_EQ(kx("get_srcuri"), S("sip:198.51.100.7:5070"));
  EXPECT_EQ(kx("get_srcaddr_sock"), S("udp:198.51.100.7:5070"));
  EXPECT_EQ(kx("get_rcvaddr_sock"), S("udp:192.0.2.10:5060"));
  EXPECT_EQ(kx("get_rcvadvip"), S("192.0.2.10"));
  EXPECT_EQ(kx("get_rcvadvport"), I(5060));
  EXPECT_EQ(kx("get_proto"), S("udp"));
  EXPECT_EQ(kx("get_protoid"), I(1));
  EXPECT_EQ(kx("get_conid"), I(-1));
  EXPECT_EQ(kx("get_send_sock"), kNil);
  EXPECT_EQ(kx("get_send_sock_port"), I(0));
  ctx_.received.source = {"2001:db8::7", 5070};
  ctx_.received.transport = Transport::Tcp;
  EXPECT_EQ(kx("get_srcuri"), S("sip:[2001:db8::7]:5070;transport=tcp"));
  EXPECT_EQ(kx("get_protoid"), I(2));
}

TEST_F(Kemix, DefinesAsTheConfigLeftThem) {
  EXPECT_EQ(kx("get_def", {std::string_view("NUM")}), S("42"));
  EXPECT_EQ(kx("get_def", {std::string_view("WITH_X")}), S(""));
  EXPECT_EQ(kx("get_def", {std::string_view("NOPE")}), S(""));
  EXPECT_EQ(kx("get_defn", {std::string_view("NUM")}), I(42));
  EXPECT_EQ(kx("get_defn", {std::string_view("WORD")}), I(0));
  EXPECT_EQ(kx("ifdef", {std::string_view("WITH_X")}), KemiValue{true});
  EXPECT_EQ(kx("ifdef", {std::string_view("NOPE")}), KemiValue{false});
  EXPECT_EQ(kx("ifndef", {std::string_view("NOPE")}), KemiValue{true});
}

TEST_F(Kemix, Environment) {
  ::setenv("KEMIX_TEST_NUM", "17", 1);
  ::unsetenv("KEMIX_TEST_NONE");
  EXPECT_EQ(kx("get_env", {std::string_view("KEMIX_TEST_NUM")}), S("17"));
  EXPECT_EQ(kx("get_env", {std::string_view("KEMIX_TEST_NONE")}), S(""));
  EXPECT_EQ(kx("get_envn", {std::string_view("KEMIX_TEST_NUM")}), I(17));
  EXPECT_EQ(kx("get_envn", {std::string_view("KEMIX_TEST_NONE")}), I(0));
}

}  // namespace
}  // namespace kemid::kemix
