// regex_substring's choice of group and its outcomes, as measured on
// Kamailio 5.6 (the conformance case textops/regex_substring compares the
// return codes on the wire).

#include "regex_substring.h"

#include <gtest/gtest.h>

namespace kemid::textops {
namespace {

using Outcome = RegexSubstring::Outcome;
constexpr std::string_view kText = "___ abc123def ___ ghi456 ___";
constexpr std::string_view kPattern = "([a-z]*)([0-9]+)([a-z]*)";

TEST(RegexSubstring, PicksAGroupOfTheFirstMatch) {
  EXPECT_EQ(regexSubstring(kText, kPattern, 1, 3).token, "abc");
  EXPECT_EQ(regexSubstring(kText, kPattern, 0, 3).token, "abc123def");
  EXPECT_EQ(regexSubstring(kText, kPattern, 3, 4).token, "def");
  EXPECT_EQ(regexSubstring("x", "x", 0, 100).token, "x");
}

TEST(RegexSubstring, TheIndexMustStayBelowTheCount) {
  EXPECT_EQ(regexSubstring(kText, kPattern, 3, 3).outcome, Outcome::Invalid);
  EXPECT_EQ(regexSubstring(kText, kPattern, 0, 0).outcome, Outcome::Invalid);
  EXPECT_EQ(regexSubstring(kText, kPattern, -1, 3).outcome, Outcome::Invalid);
}

TEST(RegexSubstring, AbsentOrEmptyGroupsAreInvalid) {
  EXPECT_EQ(regexSubstring(kText, kPattern, 4, 5).outcome, Outcome::Invalid);
  EXPECT_EQ(regexSubstring("___ abc ___", "(x)|(abc)", 1, 3).outcome, Outcome::Invalid);
  EXPECT_EQ(regexSubstring("___ abc ___", "(x)|(abc)", 2, 3).token, "abc");
  EXPECT_EQ(regexSubstring("___ 123 ___", "([a-z]*)([0-9]+)", 1, 2).outcome, Outcome::Invalid);
}

TEST(RegexSubstring, NoMatchIsItsOwnOutcome) {
  EXPECT_EQ(regexSubstring("nothing", "[0-9]+", 0, 1).outcome, Outcome::NoMatch);
  EXPECT_EQ(regexSubstring("ABC", "b", 0, 1).outcome, Outcome::NoMatch);  // case-sensitive
  EXPECT_EQ(regexSubstring("", "^$", 0, 1).outcome, Outcome::NoMatch);
}

TEST(RegexSubstring, ABadExpressionIsInvalid) {
  EXPECT_EQ(regexSubstring("abc", "(", 0, 1).outcome, Outcome::Invalid);
}

}  // namespace
}  // namespace kemid::textops
