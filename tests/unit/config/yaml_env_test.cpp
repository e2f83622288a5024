// ${VAR} and ${VAR:-default} in YAML values: substituted before the value is
// typed, with -A NAME=VALUE winning over the environment.

#include "config/env_substitution.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "temp_config.h"
#include "yaml_test_support.h"

namespace kemid {
namespace {

using kemid::testing::loadYaml;
using kemid::testing::ScopedEnv;
using kemid::testing::TempConfigDir;

std::string substitute(const std::string& text) {
  static const std::map<std::string, std::string> kVariables = {
      {"HOST", "10.0.0.1"}, {"PORT", "5060"}, {"EMPTY", ""}};
  return yaml::substituteVariables(text, [](const std::string& name) -> std::optional<std::string> {
    auto it = kVariables.find(name);
    if (it == kVariables.end()) return std::nullopt;
    return it->second;
  });
}

std::string substitutionError(const std::string& text) {
  try {
    substitute(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(EnvSubstitution, VariablesAndDefaults) {
  EXPECT_EQ(substitute("udp:${HOST}:${PORT}"), "udp:10.0.0.1:5060");
  EXPECT_EQ(substitute("${UNSET:-4}"), "4");
  EXPECT_EQ(substitute("${HOST:-127.0.0.1}"), "10.0.0.1");
  EXPECT_EQ(substitute("${EMPTY:-fallback}"), "fallback");  // as the shell's :-
  EXPECT_EQ(substitute("[${EMPTY}]"), "[]");
  EXPECT_EQ(substitute("${UNSET:-}"), "");
  EXPECT_EQ(substitute("${UNSET:-udp:${HOST}:${PORT}}"), "udp:10.0.0.1:5060");
  // A default that is not used may name unset variables.
  EXPECT_EQ(substitute("${HOST:-${UNSET}}"), "10.0.0.1");
}

TEST(EnvSubstitution, DollarsThatAreNotVariables) {
  EXPECT_EQ(substitute("$${HOST}"), "${HOST}");
  EXPECT_EQ(substitute("$$${HOST}"), "$${HOST}");
  EXPECT_EQ(substitute("$ru $HOST $(x) $"), "$ru $HOST $(x) $");
  EXPECT_EQ(substitute("cost: 5$"), "cost: 5$");
}

TEST(EnvSubstitution, Errors) {
  EXPECT_EQ(substitutionError("${UNSET}"),
            "variable 'UNSET' is not set (write ${UNSET:-default} to give a default)");
  EXPECT_EQ(substitutionError("${HOST"), "missing '}' to close '${HOST'");
  EXPECT_EQ(substitutionError("${UNSET:-x"), "missing '}' to close '${'");
  EXPECT_EQ(substitutionError("${}"),
            "expected a variable name after '${', found '}' (write $${ for a literal ${)");
  EXPECT_EQ(substitutionError("${1X}"),
            "expected a variable name after '${', found '1X' (write $${ for a literal ${)");
  EXPECT_EQ(substitutionError("${HOST-x}"), "expected '}' or ':-' after '${HOST', found '-'");
}

TEST(YamlEnv, SubstitutedBeforeTyping) {
  TempConfigDir dir;
  ScopedEnv kids("KEMID_TEST_KIDS", "6");
  ScopedEnv host("KEMID_TEST_HOST", "10.1.2.3");
  Config config = loadYaml(dir,
                           "core:\n"
                           "  children: ${KEMID_TEST_KIDS:-4}\n"
                           "  debug: ${KEMID_TEST_UNSET:-1}\n"
                           "  listen: udp:${KEMID_TEST_HOST}:5060\n"
                           "  log_stderror: ${KEMID_TEST_UNSET:-yes}\n"
                           "modules:\n"
                           "  - ${KEMID_TEST_UNSET:-sl}\n"
                           "  - tm:\n"
                           "      fr_timer: ${KEMID_TEST_UNSET:-30000}\n"
                           "      quoted: \"${KEMID_TEST_KIDS}\"\n");
  EXPECT_EQ(config.core.children, 6);
  EXPECT_EQ(config.core.debug, 1);
  EXPECT_EQ(config.core.listen[0].host, "10.1.2.3");
  EXPECT_TRUE(config.core.logStderror);
  EXPECT_EQ(config.modules[0].name, "sl");
  // Plain, the substituted text is typed (an int); quoted, it stays a string.
  EXPECT_EQ(config.modules[1].params[0].value, ParamValue(std::int64_t{30000}));
  EXPECT_EQ(config.modules[1].params[1].value, ParamValue(std::string("6")));
}

// In a flow collection ({...}, [...]) braces end the collection, so ${...}
// must be quoted there; !!int / !!bool type such a quoted value.
TEST(YamlEnv, QuotedInFlowStyleWithATag) {
  TempConfigDir dir;
  ScopedEnv kids("KEMID_TEST_KIDS", "6");
  Config config = loadYaml(dir,
                           "core: {children: !!int \"${KEMID_TEST_KIDS}\", fork: !!bool "
                           "'${KEMID_TEST_UNSET:-no}'}\n"
                           "modules:\n"
                           "  - tm: {fr_timer: !!int \"${KEMID_TEST_UNSET:-30000}\"}\n");
  EXPECT_EQ(config.core.children, 6);
  EXPECT_FALSE(config.core.fork);
  EXPECT_EQ(config.modules[0].params[0].value, ParamValue(std::int64_t{30000}));
}

TEST(YamlEnv, EscapeAndKeysAreLiteral) {
  TempConfigDir dir;
  Config config = loadYaml(dir,
                           "modules:\n"
                           "  - x: {'${KEY}': '$${HOME} and $$HOME', y: 'a $ b'}\n");
  const auto& params = config.modules[0].params;
  EXPECT_EQ(params[0].name, "${KEY}");
  EXPECT_EQ(params[0].value, ParamValue(std::string("${HOME} and $$HOME")));
  EXPECT_EQ(params[1].value, ParamValue(std::string("a $ b")));
}

TEST(YamlEnv, CommandLineDefinesWinOverTheEnvironment) {
  TempConfigDir dir;
  ScopedEnv kids("KEMID_TEST_KIDS", "6");
  ConfigLoadOptions options{{{"KEMID_TEST_KIDS", "9"}, {"KEMID_TEST_FLAG", std::nullopt}}};
  Config config = loadYaml(dir,
                           "core:\n  children: ${KEMID_TEST_KIDS}\n  log_name: "
                           "'[${KEMID_TEST_FLAG}]'\n",
                           options);
  EXPECT_EQ(config.core.children, 9);
  EXPECT_EQ(config.core.logName, "[]");  // -A NAME without a value: set, empty
}

TEST(YamlEnv, CommandLineDefinesAreCheckedAsForCfg) {
  TempConfigDir dir;
  EXPECT_EQ(kemid::testing::yamlError(dir, "", ConfigLoadOptions{{{"1X", "v"}}}),
            "-A 1X: a define name must be an identifier");
  EXPECT_EQ(kemid::testing::yamlError(dir, "", ConfigLoadOptions{{{"X", "a"}, {"X", "b"}}}),
            "-A X: 'X' is already defined (defined with -A)");
}

TEST(YamlEnv, UnsetVariableNamesItAndTheLocation) {
  TempConfigDir dir;
  EXPECT_EQ(kemid::testing::yamlError(dir,
                                      "core:\n  children: 2\n  listen: "
                                      "udp:${KEMID_TEST_UNSET}:5060\n"),
            "kemid.yaml:3:11: core.listen: variable 'KEMID_TEST_UNSET' is not set (write "
            "${KEMID_TEST_UNSET:-default} to give a default)");
}

TEST(YamlEnv, SubstitutedValueIsCheckedLikeAWrittenOne) {
  TempConfigDir dir;
  ScopedEnv kids("KEMID_TEST_KIDS", "four");
  EXPECT_EQ(kemid::testing::yamlError(dir, "core:\n  children: ${KEMID_TEST_KIDS}\n"),
            "kemid.yaml:2:13: core.children: expected an integer, found \"four\"");
}

}  // namespace
}  // namespace kemid
