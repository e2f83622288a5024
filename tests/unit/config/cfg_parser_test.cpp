#include "config/cfg_parser.h"

#include <gtest/gtest.h>

#include "temp_config.h"

namespace kemid {
namespace {

using kemid::testing::TempConfigDir;

TEST(CfgParser, DefinesAreKeptAsTheFileLeftThem) {
  TempConfigDir dir;
  std::string path = dir.write("kemid.cfg",
                               "#!KAMAILIO\n"
                               "#!define WITH_X\n"
                               "#!define NUM 42\n"
                               "loadmodule \"pv.so\"\n");
  Config config = loadConfigFile(path);
  EXPECT_EQ(config.defines.at("WITH_X"), "");
  EXPECT_EQ(config.defines.at("NUM"), "42");
  EXPECT_FALSE(config.defines.contains("NOPE"));
  EXPECT_TRUE(config.defines.contains("MOD_pv"));
}

TEST(CfgParser, SeedConfig) {
  TempConfigDir dir;
  std::string path = dir.write("kemid.cfg",
                               "#!KAMAILIO\n"
                               "# seed: UAC -> proxy -> UAS\n"
                               "debug=1\n"
                               "log_stderror=yes\n"
                               "fork=yes\n"
                               "children=4\n"
                               "listen=udp:127.0.0.1:5060\n"
                               "mpath=\"/usr/lib/kemid/modules/\"\n"
                               "loadmodule \"tm.so\"\n"
                               "loadmodule \"sl.so\"\n"
                               "loadmodule \"maxfwd.so\"\n"
                               "loadmodule \"pv.so\"\n"
                               "loadmodule \"app_lua.so\"\n"
                               "modparam(\"app_lua\", \"load\", \"lua/route.lua\")\n"
                               "modparam(\"tm\", \"fr_timer\", 30000)\n"
                               "cfgengine \"lua\"\n");
  Config config = loadConfigFile(path);
  EXPECT_EQ(config.sourceFile, path);
  EXPECT_EQ(config.core.debug, 1);
  EXPECT_TRUE(config.core.logStderror);
  EXPECT_TRUE(config.core.fork);
  EXPECT_EQ(config.core.children, 4);
  EXPECT_EQ(config.core.mpath, "/usr/lib/kemid/modules/");
  ASSERT_EQ(config.core.listen.size(), 1u);
  const ListenAddress& socket = config.core.listen[0];
  EXPECT_EQ(socket.transport, Transport::Udp);
  EXPECT_EQ(socket.host, "127.0.0.1");
  EXPECT_EQ(socket.port, 5060);
  EXPECT_EQ(socket.where, (SourceLocation{path, 7, 8}));

  ASSERT_EQ(config.modules.size(), 5u);
  std::vector<std::string> names;
  for (const auto& m : config.modules) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"tm", "sl", "maxfwd", "pv", "app_lua"}));
  EXPECT_EQ(config.modules[0].path, "tm.so");
  EXPECT_EQ(config.modules[0].where, (SourceLocation{path, 9, 12}));

  const ModuleEntry* tm = config.findModule("tm");
  ASSERT_NE(tm, nullptr);
  ASSERT_EQ(tm->params.size(), 1u);
  EXPECT_EQ(tm->params[0].name, "fr_timer");
  EXPECT_EQ(tm->params[0].value, ParamValue(std::int64_t{30000}));
  EXPECT_EQ(tm->params[0].where, (SourceLocation{path, 15, 1}));
  const ModuleEntry* lua = config.findModule("app_lua");
  ASSERT_NE(lua, nullptr);
  ASSERT_EQ(lua->params.size(), 1u);
  EXPECT_EQ(lua->params[0].value, ParamValue(std::string("lua/route.lua")));
  EXPECT_EQ(config.cfgengine, "lua");
  EXPECT_TRUE(config.warnings.empty());
}

TEST(CfgParser, DefaultsWhenNothingIsSet) {
  TempConfigDir dir;
  Config config = dir.load("# nothing\n;\n");
  EXPECT_EQ(config.core, CoreSettings{});
  EXPECT_TRUE(config.modules.empty());
  EXPECT_EQ(config.cfgengine, "");
}

