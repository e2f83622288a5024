// textops through its KEMI table: return codes and the text sent.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/reply_body.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

namespace kemid::textops {
namespace {

constexpr std::string_view kSdp =
    "v=0\r\n"
    "o=user1 53655765 2353687637 IN IP4 192.0.2.1\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\n"
    "m=audio 6000 RTP/AVP 0\r\n"
    "a=sendonly\r\n";

std::string invite() {
  return "INVITE sip:bob@example.com SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1\r\n"
         "Max-Forwards: 70\r\n"
         "From: Alice <sip:alice@example.com>;tag=1\r\n"
         "To: Bob <sip:bob@example.com>\r\n"
         "Call-ID: textops-1\r\n"
         "CSeq: 1 INVITE\r\n"
         "Contact: <sip:alice@192.0.2.1:5070>\r\n"
         "Subject: hello world\r\n"
         "X-A1: one\r\n"
         "X-B2: two\r\n"
         "X-Multi: m0\r\n"
         "X-Multi: m1\r\n"
         "Privacy: id;user\r\n"
         "Content-Type: application/sdp\r\n"
         "Content-Length: " +
         std::to_string(kSdp.size()) + "\r\n\r\n" + std::string(kSdp);
}

class Textops : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(plugin_.init().ok());
    std::string error;
    message_ = SipMessage::parse(invite(), error);
    ASSERT_NE(message_, nullptr) << error;
    context_.message = message_.get();
  }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, std::move(args)));
  }
  std::string wire() const { return message_->wireText(); }
  bool wireHas(std::string_view text) const { return wire().find(text) != std::string::npos; }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(Textops, ExportsKamailioNamesWithIntReturns) {
  const auto& kemi = plugin_.descriptor().kemi;
  EXPECT_EQ(kemi.size(), 54u);
  for (const auto& def : kemi) EXPECT_EQ(def.returns, KemiType::Int) << def.name;
}

TEST_F(Textops, SearchCoversTheWholeMessageCaseInsensitively) {
  EXPECT_EQ(call("search", {"^invite"}), 1);
  EXPECT_EQ(call("search", {"content-length"}), 1);
  EXPECT_EQ(call("search", {"zzzz"}), -1);
  EXPECT_EQ(call("search", {""}), 1);
  EXPECT_EQ(call("search", {"\\r\\n"}), -1);  // "rn" for regcomp, as in Kamailio
  EXPECT_EQ(call("search", {"(unclosed"}), -1);
}

TEST_F(Textops, SearchBodyAndHeaderValues) {
  EXPECT_EQ(call("search_body", {"v=0"}), 1);
  EXPECT_EQ(call("search_body", {"zzz"}), -1);
  EXPECT_EQ(call("search_hf", {"Via", "SIP", "f"}), 1);
  EXPECT_EQ(call("search_hf", {"X-Multi", "m0", "l"}), -1);
  EXPECT_EQ(call("search_hf", {"X-Multi", "m0", "a"}), 1);
  EXPECT_EQ(call("search_hf", {"Subject", "^hello", "a"}), 1);
  EXPECT_EQ(call("search_hf", {"X-None", ".", "a"}), -1);
  EXPECT_EQ(call("search_str", {"abc", "B"}), 1);
  EXPECT_EQ(call("search_str", {"abc", "x"}), -1);
}

TEST_F(Textops, PresenceChecks) {
  EXPECT_EQ(call("is_present_hf", {"subject"}), 1);
  EXPECT_EQ(call("is_present_hf", {"f"}), 1);  // compact From
  EXPECT_EQ(call("is_present_hf", {"X-No"}), -1);
  EXPECT_EQ(call("is_present_hf_re", {"^sub"}), 1);
  EXPECT_EQ(call("is_present_hf_re", {"^zz"}), -1);
  EXPECT_EQ(call("has_body"), 1);
  EXPECT_EQ(call("has_body_type", {"application/sdp"}), 1);
  EXPECT_EQ(call("has_body_type", {"application/*"}), -1);
  EXPECT_EQ(call("is_privacy", {"id"}), 1);
  EXPECT_EQ(call("is_privacy", {"user"}), 1);
  EXPECT_EQ(call("is_privacy", {"session"}), -1);
  EXPECT_EQ(call("is_privacy", {"foo"}), -1);
  EXPECT_EQ(call("is_audio_on_hold"), 2);
}

// Kamailio's lumps: a removed header is still there for every read until
// the message is sent (or textopsx.msg_apply_changes).
TEST_F(Textops, ARemovedHeaderIsFoundUntilApplied) {
  EXPECT_EQ(call("remove_hf", {"Subject"}), 1);
  EXPECT_EQ(call("is_present_hf", {"Subject"}), 1);
  EXPECT_EQ(call("search", {"^Subject: hello"}), 1);
  EXPECT_FALSE(wireHas("Subject"));
  ASSERT_TRUE(message_->applyChanges());
  EXPECT_EQ(call("is_present_hf", {"Subject"}), -1);
}

