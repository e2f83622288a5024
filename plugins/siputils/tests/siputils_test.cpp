// siputils through its KEMI table, with the results Kamailio 5.6.3 gave for
// the same calls (measured).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "sip/sip_message.h"
#include "support/fake_sl.h"
#include "support/plugin_harness.h"

namespace kemid::siputils {
namespace {

std::string request(std::string_view method, std::string_view ruri, std::string_view extra = {},
                    std::string_view toTag = {}) {
  std::string text = std::string(method) + " " + std::string(ruri) + " SIP/2.0\r\n";
  text += "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1\r\n";
  text += std::string(extra);
  text += "To: <sip:bob@192.0.2.10>";
  if (!toTag.empty()) text += ";tag=" + std::string(toTag);
  text +=
      "\r\nFrom: <sip:alice@192.0.2.1>;tag=a1\r\n"
      "Call-ID: c1@x\r\n"
      "CSeq: 1 " +
      std::string(method) + "\r\nContent-Length: 0\r\n\r\n";
  return text;
}

class Siputils : public ::testing::Test {
 protected:
  void SetUp() override { init(); }

  void init(std::vector<std::pair<std::string_view, ParamValue>> modparams = {}) {
    for (auto& [name, value] : modparams) plugin_.setParam(name, value);
    ASSERT_TRUE(plugin_.init().ok());
    ASSERT_TRUE(plugin_.host().publishApi<sl::SlApi>(sl_));
  }

