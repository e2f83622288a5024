// KSR.xlog through the module's KEMI table, with a stand-in for pv's API:
// return codes, levels and the line written.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "pv/pv_api.h"
#include "support/plugin_harness.h"
#include "xlog_kemi.h"

namespace kemid::xlog {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Replaces "$ru" with a fixed URI and refuses "$bad", as pv would.
class FakePv final : public pv::PvApi {
 public:
  std::optional<pv::PvValue> get(std::string_view, MessageContext&) override { return {}; }
  std::optional<std::string> format(std::string_view format, MessageContext&) override {
    std::string text(format);
    if (text.find("$bad") != std::string::npos) return std::nullopt;
    for (auto at = text.find("$ru"); at != std::string::npos; at = text.find("$ru")) {
      text.replace(at, 3, "sip:bob@example.org");
    }
    return text;
  }
};

class Xlog : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::setLevel(2);
    plugin_.host().publishApi<pv::PvApi>(pv_);
  }
  void TearDown() override { logging::setLevel(2); }

  void init() { ASSERT_TRUE(plugin_.init().ok()); }

  // The call's result and what it wrote to stderr.
  std::pair<KemiValue, std::string> logged(std::string_view name, std::vector<KemiArg> args) {
    ::testing::internal::CaptureStderr();
    KemiValue result = plugin_.callKemi(name, &ctx_, std::move(args));
    return {result, ::testing::internal::GetCapturedStderr()};
  }

  FakePv pv_;
  test::PluginHarness plugin_{*kemid_module_descriptor()};
  MessageContext ctx_;
};

const KemiValue kOne = std::int64_t{1};
const KemiValue kMinusOne = std::int64_t{-1};

TEST_F(Xlog, LogsTheEvaluatedFormatWithThePrefix) {
  init();
  auto [result, out] = logged("xinfo", {std::string_view("ru=$ru\n")});
  EXPECT_EQ(result, kOne);
  EXPECT_THAT(out, EndsWith(") INFO: <script>: ru=sip:bob@example.org\n"));
}

TEST_F(Xlog, EachFunctionHasItsLevel) {
  init();
  EXPECT_THAT(logged("xnotice", {std::string_view("n\n")}).second,
              HasSubstr(" NOTICE: <script>: n"));
  EXPECT_THAT(logged("xwarn", {std::string_view("w\n")}).second,
              HasSubstr(" WARNING: <script>: w"));
  EXPECT_THAT(logged("xerr", {std::string_view("e\n")}).second, HasSubstr(" ERROR: <script>: e"));
  EXPECT_THAT(logged("xalert", {std::string_view("a\n")}).second, HasSubstr(" ALERT: <script>: a"));
  // Kamailio 5.6 prints L_CRIT with an empty level label.
  EXPECT_THAT(logged("xcrit", {std::string_view("c\n")}).second, HasSubstr(") : <script>: c"));
}

TEST_F(Xlog, BelowTheDebugLevelNothingIsWrittenYetItAnswersOne) {
  init();
  auto [result, out] = logged("xdbg", {std::string_view("d\n")});
  EXPECT_EQ(result, kOne);
  EXPECT_THAT(out, IsEmpty());
  logging::setLevel(3);
  EXPECT_THAT(logged("xdbg", {std::string_view("d\n")}).second, HasSubstr(" DEBUG: <script>: d"));
}

TEST_F(Xlog, XlogLevelNamesAndTheirFallback) {
  init();
  EXPECT_EQ(levelNamed("L_INFO"), LogLevel::Info);
  EXPECT_EQ(levelNamed("l_warn"), LogLevel::Warn);
  EXPECT_EQ(levelNamed("L_CRIT2"), LogLevel::Crit2);
  EXPECT_EQ(levelNamed("L_BUG"), LogLevel::Bug);
  EXPECT_EQ(levelNamed("info"), LogLevel::Err);
  auto [result, out] = logged("xlog", {std::string_view("weird"), std::string_view("x\n")});
  EXPECT_EQ(result, kOne);
  EXPECT_THAT(out, HasSubstr(" ERROR: <script>: x"));
}

TEST_F(Xlog, AFormatPvRefusesAnswersMinusOne) {
  init();
  auto [result, out] = logged("xinfo", {std::string_view("x=$bad\n")});
  EXPECT_EQ(result, kMinusOne);
  EXPECT_THAT(out, Not(HasSubstr("<script>: x=")));
}

TEST_F(Xlog, ThePrefixIsAParameterAndAFormat) {
  plugin_.setParam("prefix", std::string("[$ru] "));
  init();
  EXPECT_THAT(logged("xinfo", {std::string_view("hi\n")}).second,
              EndsWith(" INFO: [sip:bob@example.org] hi\n"));
}

TEST(XlogWithoutPv, AnswersMinusOne) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  ASSERT_TRUE(plugin.init().ok());
  MessageContext ctx;
  EXPECT_EQ(plugin.callKemi("xinfo", &ctx, {std::string_view("x\n")}), kMinusOne);
}

}  // namespace
}  // namespace kemid::xlog