TEST(CfgParser, EveryImplementedCoreParameter) {
  TempConfigDir dir;
  Config config = dir.load(
      "port=5070\n"
      "children=2; debug=-3\n"
      "log_stderror=on log_facility=LOG_LOCAL3\n"
      "log_prefix=\"{$mt} \"\n"
      "log_name='kemid-a'\n"
      "fork=no\n"
      "loadpath \"/opt/modules\"\n"
      "alias=example.com udp:sip.example.com:5080\n"
      "alias=\"literal:5060\"\n"
      "server_header=\"Server: kemid test\"\n"
      "user_agent_header=\"User-Agent: kemid test\"\n"
      "server_signature=false\n"
      "maxbuffer=0x10000\n"
      "udp_mtu=1300\n"
      "http_listen=\"127.0.0.1:9999\"\n");
  const CoreSettings& core = config.core;
  EXPECT_EQ(core.port, 5070);
  EXPECT_EQ(core.children, 2);
  EXPECT_EQ(core.debug, -3);
  EXPECT_TRUE(core.logStderror);
  EXPECT_EQ(core.logFacility, "LOG_LOCAL3");
  EXPECT_EQ(core.logPrefix, "{$mt} ");
  EXPECT_EQ(core.logName, "kemid-a");
  EXPECT_FALSE(core.fork);
  EXPECT_EQ(core.mpath, "/opt/modules");
  EXPECT_EQ(core.aliases,
            (std::vector<std::string>{"example.com", "udp:sip.example.com:5080", "literal:5060"}));
  EXPECT_EQ(core.serverHeader, "Server: kemid test");
  EXPECT_EQ(core.userAgentHeader, "User-Agent: kemid test");
  EXPECT_FALSE(core.serverSignature);
  EXPECT_EQ(core.maxbuffer, 65536);
  EXPECT_EQ(core.udpMtu, 1300);
  EXPECT_EQ(core.httpListen, "127.0.0.1:9999");
}

TEST(CfgParser, LaterAssignmentsWin) {
  TempConfigDir dir;
  Config config = dir.load("children=2\nchildren=3\nmpath=\"/a\"\nloadpath=\"/b\"\n");
  EXPECT_EQ(config.core.children, 3);
  EXPECT_EQ(config.core.mpath, "/b");
}

TEST(CfgParser, HttpListenQuotedOrNot) {
  TempConfigDir dir;
  EXPECT_EQ(dir.load("http_listen=127.0.0.1:9071\n").core.httpListen, "127.0.0.1:9071");
  EXPECT_EQ(dir.load("http_listen = [::1]:9071\n").core.httpListen, "[::1]:9071");
  EXPECT_EQ(dir.load("http_listen=\"0.0.0.0:9072\"\n").core.httpListen, "0.0.0.0:9072");
}

// An empty http_listen turns /metrics and /RPC off (README).
TEST(CfgParser, EmptyHttpListenMeansNone) {
  TempConfigDir dir;
  EXPECT_EQ(dir.load("http_listen=\"\"\n").core.httpListen, "");
}

TEST(CfgParser, ListenForms) {
  TempConfigDir dir;
  Config config = dir.load(
      "listen=udp:127.0.0.1:5060\n"
      "listen=10.0.0.1:5062\n"
      "listen=tcp:127.0.0.2\n"
      "listen=udp:[::1]:5064 [::2]\n"
      "listen=udp:localhost:5065 tls:sip-1.example.com:5061\n"
      "listen=udp:127.0.0.1:5066 advertise 203.0.113.7:5080 name \"pub\"\n"
      "listen=\"quoted.example.com\"\n");
  const auto& l = config.core.listen;
  ASSERT_EQ(l.size(), 9u);
  EXPECT_EQ(l[1].transport, Transport::Any);
  EXPECT_EQ(l[1].host, "10.0.0.1");
  EXPECT_EQ(l[2].transport, Transport::Tcp);
  EXPECT_EQ(l[2].port, std::nullopt);
  EXPECT_EQ(l[3].host, "[::1]");
  EXPECT_EQ(l[3].port, 5064);
  EXPECT_EQ(l[4].host, "[::2]");
  EXPECT_EQ(l[4].transport, Transport::Any);
  EXPECT_EQ(l[5].host, "localhost");
  EXPECT_EQ(l[6].transport, Transport::Tls);
  EXPECT_EQ(l[6].host, "sip-1.example.com");
  EXPECT_EQ(l[6].port, 5061);
  EXPECT_EQ(l[7].describe(5060), "udp: 127.0.0.1:5066 name pub advertise 203.0.113.7:5080");
  EXPECT_EQ(l.back().host, "quoted.example.com");
  EXPECT_EQ(l.back().port, std::nullopt);
}

