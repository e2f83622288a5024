// textopsx through its KEMI table.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

namespace kemid::textopsx {
namespace {

constexpr std::string_view kMessage =
    "MESSAGE sip:bob@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@example.com>;tag=1\r\n"
    "To: <sip:bob@example.com>\r\n"
    "Call-ID: textopsx-1\r\n"
    "CSeq: 1 MESSAGE\r\n"
    "User-Agent: ua\r\n"
    "X-Keep: k\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "Hello";

class Textopsx : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(plugin_.init().ok());
    std::string error;
    message_ = SipMessage::parse(kMessage, error);
    ASSERT_NE(message_, nullptr) << error;
    context_.message = message_.get();
  }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, std::move(args)));
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(Textopsx, ApplyChangesMakesPendingEditsReadable) {
  message_->removeHeader("User-Agent");
  EXPECT_TRUE(message_->header("User-Agent").has_value());
  EXPECT_EQ(call("msg_apply_changes"), 1);
  EXPECT_FALSE(message_->header("User-Agent").has_value());
  EXPECT_FALSE(message_->hasPendingEdits());
  EXPECT_EQ(call("msg_apply_changes"), 1);  // nothing pending: still 1
}

// Kamailio stops the script when the changed message does not parse; kemid
// answers -1 and keeps the changes pending (what is sent is unchanged).
TEST_F(Textopsx, ApplyChangesOfAnUnparsableResultAnswersMinusOne) {
  message_->removeHeader("From");
  EXPECT_EQ(call("msg_apply_changes"), -1);
  EXPECT_TRUE(message_->header("From").has_value());
  EXPECT_TRUE(message_->hasPendingEdits());
  EXPECT_EQ(message_->wireText().find("From:"), std::string::npos);
}

