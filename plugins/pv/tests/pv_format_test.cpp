// pv formats (xlog's text with pseudo-variables) and pv's published API.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/message_context.h"
#include "core/module_host.h"
#include "pv_api.h"
#include "pv_format.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

namespace kemid::pv {
namespace {

constexpr std::string_view kOptions =
    "OPTIONS sip:bob@192.0.2.20;transport=udp SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bK-1\r\n"
    "From: \"Al\" <sip:alice@example.com>;tag=t1\r\n"
    "To: <sip:bob@example.org>\r\n"
    "Call-ID: call-1@x\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "X-A: one\r\n"
    "X-A: two\r\n"
    "Content-Length: 0\r\n\r\n";

class PvFormat : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(plugin_.init().ok());
    api_ = plugin_.host().findApi<PvApi>();
    ASSERT_NE(api_, nullptr);
    std::string error;
    message_ = SipMessage::parse(kOptions, error);
    ASSERT_NE(message_, nullptr) << error;
    ctx_.message = message_.get();
    ctx_.received.source = {"198.51.100.7", 5070};
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  PvApi* api_ = nullptr;
  std::unique_ptr<SipMessage> message_;
  MessageContext ctx_;
};

TEST_F(PvFormat, PseudoVariablesAreReplacedNullsReadNull) {
  auto text = api_->format(
      "ru=$ru rU=$rU du=$du var=$var(x) avp=$avp(y) hdr=$hdr(X-A) hdr1=$(hdr(X-A)[1]) fn=$fn "
      "si=$si sp=$sp dollar=$$ end.$rm.",
      ctx_);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "ru=sip:bob@192.0.2.20;transport=udp rU=bob du=<null> var=0 avp=<null> hdr=one "
            "hdr1=two fn=\"Al\" si=198.51.100.7 sp=5070 dollar=$ end.OPTIONS.");
}

TEST_F(PvFormat, ABadPseudoVariableRefusesTheFormat) {
  EXPECT_FALSE(api_->format("bad=$nosuchpv(x)", ctx_));
  EXPECT_FALSE(api_->format("open=$var(x end", ctx_));
  EXPECT_FALSE(api_->format("lonely $ here", ctx_));
  EXPECT_FALSE(api_->format("open=$(hdr(X-A)[1]", ctx_));
  EXPECT_EQ(api_->format("no variables, 100%", ctx_), "no variables, 100%");
}

TEST_F(PvFormat, GetReadsAsKsrPvGet) {
  EXPECT_EQ(api_->get("$rU", ctx_), PvValue::string("bob"));
  EXPECT_EQ(api_->get("$sp", ctx_), PvValue::integer(5070));
  EXPECT_EQ(api_->get("$du", ctx_), PvValue());
  EXPECT_EQ(api_->get("$nosuch", ctx_), std::nullopt);
}

TEST(PvFormatParse, DottedNamesOnlyWhenKnown) {
  std::string error;
  auto parts = parseFormat("$ruri.user.$ru.", error);
  ASSERT_TRUE(parts) << error;
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ(parts->at(0).pv->kind, PvKind::RequestUser);
  EXPECT_EQ(parts->at(1).literal, ".");
  EXPECT_EQ(parts->at(1).pv->kind, PvKind::RequestUri);
  EXPECT_EQ(parts->at(2).literal, ".");
}

}  // namespace
}  // namespace kemid::pv
