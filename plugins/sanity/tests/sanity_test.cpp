// sanity through its KEMI table: each check's return code and the reply it
// puts on the wire, with Kamailio 5.6.3's reason phrases (measured).

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

namespace kemid::sanity {
namespace {

struct Request {
  std::string startLine = "INVITE sip:bob@192.0.2.10 SIP/2.0";
  std::string extra;  // header lines, each ending in CRLF
  std::string from = "<sip:alice@192.0.2.1>;tag=a1";
  std::string to = "<sip:bob@192.0.2.10>";
  std::string cseqMethod = "INVITE";

  std::string text() const {
    return startLine + "\r\nVia: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1\r\nFrom: " + from +
           "\r\nTo: " + to + "\r\nCall-ID: c1@x\r\nCSeq: 1 " + cseqMethod + "\r\n" + extra +
           "Content-Length: 0\r\n\r\n";
  }
};

class Sanity : public ::testing::Test {
 protected:
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

  std::int64_t check(const Request& request, std::int64_t msgChecks, std::int64_t uriChecks = 0) {
    load(request.text());
    return std::get<std::int64_t>(
        plugin_.callKemi("sanity_check", &context_, {msgChecks, uriChecks}));
  }

  std::int64_t call(std::string_view name) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_));
  }

  // The status line of the only reply sent since the last call.
  std::string reply() {
    if (sl_.replies.size() != 1) return "(" + std::to_string(sl_.replies.size()) + " replies)";
    std::string text = sl_.replies[0];
    sl_.replies.clear();
    return text.substr(0, text.find("\r\n"));
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  test::FakeSl sl_;
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(Sanity, ExportsKamailio56Functions) {
  init();
  const auto& kemi = plugin_.descriptor().kemi;
  ASSERT_EQ(kemi.size(), 3u);
  EXPECT_EQ(kemi[0].name, "sanity_check");
  EXPECT_EQ(kemi[0].paramCount(), 2u);
  EXPECT_EQ(kemi[1].name, "sanity_check_defaults");
  EXPECT_EQ(kemi[2].name, "sanity_reply");
}

TEST_F(Sanity, WellFormedRequestPassesTheStockChecks) {
  init();
  EXPECT_EQ(check(Request{}, 17895, 7), 1);
  EXPECT_TRUE(sl_.replies.empty());
}

TEST_F(Sanity, ForeignRequestUriScheme) {
  init();
  Request request;
  request.startLine = "INVITE mailto:bob@192.0.2.10 SIP/2.0";
  EXPECT_EQ(check(request, 2), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Bad Request URI");
  request.startLine = "INVITE urn:service:sos SIP/2.0";
  EXPECT_EQ(check(request, 2), 1);
}

TEST_F(Sanity, ExpiresValue) {
  init();
  Request request;
  request.extra = "Expires: abc\r\n";
  EXPECT_EQ(check(request, 256), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Expires value is illegal");
  request.extra = "Expires: 12abc\r\n";
  EXPECT_EQ(check(request, 256), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Expires value is illegal");
  request.extra = "Expires: \r\n";
  EXPECT_EQ(check(request, 256), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Bad Expires Header");
  request.extra = "Expires: 4294967296\r\n";
  EXPECT_EQ(check(request, 256), 1);
}

TEST_F(Sanity, ProxyRequireAnswers420WithTheFirstUnsupportedTag) {
  init({{"proxy_require", std::string("foo, baz")}});
  Request request;
  request.extra = "Proxy-Require: foo\r\nProxy-Require: bar, baz\r\n";
  EXPECT_EQ(check(request, 512), -1);
  ASSERT_EQ(sl_.replies.size(), 1u);
  const std::string wire = sl_.replies[0];
  EXPECT_TRUE(wire.starts_with("SIP/2.0 420 Bad Proxy Require Extension\r\n")) << wire;
  EXPECT_NE(wire.find("CSeq: 1 INVITE\r\nUnsupported: bar\r\nContent-Length: 0\r\n"),
            std::string::npos)
      << wire;
  // As a Kamailio reply lump, the Unsupported line stays for later replies.
  EXPECT_EQ(context_.replyHeaders, "Unsupported: bar\r\n");
  request.extra = "Proxy-Require: FOO\r\n";
  sl_.replies.clear();
  EXPECT_EQ(check(request, 512), 1);
}

TEST_F(Sanity, BadUris) {
  init();
  Request request;
  request.extra = "Contact: <sip:c@192.0.2.1:99999>\r\n";
  EXPECT_EQ(check(request, 1024, 8), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Bad Contact URI");
  request.extra = "Contact: *\r\n";
  EXPECT_EQ(check(request, 1024, 8), 1);
}

TEST_F(Sanity, DuplicateTags) {
  init();
  Request request;
  request.to = "<sip:bob@192.0.2.10>;tag=x;tag=y";
  EXPECT_EQ(check(request, 4096), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Many To Tag Params");
  request.to = "<sip:bob@192.0.2.10>";
  request.from = "<sip:alice@192.0.2.1>;tag=x;tag=y";
  EXPECT_EQ(check(request, 4096), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Many From Tag Params");
}

TEST_F(Sanity, DigestCredentials) {
  init();
  auto credentials = [](std::string_view header, std::string_view params) {
    Request request;
    request.extra = std::string(header) + ": Digest " + std::string(params) + "\r\n";
    return request;
  };
  constexpr std::string_view kUri = "uri=\"sip:bob@192.0.2.10\", ";
  const std::string ok = "username=\"u\", realm=\"r\", nonce=\"n\", " + std::string(kUri) +
                         "response=\"0123456789abcdef0123456789abcdef\"";
  EXPECT_EQ(check(credentials("Authorization", ok), 2048), 1);
  EXPECT_EQ(check(credentials("Authorization", "username=\"\", realm=\"r\", nonce=\"n\", " +
                                                   std::string(kUri) +
                                                   "response=\"0123456789abcdef0123456789abcdef\""),
                  2048),
            -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Auth Empty User");
  EXPECT_EQ(check(credentials("Proxy-Authorization", "username=\"u\", realm=\"r\", nonce=\"n\", " +
                                                         std::string(kUri) + "response=\"\""),
                  2048),
            -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Auth Empty Response");
  EXPECT_EQ(check(credentials("Authorization", "realm=\"r\", nonce=\"n\""), 8192), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Bad Auth Credentials");
  EXPECT_EQ(check(credentials("Authorization", "username=\"u\", nonce=\"n\", " + std::string(kUri) +
                                                   "response=\"0123456789abcdef0123456789abcdef\""),
                  2048),
            -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Bad Auth Credentials");  // no realm
}

// Check 2048 fails without a reply for another scheme; 8192 lets it pass.
TEST_F(Sanity, OtherAuthorizationSchemes) {
  init();
  Request request;
  request.extra = "Authorization: Basic dXNlcjpwYXNz\r\n";
  EXPECT_EQ(check(request, 2048), -1);
  EXPECT_TRUE(sl_.replies.empty());
  EXPECT_EQ(check(request, 8192), 1);
  request.extra = "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n";
  EXPECT_EQ(check(request, 2048), -1);
  EXPECT_TRUE(sl_.replies.empty());
}

TEST_F(Sanity, NeverRepliesToAck) {
  init();
  Request request;
  request.startLine = "ACK sip:bob@192.0.2.10 SIP/2.0";
  request.cseqMethod = "ACK";
  request.extra = "Expires: abc\r\n";
  EXPECT_EQ(check(request, 256), -1);
  EXPECT_TRUE(sl_.replies.empty());
}

TEST_F(Sanity, RepliesAreCheckedButNeverAnswered) {
  init();
  load(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\n"
      "From: <sip:alice@192.0.2.1>;tag=a1\r\nTo: <sip:bob@192.0.2.10>;tag=x;tag=y\r\n"
      "Call-ID: c1@x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(std::get<std::int64_t>(plugin_.callKemi("sanity_check", &context_,
                                                    {std::int64_t{17604 | 4096}, std::int64_t{6}})),
            -1);
  EXPECT_TRUE(sl_.replies.empty());
  EXPECT_EQ(std::get<std::int64_t>(plugin_.callKemi("sanity_check", &context_,
                                                    {std::int64_t{17604}, std::int64_t{6}})),
            1);
}

TEST_F(Sanity, DefaultsFromModparams) {
  init({{"default_checks", std::int64_t{256}}});
  Request request;
  request.extra = "Expires: abc\r\n";
  load(request.text());
  EXPECT_EQ(call("sanity_check_defaults"), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Expires value is illegal");
}

TEST_F(Sanity, DefaultChecksLeaveExpiresAlone) {
  init();
  Request request;
  request.to = "<sip:bob@192.0.2.10>;tag=x;tag=y";  // 4096 is not a default check
  load(request.text());
  EXPECT_EQ(call("sanity_check_defaults"), 1);
}

TEST_F(Sanity, NoreplyKeepsTheReplyForSanityReply) {
  init({{"noreply", std::int64_t{1}}});
  Request request;
  request.extra = "Expires: abc\r\n";
  EXPECT_EQ(check(request, 256), -1);
  EXPECT_TRUE(sl_.replies.empty());
  EXPECT_EQ(call("sanity_reply"), 1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Expires value is illegal");
  EXPECT_EQ(call("sanity_reply"), 1);  // again, as Kamailio
  EXPECT_EQ(reply(), "SIP/2.0 400 Expires value is illegal");
}

TEST_F(Sanity, SanityReplyWithoutFailureSendsTheGenericReply) {
  init({{"noreply", std::int64_t{1}}});
  EXPECT_EQ(check(Request{}, 17895, 7), 1);
  EXPECT_EQ(call("sanity_reply"), 1);
  EXPECT_EQ(reply(), "SIP/2.0 500 Server Sanity Failure");
}

TEST_F(Sanity, SanityReplyWithoutNoreplySendsNothing) {
  init();
  Request request;
  request.extra = "Expires: abc\r\n";
  EXPECT_EQ(check(request, 256), -1);
  EXPECT_EQ(reply(), "SIP/2.0 400 Expires value is illegal");
  EXPECT_EQ(call("sanity_reply"), 1);
  EXPECT_TRUE(sl_.replies.empty());
}

}  // namespace
}  // namespace kemid::sanity