TEST_F(Textopsx, SetBufferReplacesTheWholeMessage) {
  message_->removeHeader("User-Agent");
  const std::string text(kMessage);
  const std::string replaced =
      "MESSAGE sip:carol@example.net SIP/2.0" +
      text.substr(text.find("\r\n"), text.find("Content-Type") - text.find("\r\n")) +
      "X-New: yes\r\nContent-Length: 0\r\n\r\n";
  EXPECT_EQ(call("msg_set_buffer", {std::string_view(replaced)}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:carol@example.net");
  EXPECT_EQ(message_->header("X-New"), "yes");
  EXPECT_TRUE(message_->header("User-Agent").has_value());  // the removal went with the old text
  EXPECT_FALSE(message_->hasPendingEdits());
  EXPECT_EQ(message_->wireText(), replaced);
}

// Kamailio 5.6 answers 0 for text it cannot parse and keeps a message it
// cannot read; kemid answers -1 and keeps the message it had.
TEST_F(Textopsx, SetBufferRefusesEmptyOrUnparsableText) {
  EXPECT_EQ(call("msg_set_buffer", {std::string_view("")}), -1);
  EXPECT_EQ(call("msg_set_buffer", {std::string_view("garbage")}), -1);
  EXPECT_EQ(message_->method(), "MESSAGE");
}

TEST_F(Textopsx, ApplyChangesIsRefusedInTmRoutes) {
  message_->removeHeader("User-Agent");
  for (RouteType route : {RouteType::Branch, RouteType::OnReply, RouteType::Failure}) {
    context_.routeType = route;
    EXPECT_EQ(call("msg_apply_changes"), -1);
  }
  EXPECT_TRUE(message_->hasPendingEdits());
  context_.routeType = RouteType::Reply;
  EXPECT_EQ(call("msg_apply_changes"), 1);
}

TEST_F(Textopsx, RemoveBodySendsContentLengthZero) {
  EXPECT_EQ(call("remove_body"), 1);
  EXPECT_EQ(message_->body(), "Hello");
  EXPECT_TRUE(
      message_->wireText().ends_with("Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_EQ(call("remove_body"), -1);  // overlaps the first
}

TEST_F(Textopsx, KeepHfKeepsTheEssentialHeaders) {
  EXPECT_EQ(call("keep_hf_re", {"^x-"}), -1);  // Kamailio 5.6's code, after removing
  std::string wire = message_->wireText();
  EXPECT_EQ(wire.find("User-Agent"), std::string::npos);
  EXPECT_NE(wire.find("\r\nX-Keep: k\r\n"), std::string::npos);
  EXPECT_EQ(call("keep_hf"), -1);
  wire = message_->wireText();
  EXPECT_EQ(wire.find("X-Keep"), std::string::npos);
  EXPECT_NE(wire.find("\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n"), std::string::npos)
      << wire;
  EXPECT_EQ(call("keep_hf_re", {"(bad"}), -1);
}

TEST_F(Textopsx, HeaderIteratorWalksTheFieldsAndEditsAtTheCurrentOne) {
  auto name = [&] { return plugin_.callKemi("hf_iterator_hname", &context_, {"i1"}); };
  EXPECT_EQ(call("hf_iterator_next", {"i1"}), -1);  // never started
  EXPECT_EQ(call("hf_iterator_start", {"i1"}), 1);
  EXPECT_EQ(name(), KemiValue{});  // before the first field
  EXPECT_EQ(call("hf_iterator_prev", {"i1"}), 1);
  std::vector<std::string> names;
  while (call("hf_iterator_next", {"i1"}) > 0) {
    names.push_back(std::get<std::string>(name()));
    if (names.back() == "User-Agent") {
      EXPECT_EQ(plugin_.callKemi("hf_iterator_hbody", &context_, {"i1"}), KemiValue{"ua"});
      EXPECT_EQ(call("hf_iterator_rm", {"i1"}), 1);
      EXPECT_EQ(call("hf_iterator_insert", {"i1", "X-Before: 1\r\n"}), 1);
    }
    if (names.back() == "X-Keep") {
      EXPECT_EQ(call("hf_iterator_append", {"i1", "X-After: 1\r\n"}), 1);
    }
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"Via", "Max-Forwards", "From", "To", "Call-ID", "CSeq",
                                      "User-Agent", "X-Keep", "Content-Type", "Content-Length"}));
  EXPECT_EQ(call("hf_iterator_next", {"i1"}), -1);
  EXPECT_EQ(call("hf_iterator_prev", {"i1"}), -1);
  EXPECT_EQ(name(), KemiValue{});
  EXPECT_EQ(call("hf_iterator_rm", {"i1"}), -1);
  EXPECT_NE(
      message_->wireText().find("CSeq: 1 MESSAGE\r\nX-Before: 1\r\nX-Keep: k\r\nX-After: 1\r\n"),
      std::string::npos)
      << message_->wireText();
  EXPECT_EQ(call("hf_iterator_end", {"i1"}), 1);
  EXPECT_EQ(call("hf_iterator_next", {"i1"}), 1);  // Kamailio: usable again after end
  EXPECT_EQ(name(), KemiValue{"Via"});
  EXPECT_EQ(call("hf_iterator_end", {"never"}), -1);
  for (const char* other : {"i2", "i3", "i4"}) EXPECT_EQ(call("hf_iterator_start", {other}), 1);
  EXPECT_EQ(call("hf_iterator_start", {"i5"}), -1);  // four at most
}

TEST_F(Textopsx, BodyLineIterator) {
  std::string error;
  message_ = SipMessage::parse(
      "MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-5\r\n"
      "From: <sip:a@example.com>;tag=5\r\nTo: <sip:bob@example.com>\r\nCall-ID: bl\r\n"
      "CSeq: 1 MESSAGE\r\nContent-Type: application/sdp\r\nContent-Length: 21\r\n\r\n"
      "v=0\r\ns=-\r\nt=0 0\r\nlast",
      error);
  ASSERT_NE(message_, nullptr) << error;
  context_.message = message_.get();
  auto value = [&] { return plugin_.callKemi("bl_iterator_value", &context_, {"b1"}); };
  EXPECT_EQ(call("bl_iterator_next", {"b1"}), -1);
  EXPECT_EQ(call("bl_iterator_start", {"b1"}), 1);
  EXPECT_EQ(value(), KemiValue{});
  std::vector<std::string> lines;
  while (call("bl_iterator_next", {"b1"}) > 0) {
    lines.push_back(std::get<std::string>(value()));
    if (lines.back() == "s=-\r\n") {
      EXPECT_EQ(call("bl_iterator_rm", {"b1"}), 1);
    }
    if (lines.back() == "t=0 0\r\n") {
      EXPECT_EQ(call("bl_iterator_append", {"b1", "x=after\r\n"}), 1);
      EXPECT_EQ(call("bl_iterator_insert", {"b1", "x=before\r\n"}), 1);
    }
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"v=0\r\n", "s=-\r\n", "t=0 0\r\n", "last"}));
  EXPECT_EQ(call("bl_iterator_end", {"b1"}), 1);
  EXPECT_EQ(call("bl_iterator_next", {"b1"}), -1);  // closed, as in Kamailio
  EXPECT_TRUE(message_->wireText().ends_with(
      "Content-Length: 35\r\n\r\nv=0\r\nx=before\r\nt=0 0\r\nx=after\r\nlast"))
      << message_->wireText();
}

