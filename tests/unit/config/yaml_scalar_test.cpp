// How plain YAML scalars are typed, and the spelling the writer chooses so
// that a string reads back as the same string.

#include "config/yaml_scalar.h"

#include <gtest/gtest.h>

namespace kemid::yaml {
namespace {

ScalarType typeOf(std::string_view text) {
  return resolvePlain(text).type;
}

TEST(YamlScalar, PlainTypes) {
  for (auto text : {"", "~", "null", "Null", "NULL"}) EXPECT_EQ(typeOf(text), ScalarType::Null);
  for (auto text : {"true", "True", "TRUE", "yes", "Yes", "on", "ON"}) {
    EXPECT_EQ(typeOf(text), ScalarType::Bool) << text;
    EXPECT_TRUE(resolvePlain(text).boolean) << text;
  }
  for (auto text : {"false", "No", "OFF"}) {
    EXPECT_EQ(typeOf(text), ScalarType::Bool) << text;
    EXPECT_FALSE(resolvePlain(text).boolean) << text;
  }
  EXPECT_EQ(resolvePlain("30000").integer, 30000);
  EXPECT_EQ(resolvePlain("-5").integer, -5);
  EXPECT_EQ(resolvePlain("+5").integer, 5);
  EXPECT_EQ(resolvePlain("007").integer, 7);  // YAML 1.2: decimal, not octal
  EXPECT_EQ(resolvePlain("0x1F").integer, 31);
  EXPECT_EQ(resolvePlain("0o17").integer, 15);
  EXPECT_EQ(resolvePlain("9223372036854775807").integer, INT64_MAX);
  EXPECT_TRUE(resolvePlain("9223372036854775808").outOfRange);
  EXPECT_TRUE(resolvePlain("-9223372036854775808").outOfRange);  // as kamailio.cfg
  for (auto text : {"1.5", "-1.", ".5", "1e3", "2E-2", ".inf", "-.Inf", ".NAN"}) {
    EXPECT_EQ(typeOf(text), ScalarType::Float) << text;
  }
  for (auto text : {"y", "n", "0x", "0xZ", "1.2.3", "127.0.0.1", "1e", ".", "-", "-.nan", "5s",
                    "udp:127.0.0.1:5060", "tm"}) {
    EXPECT_EQ(typeOf(text), ScalarType::String) << text;
  }
}

TEST(YamlScalar, QuotingKeepsTheString) {
  EXPECT_EQ(quoteString("lua/route.lua"), "lua/route.lua");
  EXPECT_EQ(quoteString("udp:127.0.0.1:5060"), "udp:127.0.0.1:5060");
  EXPECT_EQ(quoteString("a=>size=4;autoexpire=60"), "a=>size=4;autoexpire=60");
  EXPECT_EQ(quoteString("30000"), "\"30000\"");
  EXPECT_EQ(quoteString("yes"), "\"yes\"");
  EXPECT_EQ(quoteString("null"), "\"null\"");
  EXPECT_EQ(quoteString("1.5"), "\"1.5\"");
  EXPECT_EQ(quoteString(""), "\"\"");
  EXPECT_EQ(quoteString("-x"), "\"-x\"");
  EXPECT_EQ(quoteString("a b"), "\"a b\"");
  EXPECT_EQ(quoteString("key:"), "\"key:\"");
  EXPECT_EQ(quoteString("a, b"), "\"a, b\"");
  EXPECT_EQ(quoteString("[::1]"), "\"[::1]\"");
  EXPECT_EQ(quoteString("say \"hi\"\\\n\t\r\x01"), "\"say \\\"hi\\\"\\\\\\n\\t\\r\\x01\"");
  EXPECT_EQ(quoteString("\xc3\xbc"), "\"\xc3\xbc\"");
}

TEST(YamlScalar, ValuesEscapeVariablesKeysDoNot) {
  EXPECT_EQ(quoteString("${HOME}"), "\"$${HOME}\"");
  EXPECT_EQ(quoteString("$${HOME}"), "\"$$${HOME}\"");
  EXPECT_EQ(quoteString("$ru"), "\"$ru\"");
  EXPECT_EQ(quoteString("${HOME}", QuoteFor::Key), "\"${HOME}\"");
  EXPECT_EQ(quoteString("fr_timer", QuoteFor::Key), "fr_timer");
  EXPECT_EQ(quoteString("1", QuoteFor::Key), "\"1\"");
}

}  // namespace
}  // namespace kemid::yaml
