// Bad configurations: each must be refused with the file, line and column of
// the problem, what was found and what was expected.

#include <gtest/gtest.h>

#include "temp_config.h"

namespace kemid {
namespace {

using kemid::testing::TempConfigDir;

class ConfigErrors : public ::testing::Test {
 protected:
  std::string error(const std::string& text, const ConfigLoadOptions& options = {}) {
    return dir_.error(text, options);
  }
  TempConfigDir dir_;
};

// Core parameter values

TEST_F(ConfigErrors, NumberParameterGivenAString) {
  EXPECT_EQ(error("debug=1\nport=\"5060\"\n"),
            "kemid.cfg:2:6: expected a number after 'port =', found string \"5060\"");
  EXPECT_EQ(error("\n\n\nchildren = \"4\""),
            "kemid.cfg:4:12: expected a number after 'children =', found string \"4\"");
}

TEST_F(ConfigErrors, BooleanParameterGivenAString) {
  EXPECT_EQ(error("log_stderror=\"yes\""),
            "kemid.cfg:1:14: expected a number after 'log_stderror =', found string \"yes\"");
}

TEST_F(ConfigErrors, StringParameterGivenANumber) {
  EXPECT_EQ(error("server_header=5"),
            "kemid.cfg:1:15: expected a quoted string after 'server_header =', found number 5");
}

TEST_F(ConfigErrors, NumberWithLeadingZeroAndDigitNine) {
  EXPECT_EQ(error("children=08"),
            "kemid.cfg:1:10: expected a number after 'children =', found '08' (invalid octal "
            "number: a leading 0 makes it octal)");
}

TEST_F(ConfigErrors, DebugOutOfRange) {
  EXPECT_EQ(error("debug=4"), "kemid.cfg:1:7: 'debug' must be between -5 and 3, found 4");
  EXPECT_EQ(error("debug=-6"), "kemid.cfg:1:7: 'debug' must be between -5 and 3, found -6");
}

TEST_F(ConfigErrors, ParameterWithoutEquals) {
  EXPECT_EQ(error("children 4"), "kemid.cfg:1:10: expected '=' after 'children', found number 4");
}

TEST_F(ConfigErrors, UnknownParameterWithSuggestion) {
  EXPECT_EQ(error("debug=1\nchildern=4\n"),
            "kemid.cfg:2:1: unknown core parameter 'childern'; did you mean 'children'?");
  EXPECT_EQ(error("tcp_chidren=4"),
            "kemid.cfg:1:1: unknown core parameter 'tcp_chidren'; did you mean 'tcp_children'?");
}

TEST_F(ConfigErrors, UnknownParameterWithoutSuggestion) {
  EXPECT_EQ(error("frobnicate=1"), "kemid.cfg:1:1: unknown core parameter 'frobnicate'");
}

TEST_F(ConfigErrors, LogFacilityUnknown) {
  EXPECT_EQ(error("log_facility=LOG_LOCAL9"),
            "kemid.cfg:1:14: unknown syslog facility 'LOG_LOCAL9' (expected LOG_DAEMON, "
            "LOG_USER, LOG_LOCAL0 ... LOG_LOCAL7, ...)");
}

TEST_F(ConfigErrors, LogFacilityQuoted) {
  EXPECT_EQ(error("log_facility=\"LOG_LOCAL0\""),
            "kemid.cfg:1:14: expected a syslog facility name without quotes, such as LOG_LOCAL0 "
            "after 'log_facility =', found string \"LOG_LOCAL0\"");
}

TEST_F(ConfigErrors, HttpListenWithoutPort) {
  EXPECT_EQ(error("http_listen=\"127.0.0.1\""),
            "kemid.cfg:1:13: http_listen: expected \"IP:PORT\" such as \"127.0.0.1:9060\", found "
            "\"127.0.0.1\"");
}

TEST_F(ConfigErrors, HttpAllowNotANetwork) {
  EXPECT_EQ(error("http_allow=\"10.0.0.0/8, 10.1.0.0/40\""),
            "kemid.cfg:1:12: http_allow: '10.1.0.0/40': the prefix length must be 0 to 32");
}

TEST_F(ConfigErrors, HttpListenUnquotedWithoutPortOrNotAnAddress) {
  EXPECT_EQ(error("http_listen=127.0.0.1\n"),
            "kemid.cfg:1:13: http_listen: expected \"IP:PORT\" such as \"127.0.0.1:9060\", found "
            "\"127.0.0.1\"");
  EXPECT_EQ(error("http_listen={\n"),
            "kemid.cfg:1:13: expected IP:PORT (such as 127.0.0.1:9060) after 'http_listen =', "
            "found '{'");
}

TEST_F(ConfigErrors, TopLevelGarbage) {
  EXPECT_EQ(error("debug=1\n{"),
            "kemid.cfg:2:1: expected a statement (a core parameter, loadmodule, modparam or "
            "cfgengine), found '{'");
}

// listen

TEST_F(ConfigErrors, ListenPortNotANumber) {
  EXPECT_EQ(error("listen=udp:127.0.0.1:sip"),
            "kemid.cfg:1:8: listen: bad address 'udp:127.0.0.1:sip': port 'sip' is not a number");
}

TEST_F(ConfigErrors, ListenPortOutOfRange) {
  EXPECT_EQ(error("\nlisten = udp:127.0.0.1:70000"),
            "kemid.cfg:2:10: listen: bad address 'udp:127.0.0.1:70000': port 70000 is not in "
            "1..65535");
}

TEST_F(ConfigErrors, ListenWithoutSocket) {
  EXPECT_EQ(error("listen=\n;"),
            "kemid.cfg:2:1: expected a socket such as udp:127.0.0.1:5060 after 'listen =', found "
            "';'");
}

TEST_F(ConfigErrors, ListenFollowedByAStatementOnTheSameLine) {
  EXPECT_EQ(error("listen=udp:127.0.0.1:5060 children=4"),
            "kemid.cfg:1:35: unexpected '=' in the socket list of 'listen' (end the statement "
            "with ';' or a new line)");
}

// loadmodule / modparam / cfgengine

TEST_F(ConfigErrors, LoadmoduleWithoutQuotes) {
  EXPECT_EQ(error("loadmodule sl"),
            "kemid.cfg:1:12: expected a quoted module name or path after 'loadmodule', found "
            "'sl'");
}

TEST_F(ConfigErrors, LoadmoduleTwice) {
  EXPECT_EQ(error("loadmodule \"tm.so\"\nloadmodule \"/x/tm.so\""),
            "kemid.cfg:2:12: module 'tm' is already loaded (at kemid.cfg:1)");
}

TEST_F(ConfigErrors, ModparamBeforeLoadmodule) {
  EXPECT_EQ(error("modparam(\"tm\", \"fr_timer\", 30000)\nloadmodule \"tm.so\""),
            "kemid.cfg:1:10: no loaded module matches 'tm' (modparam must come after its "
            "loadmodule)");
}

TEST_F(ConfigErrors, ModparamWithTwoArguments) {
  EXPECT_EQ(error("loadmodule \"tm\"\nmodparam(\"tm\", \"fr_timer\")"),
            "kemid.cfg:2:26: modparam takes 3 arguments (module, parameter, value), found 2");
}

TEST_F(ConfigErrors, ModparamWithFourArguments) {
  EXPECT_EQ(error("loadmodule \"tm\"\nmodparam(\"tm\", \"fr_timer\", 1, 2)"),
            "kemid.cfg:2:29: modparam takes 3 arguments (module, parameter, value), found more "
            "than 3");
}

TEST_F(ConfigErrors, ModparamValueNeitherStringNorNumber) {
  EXPECT_EQ(error("loadmodule \"tm\"\nmodparam(\"tm\", \"fr_timer\", FRT)"),
            "kemid.cfg:2:28: expected a value (a quoted string or a number) after 'the parameter "
            "name of modparam,', found 'FRT'");
}

TEST_F(ConfigErrors, ModparamWithoutParenthesis) {
  EXPECT_EQ(error("loadmodule \"tm\"\nmodparam \"tm\""),
            "kemid.cfg:2:10: expected '(' after 'modparam', found string \"tm\"");
}

TEST_F(ConfigErrors, ModparamBadModulePattern) {
  std::string message = error("loadmodule \"tm\"\nmodparam(\"tm(\", \"x\", 1)");
  EXPECT_TRUE(message.starts_with("kemid.cfg:2:10: bad module name pattern 'tm(' in modparam: "))
      << message;
}

TEST_F(ConfigErrors, CfgengineNative) {
  EXPECT_EQ(error("cfgengine \"native\""),
            "kemid.cfg:1:11: cfgengine \"native\" is not supported: kemid routes with Lua; use "
            "cfgengine \"lua\"");
}

TEST_F(ConfigErrors, CfgengineLuaWithoutAppLua) {
  EXPECT_EQ(error("loadmodule \"tm\"\ncfgengine \"lua\"\nloadmodule \"app_lua\""),
            "kemid.cfg:2:11: cfgengine \"lua\" needs module app_lua: put loadmodule "
            "\"app_lua.so\" before it");
}

TEST_F(ConfigErrors, CfgengineUnknown) {
  EXPECT_EQ(error("cfgengine \"python\""),
            "kemid.cfg:1:11: unknown cfgengine \"python\": kemid supports only \"lua\"");
}

// Native routing

TEST_F(ConfigErrors, RequestRouteBlock) {
  EXPECT_EQ(error("children=2\n\nrequest_route {\n  sl_send_reply(\"404\", \"Not here\");\n}\n"),
            "kemid.cfg:3:1: 'request_route': native routing blocks are not supported; use "
            "cfgengine \"lua\"");
}

TEST_F(ConfigErrors, NamedRouteAndEventRouteBlocks) {
  EXPECT_EQ(error("route[RELAY] {\n  t_relay();\n}\n"),
            "kemid.cfg:1:1: 'route': native routing blocks are not supported; use cfgengine "
            "\"lua\"");
  EXPECT_EQ(error("debug=1 event_route[xhttp:request] {\n exit;\n}\n"),
            "kemid.cfg:1:9: 'event_route': native routing blocks are not supported; use "
            "cfgengine \"lua\"");
}

// Lexing

TEST_F(ConfigErrors, UnterminatedString) {
  EXPECT_EQ(error("debug=1\nlog_prefix=\"abc\n"),
            "kemid.cfg:2:12: unterminated string: missing closing '\"'");
}

// Preprocessor

TEST_F(ConfigErrors, EndifWithoutIfdef) {
  EXPECT_EQ(error("debug=1\n#!endif\n"),
            "kemid.cfg:2:1: '#!endif' without a matching '#!ifdef' or '#!ifndef'");
}

TEST_F(ConfigErrors, ElseWithoutIfdef) {
  EXPECT_EQ(error("!!else\n"),
            "kemid.cfg:1:1: '#!else' without a matching '#!ifdef' or '#!ifndef'");
}

TEST_F(ConfigErrors, MissingEndif) {
  EXPECT_EQ(error("#!ifdef KEMID\n  #!ifndef WITH_X\n  debug=1\n#!endif\n"),
            "kemid.cfg:1:1: '#!ifdef KEMID' has no matching '#!endif'");
  EXPECT_EQ(error("#!ifdef NOT_DEFINED\n  debug=1\n"),
            "kemid.cfg:1:1: '#!ifdef NOT_DEFINED' has no matching '#!endif'");
}

TEST_F(ConfigErrors, SecondElse) {
  EXPECT_EQ(error("#!ifdef X\n#!else\n#!else\n#!endif\n"),
            "kemid.cfg:3:1: second '#!else' for '#!ifdef X' (at kemid.cfg:1)");
}

TEST_F(ConfigErrors, TextAfterIfdefName) {
  EXPECT_EQ(error("#!ifdef X junk\n#!endif\n"),
            "kemid.cfg:1:11: unexpected 'junk' after '#!ifdef X'");
}

TEST_F(ConfigErrors, DefineTwice) {
  EXPECT_EQ(error("#!define PORTN 5060\n\n#!define PORTN 5070\n"),
            "kemid.cfg:3:1: 'PORTN' is already defined (at kemid.cfg:1); use #!redefine to "
            "replace it or #!trydef to keep it");
}

TEST_F(ConfigErrors, DefineOfACommandLineDefine) {
  ConfigLoadOptions options;
  options.defines.push_back({"WITH_DEBUG", std::nullopt});
  EXPECT_EQ(error("#!define WITH_DEBUG\n", options),
            "kemid.cfg:1:1: 'WITH_DEBUG' is already defined (defined with -A); use #!redefine "
            "to replace it or #!trydef to keep it");
}

TEST_F(ConfigErrors, DefineOfAPredefinedName) {
  EXPECT_EQ(error("#!define KEMID 1\n"),
            "kemid.cfg:1:1: 'KEMID' is already defined (predefined); use #!redefine to replace "
            "it or #!trydef to keep it");
}

TEST_F(ConfigErrors, DefineNameWithDash) {
  EXPECT_EQ(error("#!define A-B 1\n"),
            "kemid.cfg:1:11: '-' is not allowed in a define name (after 'A')");
}

TEST_F(ConfigErrors, CommandLineDefineTwice) {
  ConfigLoadOptions options;
  options.defines = {{"X", std::nullopt}, {"X", "1"}};
  EXPECT_EQ(error("debug=1\n", options), "-A X: 'X' is already defined (defined with -A)");
}

TEST_F(ConfigErrors, MissingInclude) {
  std::string message = error("debug=1\n  include_file \"nosuch.cfg\"\n");
  EXPECT_EQ(message,
            "kemid.cfg:2:3: cannot open included file 'nosuch.cfg' (tried 'nosuch.cfg' and "
            "'nosuch.cfg')");
}

TEST_F(ConfigErrors, IncludeLoop) {
  dir_.write("a.cfg", "debug=1\n#!include_file \"b.cfg\"\n");
  dir_.write("b.cfg", "\n\ninclude_file \"a.cfg\"\n");
  EXPECT_EQ(error("include_file \"a.cfg\"\n"),
            "b.cfg:3:1: include loop: kemid.cfg -> a.cfg -> b.cfg -> a.cfg");
}

TEST_F(ConfigErrors, FileIncludingItself) {
  EXPECT_EQ(error("import_file \"kemid.cfg\"\n"),
            "kemid.cfg:1:1: include loop: kemid.cfg -> kemid.cfg");
}

TEST_F(ConfigErrors, IncludeWithoutQuotes) {
  EXPECT_EQ(error("include_file a.cfg\n"),
            "kemid.cfg:1:14: expected a quoted file name after 'include_file', found 'a'");
}

TEST_F(ConfigErrors, ErrorInsideAnIncludedFileNamesThatFile) {
  dir_.write("sub/mods.cfg", "loadmodule \"tm\"\nmodparam(\"sl\", \"x\", 1)\n");
  EXPECT_EQ(error("children=2\ninclude_file \"sub/mods.cfg\"\n"),
            "sub/mods.cfg:2:10: no loaded module matches 'sl' (modparam must come after its "
            "loadmodule)");
}

TEST_F(ConfigErrors, MissingMainFile) {
  EXPECT_EQ(dir_.errorOfFile(dir_.path("absent.cfg")),
            "cannot open config file 'absent.cfg': No such file or directory");
}

}  // namespace
}  // namespace kemid