// The cuts Kamailio 5.6 makes, as run.
TEST(TextopsxValues, IncludeExcludeAndExists) {
  std::string error;
  auto message = SipMessage::parse(
      "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-6\r\n"
      "From: <sip:a@example.com>;tag=6\r\nTo: <sip:bob@example.com>\r\nCall-ID: values\r\n"
      "CSeq: 1 INVITE\r\nSupported: 100rel, path,timer\r\nAllow: INVITE, ACK, INFO, BYE\r\n"
      "X-List: a, b\r\nX-List: c, d\r\nContent-Length: 0\r\n\r\n",
      error);
  ASSERT_NE(message, nullptr) << error;
  MessageContext context;
  context.message = message.get();
  test::PluginHarness plugin{*kemid_module_descriptor()};
  ASSERT_TRUE(plugin.init().ok());
  auto call = [&](std::string_view name, std::string_view hf, std::string_view value) {
    return std::get<std::int64_t>(plugin.callKemi(name, &context, {hf, value}));
  };
  EXPECT_EQ(call("hf_value_exists", "Supported", "path"), 1);
  EXPECT_EQ(call("hf_value_exists", "supported", "PATH"), 1);
  EXPECT_EQ(call("hf_value_exists", "Supported", "gruu"), -1);
  EXPECT_EQ(call("hf_value_exists", "X-None", "a"), -1);
  EXPECT_EQ(call("include_hf_value", "Supported", "gruu"), 1);
  EXPECT_EQ(call("include_hf_value", "Supported", "path"), 1);
  EXPECT_EQ(call("include_hf_value", "X-None", "v1"), 1);
  EXPECT_EQ(call("exclude_hf_value", "Allow", "INFO"), 1);
  EXPECT_EQ(call("exclude_hf_value", "Allow", "FOO"), 1);
  EXPECT_EQ(call("exclude_hf_value", "X-List", "c"), 1);
  EXPECT_NE(message->wireText().find("\r\nSupported: 100rel, path,timer,gruu\r\n"
                                     "Allow: INVITE, ACK, BYE\r\nX-List: a, b\r\nX-List:  d\r\n"),
            std::string::npos)
      << message->wireText();
  EXPECT_TRUE(message->wireText().ends_with("Content-Length: 0\r\nX-None: v1\r\n\r\n"));
}

TEST(TextopsxReplyStatus, ChangesTheStatusLineSent) {
  std::string error;
  auto reply = SipMessage::parse(
      "SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-7\r\n"
      "From: <sip:a@example.com>;tag=7\r\nTo: <sip:bob@example.com>;tag=8\r\nCall-ID: st\r\n"
      "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
      error);
  ASSERT_NE(reply, nullptr) << error;
  MessageContext context;
  context.message = reply.get();
  test::PluginHarness plugin{*kemid_module_descriptor()};
  ASSERT_TRUE(plugin.init().ok());
  auto change = [&](std::int64_t code, std::string_view reason) {
    return std::get<std::int64_t>(plugin.callKemi("change_reply_status", &context, {code, reason}));
  };
  EXPECT_EQ(change(404, "Not Here"), -1);  // the request route
  context.routeType = RouteType::OnReply;
  EXPECT_EQ(change(200, "OK"), -1);   // into the 2xx class
  EXPECT_EQ(change(700, "Bad"), -1);  // not a status code
  EXPECT_EQ(change(404, "Not Here"), 1);
  EXPECT_EQ(reply->statusCode(), 486);  // read as received
  EXPECT_TRUE(reply->wireText().starts_with("SIP/2.0 404 Not Here\r\nVia: "));
  EXPECT_EQ(std::get<std::int64_t>(
                plugin.callKemi("change_reply_status_code", &context, {std::int64_t{480}})),
            -1);  // overlaps the first change
}

TEST_F(Textopsx, FnmatchAnswersZeroOnAMatch) {
  EXPECT_EQ(call("fnmatch", {"abc", "a*"}), 0);
  EXPECT_EQ(call("fnmatch", {"abc", "a?c"}), 0);
  EXPECT_EQ(call("fnmatch", {"abc", "b*"}), -1);
  EXPECT_EQ(call("fnmatch_ex", {"abc", "a*", "i"}), 0);
  EXPECT_EQ(call("fnmatch_ex", {"ABC", "a*", "i"}), -1);  // as Kamailio 5.6
}

}  // namespace
}  // namespace kemid::textopsx