TEST_F(Textops, RemovalsAndTheirCodes) {
  EXPECT_EQ(call("remove_hf", {"X-None"}), 1);
  EXPECT_EQ(call("remove_hf_re", {"^x-a"}), 1);
  EXPECT_EQ(call("remove_hf_re", {"^zz"}), -1);
  EXPECT_EQ(call("remove_hf_exp", {"^x-", "^x-m"}), 1);  // X-A1 (again) and X-B2
  EXPECT_EQ(call("remove_hf_exp", {"^zz", "^zz"}), -1);
  EXPECT_EQ(call("remove_hf_match", {"X-Multi", "eq", "m1"}), 1);
  // m1 again: removed already, counted as Kamailio does, with a warning.
  EXPECT_EQ(call("remove_hf_match", {"X-Multi", "ne", "m0"}), 1);
  EXPECT_EQ(call("remove_hf_match", {"X-Absent", "eq", "x"}), -2);
  EXPECT_EQ(call("remove_hf_match", {"X-Multi", "sw", "m"}), -1);
  EXPECT_FALSE(wireHas("X-A1"));
  EXPECT_FALSE(wireHas("X-B2"));
  EXPECT_TRUE(wireHas("\r\nX-Multi: m0\r\nPrivacy: "));
}

// Overlapping edits: the first stands, the later one is refused with a
// warning and -1, and the text sent is well formed.
TEST_F(Textops, OverlappingEditsKeepTheFirst) {
  EXPECT_EQ(call("remove_hf", {"X-B2"}), 1);
  EXPECT_EQ(call("remove_hf", {"X-B2"}), 1);  // Kamailio's code, nothing more removed
  EXPECT_EQ(call("replace", {"two", "2"}), -1);
  EXPECT_EQ(message_->refusedEdits(), 2u);
  EXPECT_TRUE(wireHas("\r\nX-A1: one\r\nX-Multi: m0\r\n"));
  EXPECT_EQ(call("set_body", {"a", "text/plain"}), 1);
  EXPECT_EQ(call("set_body", {"b", "text/x"}), -1);
  EXPECT_TRUE(wire().ends_with("Content-Type: text/plain\r\n\r\na"));
}

TEST_F(Textops, ReplaceAndSubstInTheHeaders) {
  EXPECT_EQ(call("replace", {"Alice", "Carol"}), 1);
  EXPECT_EQ(call("replace", {"zzzz", "y"}), -1);
  EXPECT_EQ(call("replace_all", {"example\\.com", "ex.net"}), 1);
  EXPECT_EQ(call("replace_hdrs", {"Bob", "Robert"}), 1);  // the first match only
  EXPECT_EQ(call("subst", {"/^Contact: <sip:([a-z]+)@/Contact: <sip:\\1-x@/i"}), 1);
  EXPECT_EQ(call("subst", {"/zzz/y/"}), -1);
  EXPECT_EQ(call("subst", {"/bad"}), -1);
  EXPECT_EQ(call("subst_hf", {"CSeq", "/1/2/", "f"}), 1);
  EXPECT_EQ(call("search_append", {"^Max-Forwards: [0-9]+", ";added"}), 1);
  EXPECT_EQ(call("search_append", {"^nothing", ";added"}), -1);
  const std::string sent = wire();
  EXPECT_NE(sent.find("INVITE sip:bob@example.com SIP/2.0\r\n"),
            std::string::npos);  // start line kept
  EXPECT_NE(sent.find("\r\nMax-Forwards: 70;added\r\n"), std::string::npos);
  EXPECT_NE(sent.find("\r\nFrom: Carol <sip:alice@ex.net>;tag=1\r\n"), std::string::npos);
  EXPECT_NE(sent.find("\r\nTo: Robert <sip:bob@ex.net>\r\n"), std::string::npos) << sent;
  EXPECT_NE(sent.find("\r\nCSeq: 2 INVITE\r\n"), std::string::npos);
  EXPECT_NE(sent.find("\r\nContact: <sip:alice-x@192.0.2.1:5070>\r\n"), std::string::npos);
  EXPECT_EQ(call("search", {"Carol"}), -1);  // reads see the message as received
}