  void load(const std::string& text) {
    std::string error;
    message_ = SipMessage::parse(text, error);
    ASSERT_NE(message_, nullptr) << error;
    context_ = MessageContext{};
    context_.message = message_.get();
  }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, std::move(args)));
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  test::FakeSl sl_;
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(Siputils, ExportsKamailio56Functions) {
  const auto& kemi = plugin_.descriptor().kemi;
  ASSERT_EQ(kemi.size(), 29u);
  EXPECT_EQ(kemi[0].name, "has_totag");
  EXPECT_EQ(kemi[28].name, "add_uri_param");
  for (const auto& def : kemi) EXPECT_EQ(def.returns, KemiType::Int) << def.name;
}

TEST_F(Siputils, HasTotagIsRequestIsReply) {
  load(request("INVITE", "sip:bob@192.0.2.10"));
  EXPECT_EQ(call("has_totag"), -1);
  EXPECT_EQ(call("is_request"), 1);
  EXPECT_EQ(call("is_reply"), -1);
  load(request("BYE", "sip:bob@192.0.2.10", {}, "t1"));
  EXPECT_EQ(call("has_totag"), 1);
}

TEST_F(Siputils, FirstHopCountsViaValues) {
  load(request("INVITE", "sip:bob@192.0.2.10"));
  EXPECT_EQ(call("is_first_hop"), 1);
  EXPECT_EQ(call("is_first_hop_mode", {std::int64_t{1}}), 1);
  load(request(
      "INVITE", "sip:bob@192.0.2.10",
      "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-x, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK-y\r\n"));
  EXPECT_EQ(call("is_first_hop"), -1);
  EXPECT_EQ(call("is_first_hop_mode", {std::int64_t{2}}), -1);
}

TEST_F(Siputils, UriParamWantsNoValueAndExactName) {
  load(request("OPTIONS", "sip:192.0.2.10;foo;bar=1;baz=AbC"));
  EXPECT_EQ(call("uri_param", {"foo"}), 1);
  EXPECT_EQ(call("uri_param", {"FOO"}), -1);
  EXPECT_EQ(call("uri_param", {"bar"}), -1);
  EXPECT_EQ(call("uri_param_value", {"bar", "1"}), 1);
  EXPECT_EQ(call("uri_param_value", {"bar", "2"}), -1);
  EXPECT_EQ(call("uri_param_value", {"BAR", "1"}), -1);
  EXPECT_EQ(call("uri_param_value", {"foo", ""}), 1);
  EXPECT_EQ(call("uri_param_value", {"baz", "abc"}), -1);
  EXPECT_EQ(call("uri_param_any", {"BAR"}), 1);
  EXPECT_EQ(call("uri_param_any", {"none"}), -1);
}

// user=phone: uri_param/uri_param_value read the user part's parameters,
// uri_param_any and uri_param_rm the URI's.
TEST_F(Siputils, TelephoneUserParams) {
  load(request("MESSAGE", "sip:+1234;isub=5;ext=7@192.0.2.10;user=phone;x=1"));
  EXPECT_EQ(call("uri_param_value", {"isub", "5"}), 1);
  EXPECT_EQ(call("uri_param_value", {"user", "phone"}), -1);
  EXPECT_EQ(call("uri_param_any", {"user"}), 1);
  EXPECT_EQ(call("uri_param_any", {"isub"}), -1);
  EXPECT_EQ(call("uri_param_rm", {"isub"}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:+1234;isub=5;ext=7@192.0.2.10;user=phone;x=1");
  EXPECT_EQ(call("uri_param_rm", {"X"}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:+1234;isub=5;ext=7@192.0.2.10;user=phone");
}

TEST_F(Siputils, AddAndRemoveUriParamsRewriteTheRequestLine) {
  load(request("OPTIONS", "sip:192.0.2.10:5060;foo;bar=1;lr"));
  EXPECT_EQ(call("uri_param_rm", {"bar"}), 1);
  EXPECT_EQ(call("add_uri_param", {"nat=yes"}), 1);
  EXPECT_EQ(call("add_uri_param", {"x"}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:192.0.2.10:5060;foo;lr;nat=yes;x");
  EXPECT_EQ(call("uri_param_value", {"nat", "yes"}), 1);
  std::string wire = message_->wireText();
  EXPECT_TRUE(wire.starts_with("OPTIONS sip:192.0.2.10:5060;foo;lr;nat=yes;x SIP/2.0\r\n")) << wire;
}

TEST_F(Siputils, AddUriParamGoesBeforeUriHeaders) {
  load(request("OPTIONS", "sip:192.0.2.10;foo?h=1"));
  EXPECT_EQ(call("add_uri_param", {"n=1"}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:192.0.2.10;foo;n=1?h=1");
}

TEST_F(Siputils, GruuKinds) {
  load(request("INVITE", "sip:alice@192.0.2.10;gr=abc"));
  EXPECT_EQ(call("is_gruu"), 1);
  load(request("INVITE", "sip:alice@192.0.2.10;gr"));
  EXPECT_EQ(call("is_gruu"), 2);
  load(request("INVITE", "sip:alice@192.0.2.10"));
  EXPECT_EQ(call("is_gruu"), -1);
}

TEST_F(Siputils, IsUserWithoutAuthorisedCredentials) {
  load(request("INVITE", "sip:alice@192.0.2.10"));
  EXPECT_EQ(call("is_user", {"alice"}), -1);
}

TEST_F(Siputils, DateCheck) {
  load(request("OPTIONS", "sip:192.0.2.10", "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n"));
  EXPECT_EQ(call("hdr_date_check", {std::int64_t{0}}), -4);
  EXPECT_EQ(call("hdr_date_check", {std::int64_t{2000000000}}), 1);
  load(request("OPTIONS", "sip:192.0.2.10", "Date: Sat, 13 Nov 2100 23:29:00 GMT\r\n"));
  EXPECT_EQ(call("hdr_date_check", {std::int64_t{0}}), 1);
  load(request("OPTIONS", "sip:192.0.2.10", "Date: garbage\r\n"));
  EXPECT_EQ(call("hdr_date_check", {std::int64_t{10}}), -1);
  load(request("OPTIONS", "sip:192.0.2.10"));
  EXPECT_EQ(call("hdr_date_check", {std::int64_t{10}}), -1);
}

TEST_F(Siputils, StringPredicates) {
  EXPECT_EQ(call("is_tel_number", {"+1234"}), 1);
  EXPECT_EQ(call("is_tel_number", {"+"}), -2);
  EXPECT_EQ(call("is_tel_number", {"1+2"}), -2);
  EXPECT_EQ(call("is_numeric", {"0"}), 1);
  EXPECT_EQ(call("is_numeric", {"+1234"}), -2);
  EXPECT_EQ(call("is_numeric", {""}), -2);
  EXPECT_EQ(call("is_alphanum", {"abc123"}), 1);
  EXPECT_EQ(call("is_alphanum", {""}), -2);
  EXPECT_EQ(call("is_alphanum", {"a-b"}), -3);
  EXPECT_EQ(call("is_alphanumex", {"a-b_c", "-_"}), 1);
  EXPECT_EQ(call("is_alphanumex", {"a.b", "-_"}), -3);
}

TEST_F(Siputils, IsUri) {
  for (std::string_view uri : {"sip:a@b", "SIP:a@b", "sips:a@b.c:5061;transport=tls", "tel:+1-234",
                               "urn:service:sos", "sip:[::1]:5060", "sip:a b@c"}) {
    EXPECT_EQ(call("is_uri", {uri}), 1) << uri;
  }
  for (std::string_view uri : {"sip:", "mailto:a@b", "sip:a@", "a@b", "", "sip:a@b:99999"}) {
    EXPECT_EQ(call("is_uri", {uri}), -1) << uri;
  }
}

TEST_F(Siputils, CompareUris) {
  auto cmp = [&](std::string_view a, std::string_view b) { return call("cmp_uri", {a, b}); };
  EXPECT_EQ(cmp("sip:a@b", "SIP:a@B"), 1);
  EXPECT_EQ(cmp("sip:a@b", "sip:A@b"), -1);
  EXPECT_EQ(cmp("sip:a@b", "sip:a@b:5060"), -1);
  EXPECT_EQ(cmp("sip:a@b;transport=udp", "sip:a@b"), 1);
  EXPECT_EQ(cmp("sip:a@b;transport=UDP", "sip:a@b;transport=udp"), 1);
  EXPECT_EQ(cmp("sip:a@b;x=1", "sip:a@b;x=2"), -1);
  EXPECT_EQ(cmp("sip:a@b;x=1;y=2", "sip:a@b;Y=2;x=1"), 1);
  EXPECT_EQ(cmp("sip:a@b;user=phone", "sip:a@b"), -1);
  EXPECT_EQ(cmp("sip:a@b;lr", "sip:a@b;lr=on"), -1);
  EXPECT_EQ(cmp("sip:a@b?h=1", "sip:a@b"), 1);
  EXPECT_EQ(cmp("sip:%61@b", "sip:a@b"), -1);
  EXPECT_EQ(cmp("sip:a:pw@b", "sip:a@b"), -1);
  EXPECT_EQ(cmp("bad", "sip:a@b"), -2);
  EXPECT_EQ(call("cmp_aor", {"sip:a@b:5060;x=1", "sips:a@B:5061"}), 1);
  EXPECT_EQ(call("cmp_aor", {"sip:a@b", "tel:a"}), -1);
  EXPECT_EQ(call("cmp_aor", {"bad", "sip:a@b"}), -2);
}

TEST_F(Siputils, CompareHeaderNames) {
  EXPECT_EQ(call("cmp_hdr_name", {"Call-ID", "i"}), 1);
  EXPECT_EQ(call("cmp_hdr_name", {"X-A", "x-a"}), 1);
  EXPECT_EQ(call("cmp_hdr_name", {"X-A", "X-B"}), -2);
  EXPECT_EQ(call("cmp_hdr_name", {"", ""}), -2);
}

TEST_F(Siputils, OptionsReplyWithDefaultHeaders) {
  load(request("OPTIONS", "sip:192.0.2.10;x=1"));
  EXPECT_EQ(call("options_reply"), 1);
  ASSERT_EQ(sl_.replies.size(), 1u);
  const std::string& reply = sl_.replies[0];
  EXPECT_TRUE(reply.starts_with("SIP/2.0 200 OK\r\n")) << reply;
  EXPECT_NE(reply.find("CSeq: 1 OPTIONS\r\nAccept: */*\r\nAccept-Encoding: \r\n"
                       "Accept-Language: en\r\nSupported: \r\nContent-Length: 0\r\n"),
            std::string::npos)
      << reply;
}

TEST_F(Siputils, OptionsReplyOnlyForOptionsToTheProxy) {
  load(request("OPTIONS", "sip:bob@192.0.2.10"));
  EXPECT_EQ(call("options_reply"), -1);
  load(request("INVITE", "sip:192.0.2.10"));
  EXPECT_EQ(call("options_reply"), -1);
  EXPECT_TRUE(sl_.replies.empty());
}

TEST(SiputilsParams, OptionsHeadersFromModparams) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  test::FakeSl sl;
  plugin.setParam("options_accept", std::string("application/sdp"));
  plugin.setParam("options_accept_encoding", std::string("gzip"));
  plugin.setParam("options_accept_language", std::string("de"));
  plugin.setParam("options_support", std::string("100rel"));
  ASSERT_TRUE(plugin.init().ok());
  ASSERT_TRUE(plugin.host().publishApi<sl::SlApi>(sl));
  std::string error;
  auto message = SipMessage::parse(request("OPTIONS", "sip:192.0.2.10"), error);
  ASSERT_NE(message, nullptr) << error;
  MessageContext ctx;
  ctx.message = message.get();
  EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("options_reply", &ctx)), 1);
  ASSERT_EQ(sl.replies.size(), 1u);
  EXPECT_NE(sl.replies[0].find("Accept: application/sdp\r\nAccept-Encoding: gzip\r\n"
                               "Accept-Language: de\r\nSupported: 100rel\r\n"),
            std::string::npos)
      << sl.replies[0];
}

TEST_F(Siputils, OptionsReplyWithoutSlFails) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  ASSERT_TRUE(plugin.init().ok());
  load(request("OPTIONS", "sip:192.0.2.10"));
  EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("options_reply", &context_)), -1);
}

// The wire text of the Contact field(s) of the message as it will be sent.
std::string sentContacts(const SipMessage& message) {
  std::string wire = message.wireText();
  std::string contacts;
  for (auto at = wire.find("\r\nContact: "); at != std::string::npos;
       at = wire.find("\r\nContact: ", at + 1)) {
    contacts += wire.substr(at + 2, wire.find("\r\n", at + 2) - at - 2) + "\n";
  }
  return contacts;
}

// Measured on Kamailio 5.6.3: the URI goes base64url-encoded, unpadded,
// into a parameter of the given address; display name and header
// parameters stay.
TEST_F(Siputils, ContactParamEncode) {
  load(request("INVITE", "sip:bob@192.0.2.10",
               "Contact: \"Alice\" <sip:alice@10.0.0.5:5070;transport=udp;ob>;expires=60, "
               "<sip:al2@10.0.0.6>\r\n"));
  EXPECT_EQ(call("contact_param_encode", {"kx", "sip:127.0.0.1:5060"}), 1);
  EXPECT_EQ(
      sentContacts(*message_),
      "Contact: \"Alice\" "
      "<sip:127.0.0.1:5060;kx=c2lwOmFsaWNlQDEwLjAuMC41OjUwNzA7dHJhbnNwb3J0PXVkcDtvYg>;expires="
      "60, <sip:127.0.0.1:5060;kx=c2lwOmFsMkAxMC4wLjAuNg>\n");
  // Reads see the received Contact until the message is sent.
  EXPECT_NE(message_->header("Contact")->find("sip:alice@10.0.0.5:5070"), std::string::npos);
}

TEST_F(Siputils, ContactParamDecode) {
  load(request("INVITE",
               "sip:bob@192.0.2.10;kx=c2lwOmFsaWNlQDEwLjAuMC41OjUwNzA7dHJhbnNwb3J0PXVkcDtvYg",
               "Contact: <sip:127.0.0.1:5060;kx=c2lwOmFsMkAxMC4wLjAuNg>;expires=60\r\n"));
  EXPECT_EQ(call("contact_param_decode", {"kx"}), 1);
  EXPECT_EQ(sentContacts(*message_), "Contact: <sip:al2@10.0.0.6>;expires=60\n");
  EXPECT_EQ(call("contact_param_decode_ruri", {"kx"}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:alice@10.0.0.5:5070;transport=udp;ob");
  EXPECT_EQ(call("contact_param_decode_ruri", {"absent"}), 1);
}

TEST_F(Siputils, ContactParamDecodeRuriRefusesWhatDoesNotDecode) {
  load(request("INVITE", "sip:bob@192.0.2.10;bad=%25%25"));
  EXPECT_EQ(call("contact_param_decode_ruri", {"bad"}), -1);
  EXPECT_EQ(message_->requestUri(), "sip:bob@192.0.2.10;bad=%25%25");
}

TEST_F(Siputils, ContactParamRmLeavesHeaderParameters) {
  load(request("INVITE", "sip:bob@192.0.2.10",
               "Contact: <sip:alice@10.0.0.5;a=1;kx=abc;b=2>;kx=hdr\r\n"));
  EXPECT_EQ(call("contact_param_rm", {"kx"}), 1);
  EXPECT_EQ(sentContacts(*message_), "Contact: <sip:alice@10.0.0.5;a=1;b=2>;kx=hdr\n");
}

TEST_F(Siputils, SeveralContactFieldsAreSentAgainInOrder) {
  load(request("REGISTER", "sip:192.0.2.10",
               "Contact: <sip:a@10.0.0.5;kx=1>\r\nContact: <sip:b@10.0.0.6;kx=2>;q=0.5\r\n"));
  EXPECT_EQ(call("contact_param_rm", {"kx"}), 1);
  EXPECT_EQ(sentContacts(*message_),
            "Contact: <sip:a@10.0.0.5>\nContact: <sip:b@10.0.0.6>;q=0.5\n");
}

// Measured on Kamailio 5.6.3: URI parameters other than transport are
// not kept; empty fields stay empty.
TEST_F(Siputils, EncodeContact) {
  load(request("INVITE", "sip:bob@192.0.2.10",
               "Contact: \"Alice\" <sip:alice:pw@10.0.0.5:5070;transport=tcp;ob>;expires=60, "
               "<sip:10.0.0.6>\r\n"));
  EXPECT_EQ(call("encode_contact", {"enc", "192.0.2.99"}), 1);
  EXPECT_EQ(sentContacts(*message_),
            "Contact: \"Alice\" <sip:enc*alice*pw*10.0.0.5*5070*tcp@192.0.2.99>;expires=60, "
            "<sip:enc***10.0.0.6**@192.0.2.99>\n");
  load(request("INVITE", "sip:bob@192.0.2.10"));
  EXPECT_EQ(call("encode_contact", {"enc", "192.0.2.99"}), -1);
}

TEST_F(Siputils, DecodeContactInTheRequestUri) {
  load(request("INVITE", "sip:enc*alice*pw*10.0.0.5*5070*tcp@192.0.2.99;x=1"));
  EXPECT_EQ(call("decode_contact"), 1);
  EXPECT_EQ(message_->requestUri(), "sip:alice:pw@10.0.0.5:5070;transport=tcp;x=1");
  load(request("INVITE", "sips:enc*u**10.0.0.6*5061*tls@192.0.2.99:5099;lr"));
  EXPECT_EQ(call("decode_contact"), 1);
  EXPECT_EQ(message_->requestUri(), "sips:u@10.0.0.6:5061;transport=tls;lr");
  load(request("INVITE", "sip:enc***10.0.0.6**@192.0.2.99"));
  EXPECT_EQ(call("decode_contact"), 1);
  EXPECT_EQ(message_->requestUri(), "sip:10.0.0.6");
  load(request("INVITE", "sip:a*b@192.0.2.10"));
  EXPECT_EQ(call("decode_contact"), -26);
  load(request("INVITE", "sip:192.0.2.10"));
  EXPECT_EQ(call("decode_contact"), -23);
}

TEST_F(Siputils, DecodeContactHeader) {
  load(request("INVITE", "sip:bob@192.0.2.10",
               "Contact: <sip:enc*alice**10.0.0.5*5070*udp@192.0.2.99>;expires=5\r\n"));
  EXPECT_EQ(call("decode_contact_header"), 1);
  EXPECT_EQ(sentContacts(*message_),
            "Contact: <sip:alice@10.0.0.5:5070;transport=udp>;expires=5\n");
  load(request("INVITE", "sip:bob@192.0.2.10",
               "Contact: <sip:enc*a**10.0.0.5**@192.0.2.99>, <sip:alice@10.0.0.5>\r\n"));
  EXPECT_EQ(call("decode_contact_header"), -26);
  EXPECT_FALSE(message_->hasPendingEdits());
  load(request("INVITE", "sip:bob@192.0.2.10"));
  EXPECT_EQ(call("decode_contact_header"), -1);
}

TEST(SiputilsParams, ContactFieldSeparator) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  plugin.setParam("contact_flds_separator", std::string("-"));
  ASSERT_TRUE(plugin.init().ok());
  std::string error;
  auto message = SipMessage::parse(
      request("INVITE", "sip:bob@192.0.2.10", "Contact: <sip:alice@10.0.0.5>\r\n"), error);
  ASSERT_NE(message, nullptr) << error;
  MessageContext ctx;
  ctx.message = message.get();
  EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("encode_contact", &ctx, {"p", "192.0.2.99"})),
            1);
  EXPECT_EQ(sentContacts(*message), "Contact: <sip:p-alice--10.0.0.5--@192.0.2.99>\n");
}

TEST_F(Siputils, ContactParamsWithoutContact) {
  load(request("INVITE", "sip:bob@192.0.2.10"));
  EXPECT_EQ(call("contact_param_encode", {"kx", "sip:127.0.0.1"}), 1);
  EXPECT_EQ(call("contact_param_rm", {"kx"}), 1);
  EXPECT_FALSE(message_->hasPendingEdits());
}

TEST_F(Siputils, NoMessageIsFalse) {
  EXPECT_EQ(std::get<std::int64_t>(plugin_.callKemi("has_totag", nullptr)), -1);
  EXPECT_EQ(std::get<std::int64_t>(plugin_.callKemi("options_reply", nullptr)), -1);
}

}  // namespace
}  // namespace kemid::siputils
