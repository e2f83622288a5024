// Kamailio's sed-like expressions and the POSIX regex flags textops uses.

#include "subst_expression.h"

#include <gtest/gtest.h>

#include <string>

namespace kemid::textops {
namespace {

SubstExpression parsed(std::string_view text) {
  std::string error;
  auto expression = SubstExpression::parse(text, error);
  EXPECT_TRUE(expression.has_value()) << text << ": " << error;
  return std::move(*expression);
}

TEST(SubstExpression, FirstMatchWithGroups) {
  EXPECT_EQ(parsed("/^sip:([a-z]+)@(.*)$/sip:\\1-u@\\2/").applyTo("sip:bob@example.com"),
            "sip:bob-u@example.com");
}

TEST(SubstExpression, GlobalFlagReplacesEveryMatch) {
  EXPECT_EQ(parsed("/o/0/g").applyTo("foo bob"), "f00 b0b");
  EXPECT_EQ(parsed("/o/0/").applyTo("foo bob"), "f0o bob");
}

TEST(SubstExpression, CaseIsHonouredUnlessFlagI) {
  EXPECT_EQ(parsed("/BOB/x/").applyTo("bob"), std::nullopt);
  EXPECT_EQ(parsed("/BOB/x/i").applyTo("bob"), "x");
}

TEST(SubstExpression, AnySeparatorAndEscapes) {
  EXPECT_EQ(parsed("#a/b#c\\#d#").applyTo("xa/by"), "xc#dy");
  EXPECT_EQ(parsed("/(b)/[\\0]\\t\\\\\\$/").applyTo("abc"), "a[b]\t\\$c");
}

TEST(SubstExpression, BackslashUIsTheRequestUri) {
  EXPECT_EQ(parsed("/^x$/<\\u>/").applyTo("x", "sip:b@h"), "<sip:b@h>");
}

TEST(SubstExpression, LinesMatterUnlessFlagS) {
  EXPECT_EQ(parsed("/^c.*$/x/").applyTo("ab\ncd\nef"), "ab\nx\nef");
  EXPECT_EQ(parsed("/b.*$/x/s").applyTo("ab\ncd"), "ax");
}

TEST(SubstExpression, MalformedExpressionsAreRefused) {
  std::string error;
  EXPECT_FALSE(SubstExpression::parse("/a/b", error));
  EXPECT_EQ(error, "missing separator '/'");
  EXPECT_FALSE(SubstExpression::parse("/a/b/q", error));
  EXPECT_EQ(error, "unknown flag 'q'");
  EXPECT_FALSE(SubstExpression::parse("/(a/b/", error));
  EXPECT_FALSE(SubstExpression::parse("/a/\\q/", error));
}

TEST(PosixRegex, TextopsFlagsIgnoreCaseAndAnchorAtLines) {
  std::string error;
  auto regex = PosixRegex::compile("^to:", kTextopsFlags, error);
  ASSERT_TRUE(regex);
  auto match = regex->find("From: a\r\nTo: b\r\n");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->offset, 9u);
  // As glibc reads it, "\r\n" in a pattern is no line end.
  auto crlf = PosixRegex::compile("a\\r\\n", kTextopsFlags, error);
  ASSERT_TRUE(crlf);
  EXPECT_FALSE(crlf->matches("a\r\n"));
}

}  // namespace
}  // namespace kemid::textops