TEST_F(Textops, BodyEditsUpdateContentLength) {
  EXPECT_EQ(call("replace_body", {"o=user1", "o=user9"}), 1);
  EXPECT_EQ(call("replace_body_all", {"IN IP4", "IN  IP4"}), 1);
  EXPECT_EQ(call("subst_body", {"/s=-/s=Edited/"}), 1);
  EXPECT_EQ(call("search_append_body", {"v=0", "\r\nz=1"}), 1);
  const std::string body =
      "v=0\r\nz=1\r\n"
      "o=user9 53655765 2353687637 IN  IP4 192.0.2.1\r\n"
      "s=Edited\r\n"
      "c=IN  IP4 192.0.2.1\r\n"
      "t=0 0\r\n"
      "m=audio 6000 RTP/AVP 0\r\n"
      "a=sendonly\r\n";
  EXPECT_TRUE(
      wire().ends_with("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body))
      << wire();
}

TEST_F(Textops, PlainTextReplacementsAnswerOneFoundOrNot) {
  EXPECT_EQ(call("replace_str", {"ALICE", "Z", "a"}), 1);  // case counts: nothing
  EXPECT_EQ(call("replace_str", {"sip:bob", "sip:xb", "f"}), 1);
  EXPECT_EQ(call("replace_hdrs_str", {"X-", "Y-", "f"}), 1);
  EXPECT_EQ(call("replace_body_str", {"IN", "OUT", "a"}), 1);
  const std::string sent = wire();
  EXPECT_TRUE(sent.starts_with("INVITE sip:bob@example.com SIP/2.0\r\n"));
  EXPECT_NE(sent.find("\r\nTo: Bob <sip:xb@example.com>\r\n"), std::string::npos);
  EXPECT_NE(sent.find("\r\nY-A1: one\r\nX-B2: two\r\n"), std::string::npos);
  EXPECT_NE(sent.find("\r\nc=OUT IP4 192.0.2.1\r\n"), std::string::npos);
  EXPECT_NE(sent.find("2353687637 OUT IP4"), std::string::npos);
}

TEST_F(Textops, RemoveHfIdx) {
  EXPECT_EQ(call("remove_hf_idx", {"X-Multi", std::int64_t{-1}}), 1);
  EXPECT_EQ(call("remove_hf_idx", {"X-Multi", std::int64_t{0}}), 1);
  EXPECT_EQ(call("remove_hf_idx", {"X-Multi", std::int64_t{2}}), 2);
  EXPECT_EQ(call("remove_hf_idx", {"X-Absent", std::int64_t{0}}), 2);
  EXPECT_EQ(wire().find("X-Multi"), std::string::npos);
}

TEST_F(Textops, ReplaceBodyAtonce) {
  EXPECT_EQ(call("replace_body_atonce", {"IN IP4", "IN IP6"}), 1);
  EXPECT_EQ(call("replace_body_atonce", {"nothing", "x"}), -1);
  EXPECT_TRUE(wireHas("\r\nc=IN IP6 192.0.2.1\r\n"));
}

TEST_F(Textops, SetBodyReplacesBodyAndContentType) {
  EXPECT_EQ(call("set_body", {"hello body", "text/plain"}), 1);
  EXPECT_EQ(call("has_body_type", {"application/sdp"}), 1);  // still as received
  EXPECT_TRUE(wire().ends_with(
      "Privacy: id;user\r\nContent-Length: 10\r\nContent-Type: text/plain\r\n\r\nhello body"))
      << wire();
}

TEST_F(Textops, FilterBodyOnlyWorksOnMultipart) {
  EXPECT_EQ(call("filter_body", {"application/sdp"}), -1);
}

// Kamailio 5.6 keeps the part from after its Content-Type line: the other
// part headers stay, the message's Content-Type too.
TEST(TextopsMultipart, FilterBodyKeepsThePartAsKamailio) {
  const std::string body =
      "--b1\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "hello\r\n"
      "--b1\r\n"
      "Content-Type: application/sdp\r\n"
      "Content-Disposition: session\r\n"
      "\r\n"
      "v=0\r\n"
      "--b1--\r\n";
  const std::string text =
      "MESSAGE sip:bob@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-2\r\n"
      "From: <sip:alice@example.com>;tag=2\r\n"
      "To: <sip:bob@example.com>\r\n"
      "Call-ID: textops-mp\r\n"
      "CSeq: 1 MESSAGE\r\n"
      "Content-Type: multipart/mixed;boundary=\"b1\"\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  test::PluginHarness plugin{*kemid_module_descriptor()};
  ASSERT_TRUE(plugin.init().ok());
  for (auto [type, kept] :
       {std::pair{"text/plain", "hello"},
        std::pair{"application/sdp", "Content-Disposition: session\r\n\r\nv=0"}}) {
    std::string error;
    auto message = SipMessage::parse(text, error);
    ASSERT_NE(message, nullptr) << error;
    MessageContext context;
    context.message = message.get();
    EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("filter_body", &context, {type})), 1);
    EXPECT_TRUE(message->wireText().ends_with(
        "multipart/mixed;boundary=\"b1\"\r\nContent-Length: " +
        std::to_string(std::string_view(kept).size()) + "\r\n\r\n" + kept))
        << message->wireText();
    EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("filter_body", &context, {"image/png"})), -1);
  }
}

