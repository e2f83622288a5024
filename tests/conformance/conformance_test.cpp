// The differential conformance suite: every case under cases/ runs on
// Kamailio 5.6 and on kemid, and must give the same script results (the
// values the script logged with conf()) and the same messages on the wire,
// apart from generated branch ids, tags and Call-IDs (sip_transcript.h).
// README.md in this folder says how to add a case.

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "conformance/proxy_run.h"

namespace kemid::conformance {
namespace {

const std::string kSourceDir = KEMID_SOURCE_DIR;

ProxyPrograms programs() {
  ProxyPrograms p;
  p.kamailio = "/usr/sbin/kamailio";
  p.kamailioMods = "/usr/lib/x86_64-linux-gnu/kamailio/modules/";
  p.kemid = KEMID_BINARY;
  p.prelude = kSourceDir + "/tests/conformance/prelude.lua";
  return p;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out.append(line).append("\n");
  return out;
}

class ConformanceTest : public ::testing::TestWithParam<ConformanceCase> {};

TEST_P(ConformanceTest, SameAsKamailio) {
  const ProxyPrograms p = programs();
  if (auto why = kamailioUnavailableReason(p); !why.empty()) GTEST_SKIP() << why;
  const ConformanceCase& c = GetParam();

  CaseOutcome reference = runCase(c, Proxy::Kamailio, p);
  ASSERT_TRUE(reference.proxyStarted) << "Kamailio did not start:\n" << reference.proxyLog;
  ASSERT_FALSE(reference.exchanges.empty()) << "the case has no caller.xml";
  ASSERT_FALSE(reference.scriptResults.empty() && reference.exchanges[0].callerMessages.empty())
      << "the case produced nothing on Kamailio:\n"
      << reference.proxyLog;
  CaseOutcome kemid = runCase(c, Proxy::Kemid, p);
  ASSERT_TRUE(kemid.proxyStarted) << "kemid did not start:\n" << kemid.proxyLog;

  EXPECT_EQ(joined(kemid.scriptResults), joined(reference.scriptResults))
      << "script results differ (kemid first, Kamailio second); kemid's log:\n"
      << kemid.proxyLog;
  ASSERT_EQ(kemid.exchanges.size(), reference.exchanges.size());
  for (std::size_t i = 0; i < kemid.exchanges.size(); ++i) {
    const Exchange& ours = kemid.exchanges[i];
    const Exchange& theirs = reference.exchanges[i];
    SCOPED_TRACE(ours.name);
    EXPECT_EQ(describe(ours.callerMessages), describe(theirs.callerMessages))
        << "the caller saw different messages (kemid first, Kamailio second)";
    EXPECT_EQ(describe(ours.calleeMessages), describe(theirs.calleeMessages))
        << "the callee saw different messages (kemid first, Kamailio second)";
    EXPECT_EQ(ours.successfulCalls, theirs.successfulCalls);
    EXPECT_EQ(ours.failedCalls, theirs.failedCalls);
    // A scenario Kamailio itself does not complete shows nothing: both
    // proxies failing alike would pass.
    EXPECT_EQ(theirs.failedCalls, 0) << "the caller failed on Kamailio: the scenario does not fit";
  }
}

std::string caseTestName(const ::testing::TestParamInfo<ConformanceCase>& info) {
  std::string name;
  for (char ch : info.param.name)
    name.push_back(std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, ConformanceTest,
                         ::testing::ValuesIn(findCases(kSourceDir + "/tests/conformance/cases")),
                         caseTestName);

}  // namespace
}  // namespace kemid::conformance
