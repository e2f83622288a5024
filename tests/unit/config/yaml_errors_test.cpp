// Bad YAML configurations: each is refused with file:line:column (1-based),
// the schema path of the value and what was expected.

#include <gtest/gtest.h>

#include "core/config_error.h"
#include "core/module_params.h"
#include "temp_config.h"
#include "yaml_test_support.h"

namespace kemid {
namespace {

using kemid::testing::TempConfigDir;

class YamlErrors : public ::testing::Test {
 protected:
  std::string error(const std::string& text, const ConfigLoadOptions& options = {}) {
    return kemid::testing::yamlError(dir_, text, options);
  }
  TempConfigDir dir_;
};

// Syntax

TEST_F(YamlErrors, SyntaxErrorHasYamlCppsMessageAndPosition) {
  EXPECT_EQ(error("core:\n  listen: [udp:127.0.0.1:5060\n  children: 4\n"),
            "kemid.yaml:3:11: end of sequence flow not found");
  EXPECT_EQ(error("core:\n  children: 4\n   debug: 2\n"), "kemid.yaml:3:9: illegal map value");
}

// yaml-cpp 0.7 loops forever on some of these (found by fuzzing): they are
// refused before it reads them.
TEST_F(YamlErrors, TextThatIsNotPrintableUtf8) {
  const std::string expected =
      ": expected printable UTF-8 text (YAML 1.2 §5.1): a control character or bytes that are "
      "not UTF-8";
  EXPECT_EQ(error(std::string("!,# \xcd")), "kemid.yaml:1:5" + expected);
  EXPECT_EQ(error(std::string(",\xa6\xa6:u")), "kemid.yaml:1:2" + expected);
  EXPECT_EQ(error(std::string("# x\n  core:\0\n", 14)), "kemid.yaml:2:8" + expected);
  EXPECT_EQ(error("core: {children: 2}\x7f\n"), "kemid.yaml:1:20" + expected);
  EXPECT_EQ(error("core: \xc0\xaf\n"), "kemid.yaml:1:7" + expected);  // overlong '/'
  // Printable text beyond ASCII is fine.
  EXPECT_EQ(error("# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e\ncore: {children: [2]}\n"),
            "kemid.yaml:2:18: core.children: expected an integer, found a list");
}

// yaml-cpp 0.7 loops forever on this printable input (found by fuzzing):
// the loader gives up on it with an error after a few seconds.
TEST_F(YamlErrors, InputThatHangsTheYamlParser) {
  EXPECT_EQ(
      error("!a,"),
      "kemid.yaml:1:1: the YAML parser (yaml-cpp) did not finish reading the file in 3 s; a tag "
      "(!...) followed by ',' makes it loop");
}

TEST_F(YamlErrors, SecondDocument) {
  EXPECT_EQ(error("core: {children: 2}\n---\ncore: {children: 3}\n"),
            "kemid.yaml:3:1: a config file holds one YAML document; found a second one after "
            "'---'");
}

TEST_F(YamlErrors, TopLevelIsNotAMap) {
  EXPECT_EQ(error("- tm\n- sl\n"),
            "kemid.yaml:1:1: expected a map with the keys include, core, modules and cfgengine, "
            "found a list");
}

// Keys

TEST_F(YamlErrors, UnknownTopLevelKeyWithSuggestion) {
  EXPECT_EQ(error("core: {}\nmodule:\n  - tm\n"),
            "kemid.yaml:2:1: unknown top-level key 'module'; did you mean 'modules'?");
  EXPECT_EQ(error("routes: {}\n"), "kemid.yaml:1:1: unknown top-level key 'routes'");
}

TEST_F(YamlErrors, CoreParameterAtTopLevel) {
  EXPECT_EQ(error("children: 4\n"),
            "kemid.yaml:1:1: 'children' is a core parameter: put it under 'core:'");
}

TEST_F(YamlErrors, TopLevelKeyInsideCore) {
  EXPECT_EQ(error("core:\n  cfgengine: lua\n"),
            "kemid.yaml:2:3: core.cfgengine: 'cfgengine' is a top-level key: move it out of "
            "'core:'");
}

TEST_F(YamlErrors, UnknownCoreParameterWithSuggestion) {
  EXPECT_EQ(error("core:\n  debug: 1\n  childern: 4\n"),
            "kemid.yaml:3:3: core.childern: unknown core parameter 'childern'; did you mean "
            "'children'?");
  EXPECT_EQ(error("core:\n  tcp_chidren: 4\n"),
            "kemid.yaml:2:3: core.tcp_chidren: unknown core parameter 'tcp_chidren'; did you "
            "mean 'tcp_children'?");
  EXPECT_EQ(error("core:\n  frobnicate: 1\n"),
            "kemid.yaml:2:3: core.frobnicate: unknown core parameter 'frobnicate'");
}

TEST_F(YamlErrors, DuplicateKey) {
  EXPECT_EQ(error("core:\n  children: 4\n  debug: 1\n  children: 8\n"),
            "kemid.yaml:4:3: core: duplicate key 'children' (first at line 2)");
}

TEST_F(YamlErrors, SameParameterUnderTwoNames) {
  EXPECT_EQ(error("core:\n  mpath: /a\n  loadpath: /b\n"),
            "kemid.yaml:3:3: core.loadpath: 'loadpath' and 'mpath' (line 2) are the same "
            "parameter; give it once");
}

// Core values

TEST_F(YamlErrors, IntegerGivenAString) {
  EXPECT_EQ(error("core:\n  children: 4s\n"),
            "kemid.yaml:2:13: core.children: expected an integer, found \"4s\"");
}

TEST_F(YamlErrors, IntegerGivenAQuotedNumber) {
  EXPECT_EQ(error("core:\n  port: \"5060\"\n"),
            "kemid.yaml:2:9: core.port: expected an integer, found \"5060\" (a quoted value is a "
            "string: remove the quotes)");
}

TEST_F(YamlErrors, IntegerGivenAListOrNothing) {
  EXPECT_EQ(error("core:\n  children: [4]\n"),
            "kemid.yaml:2:13: core.children: expected an integer, found a list");
  EXPECT_EQ(error("core:\n  children:\n  debug: 1\n"),
            "kemid.yaml:2:3: core.children: expected an integer, found no value");
}

TEST_F(YamlErrors, IntegerOutOfRange) {
  EXPECT_EQ(error("core:\n  debug: 4\n"),
            "kemid.yaml:2:10: core.debug: must be between -5 and 3, found 4");
  EXPECT_EQ(error("core:\n  maxbuffer: 99999999999999999999\n"),
            "kemid.yaml:2:14: core.maxbuffer: integer 99999999999999999999 is out of range");
}

TEST_F(YamlErrors, BooleanGivenAWord) {
  EXPECT_EQ(error("core:\n  log_stderror: maybe\n"),
            "kemid.yaml:2:17: core.log_stderror: expected true or false, found \"maybe\"");
  EXPECT_EQ(error("core:\n  fork: 'no'\n"),
            "kemid.yaml:2:9: core.fork: expected true or false, found \"no\" (a quoted value is "
            "a string: remove the quotes)");
}

TEST_F(YamlErrors, StringGivenANumber) {
  EXPECT_EQ(error("core:\n  server_header: 5\n"),
            "kemid.yaml:2:18: core.server_header: expected a string, found 5 (quote it to make "
            "it a string)");
}

TEST_F(YamlErrors, UnsupportedTag) {
  EXPECT_EQ(error("core:\n  children: !!float 4\n"),
            "kemid.yaml:2:13: core.children: unsupported tag 'tag:yaml.org,2002:float' (kemid "
            "knows !!str, !!int and !!bool)");
  EXPECT_EQ(error("core:\n  children: !!int four\n"),
            "kemid.yaml:2:13: core.children: !!int: expected an integer, found \"four\"");
}

TEST_F(YamlErrors, LogFacilityUnknown) {
  EXPECT_EQ(error("core:\n  log_facility: LOG_LOCAL9\n"),
            "kemid.yaml:2:17: core.log_facility: unknown syslog facility 'LOG_LOCAL9' (expected "
            "LOG_DAEMON, LOG_USER, LOG_LOCAL0 ... LOG_LOCAL7, ...)");
}

TEST_F(YamlErrors, HttpListenWithoutPort) {
  EXPECT_EQ(error("core:\n  http_listen: 127.0.0.1\n"),
            "kemid.yaml:2:16: core.http_listen: expected \"IP:PORT\" such as \"127.0.0.1:9060\", "
            "found \"127.0.0.1\"");
  EXPECT_EQ(error("core:\n  http_allow: 10.0.0.0/8 bogus\n"),
            "kemid.yaml:2:15: core.http_allow: 'bogus' is not an IP address or network");
}

TEST_F(YamlErrors, IgnoredParameterWithoutValue) {
  EXPECT_EQ(error("core:\n  tcp_children:\n"),
            "kemid.yaml:2:3: core.tcp_children: expected a value, found no value");
}

// listen and alias

TEST_F(YamlErrors, ListenBadPort) {
  EXPECT_EQ(error("core:\n  listen: udp:127.0.0.1:99999\n"),
            "kemid.yaml:2:11: core.listen: bad address 'udp:127.0.0.1:99999': port 99999 is not "
            "in 1..65535");
}

TEST_F(YamlErrors, ListenItemIsANumber) {
  EXPECT_EQ(error("core:\n  listen: [udp:127.0.0.1:5060, 5062]\n"),
            "kemid.yaml:2:32: core.listen[1]: expected a socket such as udp:127.0.0.1:5060, "
            "found 5062");
}

TEST_F(YamlErrors, ListenMapUnknownKeyAndMissingAddress) {
  EXPECT_EQ(error("core:\n  listen:\n    - address: udp:10.0.0.1\n      adverstise: 1.2.3.4\n"),
            "kemid.yaml:4:7: core.listen[0]: unknown socket key 'adverstise'; did you mean "
            "'advertise'?");
  EXPECT_EQ(error("core:\n  listen:\n    - {name: x}\n"),
            "kemid.yaml:3:7: core.listen[0]: a socket needs 'address:', such as address: "
            "udp:127.0.0.1:5060");
}

TEST_F(YamlErrors, AdvertiseWithProtocol) {
  EXPECT_EQ(error("core:\n  listen: [{address: 10.0.0.1, advertise: udp:1.2.3.4}]\n"),
            "kemid.yaml:2:43: core.listen[0].advertise: expected host[:port] without protocol, "
            "found \"udp:1.2.3.4\"");
}

TEST_F(YamlErrors, AliasIPv6WithoutBrackets) {
  EXPECT_EQ(error("core:\n  alias: [example.com, '::1']\n"),
            "kemid.yaml:2:24: core.alias[1]: bad address '::1': an IPv6 address must be written "
            "in brackets, as [::1]");
}

// modules

TEST_F(YamlErrors, ModulesNotAList) {
  EXPECT_EQ(error("modules:\n  tm: {}\n"),
            "kemid.yaml:2:3: modules: expected a list of modules (- tm, - sl, ...), found a map");
}

TEST_F(YamlErrors, ModuleParametersNotIndented) {
  EXPECT_EQ(error("modules:\n  - sl\n  - tm:\n    fr_timer: 30000\n"),
            "kemid.yaml:3:5: modules[1]: expected one module per item (NAME: {parameters}), "
            "found the keys 'tm', 'fr_timer'; indent the parameters under the module's name");
}

TEST_F(YamlErrors, ModuleGivenAsFileName) {
  EXPECT_EQ(error("modules:\n  - tm.so\n"),
            "kemid.yaml:2:5: modules[0]: expected a module name such as tm, found 'tm.so' (give "
            "a module's file with path:)");
}

TEST_F(YamlErrors, ModuleLoadedTwice) {
  EXPECT_EQ(error("modules:\n  - tm\n  - sl\n  - tm: {fr_timer: 1}\n"),
            "kemid.yaml:4:5: modules[2]: module 'tm' is already loaded (at kemid.yaml:2)");
}

TEST_F(YamlErrors, ModulePathOfAnotherModule) {
  EXPECT_EQ(error("modules:\n  - tm: {path: /opt/sl.so}\n"),
            "kemid.yaml:2:16: modules[0].tm.path: '/opt/sl.so' is module 'sl', not 'tm'");
}

TEST_F(YamlErrors, ModuleParametersNotAMap) {
  EXPECT_EQ(error("modules:\n  - tm: 30000\n"),
            "kemid.yaml:2:9: modules[0].tm: expected the module's parameters as a map (name: "
            "value), found 30000");
}

TEST_F(YamlErrors, ParameterGivenTwice) {
  EXPECT_EQ(error("modules:\n  - app_lua:\n      load: a.lua\n      load: b.lua\n"),
            "kemid.yaml:4:7: modules[0].app_lua: duplicate key 'load' (first at line 3) (to set "
            "a parameter several times give a list: name: [a, b])");
}

TEST_F(YamlErrors, ParameterValueIsAFloatMapOrNothing) {
  EXPECT_EQ(error("modules:\n  - maxfwd: {max_limit: 1.5}\n"),
            "kemid.yaml:2:25: modules[0].maxfwd.max_limit: expected an integer or a string, found "
            "1.5 (quote it to make it a string)");
  EXPECT_EQ(error("modules:\n  - tm:\n      fr_timer: {ms: 1}\n"),
            "kemid.yaml:3:17: modules[0].tm.fr_timer: expected a value or a list of values, "
            "found a map");
  EXPECT_EQ(error("modules:\n  - tm:\n      fr_timer:\n"),
            "kemid.yaml:3:7: modules[0].tm.fr_timer: expected a value (an integer or a string), "
            "found no value");
  EXPECT_EQ(error("modules:\n  - app_lua: {load: [a.lua, [b.lua]]}\n"),
            "kemid.yaml:2:29: modules[0].app_lua.load[1]: expected a value (an integer or a "
            "string), found a list");
}

TEST_F(YamlErrors, OrderedFormItemWithTwoParameters) {
  EXPECT_EQ(error("modules:\n  - tm: [{a: 1, b: 2}]\n"),
            "kemid.yaml:2:10: modules[0].tm[0]: expected one parameter (name: value), found 2");
}

// The frontend keeps the value's type and place; the plugin's own parameter
// table refuses it, naming that place (the plugin loader does this at startup).
TEST_F(YamlErrors, QuotedNumberIsRefusedByThePluginsParameterTable) {
  Config config = kemid::testing::loadYaml(dir_, "modules:\n  - tm: {fr_timer: \"30000\"}\n");
  constexpr ParamDef kTm[] = {{.name = "fr_timer", .type = ParamType::Int, .intDefault = 30000}};
  ModuleParams params("tm", kTm);
  try {
    params.set(config.modules[0].params[0]);
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.where(), (SourceLocation{dir_.path("kemid.yaml"), 2, 20}));
    EXPECT_EQ(e.text(),
              "parameter 'fr_timer' of module 'tm' expects an integer, found string "
              "\"30000\"");
  }
}

// cfgengine: the cfg frontend's rules and messages

TEST_F(YamlErrors, CfgengineNative) {
  EXPECT_EQ(error("modules: [app_lua]\ncfgengine: native\n"),
            "kemid.yaml:2:12: cfgengine \"native\" is not supported: kemid routes with Lua; use "
            "cfgengine \"lua\"");
}

TEST_F(YamlErrors, CfgengineUnknown) {
  EXPECT_EQ(error("cfgengine: python\n"),
            "kemid.yaml:1:12: unknown cfgengine \"python\": kemid supports only \"lua\"");
}

TEST_F(YamlErrors, CfgengineLuaWithoutAppLua) {
  EXPECT_EQ(error("modules: [tm]\ncfgengine: lua\n"),
            "kemid.yaml:2:12: cfgengine \"lua\" needs module app_lua: add app_lua to modules");
}

TEST_F(YamlErrors, MissingFile) {
  EXPECT_EQ(dir_.errorOfFile(dir_.path("nothere.yaml")),
            "cannot open config file 'nothere.yaml': No such file or directory");
}

}  // namespace
}  // namespace kemid