TEST_F(Textops, SetReplyBodyIsForLocalReplies) {
  EXPECT_EQ(call("set_reply_body", {"<ok/>", "application/xml"}), 1);
  EXPECT_EQ(context_.replyHeaders, "Content-Type: application/xml\r\n");
  EXPECT_EQ(replyBodyOf(context_), "<ok/>");
  EXPECT_EQ(call("set_reply_body", {"again", "text/plain"}), -1);
  EXPECT_EQ(context_.replyHeaders,
            "Content-Type: application/xml\r\nContent-Type: text/plain\r\n");  // as Kamailio
  EXPECT_EQ(replyBodyOf(context_), "<ok/>");
  EXPECT_EQ(call("set_reply_body", {"", "text/plain"}), -1);
  EXPECT_EQ(message_->wireText(), message_->receivedText());  // the request is unchanged
}

// Kamailio 5.6's answers for each way of holding, as run.
TEST(TextopsHold, IsAudioOnHoldKinds) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  ASSERT_TRUE(plugin.init().ok());
  const std::string session = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n";
  for (auto [sdp, expected] : {
           std::pair{session + "c=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n", 1},
           std::pair{session + "t=0 0\r\nm=audio 6000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n", 1},
           std::pair{session + "t=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=inactive\r\n", 2},
           std::pair{session + "t=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=recvonly\r\n", -1},
           std::pair{session + "t=0 0\r\nm=video 6000 RTP/AVP 0\r\na=sendonly\r\n", -1},
       }) {
    const std::string text =
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-3\r\n"
        "From: <sip:a@example.com>;tag=3\r\nTo: <sip:bob@example.com>\r\nCall-ID: hold\r\n"
        "CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: " +
        std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
    std::string error;
    auto message = SipMessage::parse(text, error);
    ASSERT_NE(message, nullptr) << error;
    MessageContext context;
    context.message = message.get();
    EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("is_audio_on_hold", &context, {})), expected)
        << sdp;
  }
}

TEST_F(Textops, SubstUriAndUserShowAtOnce) {
  EXPECT_EQ(call("subst_uri", {"/^sip:([a-z]+)@(.*)$/sip:\\1-u@\\2/"}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:bob-u@example.com");
  EXPECT_EQ(call("subst_user", {"/^(.*)$/\\1\\1/"}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:bob-ubob-u@example.com");
  EXPECT_EQ(call("subst_user", {"/zzz/y/"}), -1);
  EXPECT_TRUE(wire().starts_with("INVITE sip:bob-ubob-u@example.com SIP/2.0\r\n"));
}

TEST_F(Textops, StringHelpers) {
  EXPECT_EQ(call("cmp_str", {"abc", "abc"}), 1);
  EXPECT_EQ(call("cmp_str", {"abc", "abd"}), -2);
  EXPECT_EQ(call("cmp_str", {"abd", "abc"}), -1);
  EXPECT_EQ(call("cmp_str", {"ab", "abc"}), -2);
  EXPECT_EQ(call("cmp_istr", {"ABC", "abc"}), 1);
  EXPECT_EQ(call("cmp_istr", {"ABC", "abd"}), -2);
  EXPECT_EQ(call("starts_with", {"abcdef", "abc"}), 1);
  EXPECT_EQ(call("starts_with", {"abcdef", "bc"}), -2);
  EXPECT_EQ(call("ends_with", {"abcdef", "def"}), 1);
  EXPECT_EQ(call("ends_with", {"abcdef", "de"}), -1);
  EXPECT_EQ(call("starts_with", {"ab", "abc"}), -1);
  EXPECT_EQ(call("starts_with", {"abcdef", "zz"}), -2);
  EXPECT_EQ(call("starts_with", {"abcdef", "aa"}), -1);
  EXPECT_EQ(call("ends_with", {"ab", "xab"}), -1);
  EXPECT_EQ(call("ends_with", {"abcdef", "zz"}), -2);
  EXPECT_EQ(call("str_find", {"abcdef", "cd"}), 3);
  EXPECT_EQ(call("str_find", {"abcdef", "ab"}), 1);
  EXPECT_EQ(call("str_find", {"abcdef", "x"}), -1);
  EXPECT_EQ(call("str_ifind", {"abcdef", "CD"}), 3);
  EXPECT_EQ(call("in_list", {"b", "a, b ,c", ","}), 1);
  EXPECT_EQ(call("in_list", {"d", "a,b,c", ","}), -1);
  EXPECT_EQ(call("in_list", {"b", "a;b", ";;"}), 1);
  EXPECT_EQ(call("in_list_prefix", {"abcd", "x,ab,c", ","}), 1);
  EXPECT_EQ(call("in_list_prefix", {"abcd", "x,b", ","}), -1);
}

}  // namespace
}  // namespace kemid::textops