TEST(CfgParser, ListenAdvertiseAndNameApplyToEverySocketOfTheLine) {
  TempConfigDir dir;
  Config config = dir.load(
      "listen=udp:1.2.3.4:5060 tcp:1.2.3.4:5060 advertise \"pub.example.com\" "
      "name \"ext\"\nlisten=udp:5.6.7.8\n");
  ASSERT_EQ(config.core.listen.size(), 3u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(config.core.listen[i].advertiseHost, "pub.example.com");
    EXPECT_EQ(config.core.listen[i].advertisePort, std::nullopt);
    EXPECT_EQ(config.core.listen[i].name, "ext");
  }
  EXPECT_EQ(config.core.listen[2].advertiseHost, "");
  EXPECT_EQ(config.core.listen[2].name, "");
}

TEST(CfgParser, ListenFromDefines) {
  TempConfigDir dir;
  Config config = dir.load(
      "#!define IPADDR 127.0.0.9\n#!define PORTN 5090\n"
      "#!define SOCK udp:IPADDR:PORTN\nlisten=SOCK\n");
  ASSERT_EQ(config.core.listen.size(), 1u);
  EXPECT_EQ(config.core.listen[0].host, "127.0.0.9");
  EXPECT_EQ(config.core.listen[0].port, 5090);
  EXPECT_EQ(config.core.listen[0].where.line, 4);
}

// Kamailio would read pstn.gw as a second socket of the listen line and then
// fail; kemid ends the socket list with the line.
TEST(CfgParser, ListenSocketListEndsAtEndOfLine) {
  TempConfigDir dir;
  Config config = dir.load("listen=udp:127.0.0.1:5060\npstn.gw = \"10.0.0.1\"\n");
  ASSERT_EQ(config.core.listen.size(), 1u);
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_EQ(config.warnings[0], dir.path("kemid.cfg") +
                                    ":2: custom cfg variable 'pstn.gw' is not implemented by "
                                    "kemid and is ignored");
}

TEST(CfgParser, LoadmoduleForms) {
  TempConfigDir dir;
  Config config = dir.load(
      "loadmodule \"tm\"\nloadmodule \"sl.so\"\nloadmodule \"/abs/path/pv.so\"\n"
      "loadmodule \"modules/maxfwd.so\"\nloadmodule 'app_lua.so'\n");
  ASSERT_EQ(config.modules.size(), 5u);
  EXPECT_EQ(config.modules[0].name, "tm");
  EXPECT_EQ(config.modules[0].path, "tm");
  EXPECT_EQ(config.modules[2].name, "pv");
  EXPECT_EQ(config.modules[2].path, "/abs/path/pv.so");
  EXPECT_EQ(config.modules[3].name, "maxfwd");
  EXPECT_EQ(config.modules[3].path, "modules/maxfwd.so");
  EXPECT_EQ(config.modules[4].name, "app_lua");
}

TEST(CfgParser, ModparamRegexMatchesEveryLoadedModuleCaseInsensitively) {
  TempConfigDir dir;
  Config config = dir.load(
      "loadmodule \"auth_db\"\nloadmodule \"usrloc\"\nloadmodule \"tm\"\n"
      "modparam(\"auth_db|USRLOC\", \"db_url\", \"mysql://x\")\n"
      "modparam(\"t.\", \"fr_timer\", -1)\n"
      "modparam(\"u.*\", \"timer_interval\", 10)\n");
  EXPECT_EQ(config.findModule("auth_db")->params.size(), 1u);
  ASSERT_EQ(config.findModule("usrloc")->params.size(), 2u);
  EXPECT_EQ(config.findModule("usrloc")->params[0].value, ParamValue(std::string("mysql://x")));
  EXPECT_EQ(config.findModule("usrloc")->params[1].value, ParamValue(std::int64_t{10}));
  ASSERT_EQ(config.findModule("tm")->params.size(), 1u);
  EXPECT_EQ(config.findModule("tm")->params[0].value, ParamValue(std::int64_t{-1}));
}

TEST(CfgParser, ModparamKeepsRepeatedParamsInOrderAndTakesDefinedValues) {
  TempConfigDir dir;
  Config config = dir.load(
      "#!define FRT 20000\n#!define SCRIPT \"b.lua\"\n"
      "loadmodule \"tm\"\nloadmodule \"app_lua\"\n"
      "modparam(\"tm\",\"fr_timer\",FRT)\n"
      "modparam(\"app_lua\", \"load\", \"a.lua\")\nmodparam(\"app_lua\", \"load\", SCRIPT)\n"
      "modparam(\"app_lua\", \"reload\", yes)\n");
  EXPECT_EQ(config.findModule("tm")->params[0].value, ParamValue(std::int64_t{20000}));
  const auto& p = config.findModule("app_lua")->params;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].value, ParamValue(std::string("a.lua")));
  EXPECT_EQ(p[1].value, ParamValue(std::string("b.lua")));
  EXPECT_EQ(p[2].value, ParamValue(std::int64_t{1}));
}

TEST(CfgParser, CfgengineFormsAreCaseInsensitive) {
  TempConfigDir dir;
  EXPECT_EQ(dir.load("loadmodule \"app_lua.so\"\ncfgengine = \"LUA\"\n").cfgengine, "lua");
  EXPECT_EQ(dir.load("loadmodule \"app_lua.so\"\ncfgengine \"Lua\"\n").cfgengine, "lua");
}

TEST(CfgParser, KnownButUnimplementedParametersWarnOnceEach) {
  TempConfigDir dir;
  Config config = dir.load(
      "tcp_children=4\ntcp_children=5\nauto_aliases=no\nuser=\"kamailio\"\ngroup=kamailio\n"
      "rundir=\"/run/kamailio\"\nmemlog=-1\ndns=no; rev_dns=off\nadvertised_address=1.2.3.4\n"
      "tcp_rd_buf_size=16384\nshm=64\nmax_while_loops=200\nasync_workers=4\n"
      "sip_warning=0\nmhomed=1\n");
  std::string prefix = dir.path("kemid.cfg") + ":";
  ASSERT_EQ(config.warnings.size(), 15u);
  EXPECT_EQ(config.warnings[0],
            prefix + "1: parameter 'tcp_children' is not implemented by kemid and is ignored");
  EXPECT_EQ(config.warnings[1],
            prefix + "3: parameter 'auto_aliases' is not implemented by kemid and is ignored");
  EXPECT_EQ(config.warnings[7],
            prefix + "8: parameter 'rev_dns' is not implemented by kemid and is ignored");
  EXPECT_EQ(config.core, CoreSettings{});
}

TEST(CfgParser, CustomCfgVariablesAndKemiCallbacksWarn) {
  TempConfigDir dir;
  Config config = dir.load(
      "pstn.gw_ip = \"1.2.3.4\" desc \"PSTN gateway\"\n"
      "kemi.reply_route_callback = \"none\"\nmy.level = -2\n");
  std::string prefix = dir.path("kemid.cfg") + ":";
  EXPECT_EQ(config.warnings,
            (std::vector<std::string>{
                prefix + "1: custom cfg variable 'pstn.gw_ip' is not implemented by kemid and is "
                         "ignored",
                prefix + "2: parameter 'kemi.reply_route_callback' is not implemented by kemid "
                         "and is ignored",
                prefix + "3: custom cfg variable 'my.level' is not implemented by kemid and is "
                         "ignored"}));
}

}  // namespace
}  // namespace kemid
