// The YAML frontend on valid configs: every key of docs/config.md lands in
// the same Config fields, with the same types, as its kamailio.cfg twin.

#include "config/yaml_loader.h"

#include <gtest/gtest.h>

#include "temp_config.h"
#include "yaml_test_support.h"

namespace kemid {
namespace {

using kemid::testing::loadYaml;
using kemid::testing::TempConfigDir;

ParamValue integer(std::int64_t v) {
  return ParamValue(v);
}
ParamValue text(const std::string& s) {
  return ParamValue(s);
}

TEST(YamlLoader, IssueExample) {
  TempConfigDir dir;
  std::string path = dir.write("kemid.yaml",
                               "core:\n"
                               "  listen: [udp:127.0.0.1:5060]\n"
                               "  children: 4\n"
                               "  debug: 2\n"
                               "  log_stderror: true\n"
                               "  http_listen: 127.0.0.1:9060\n"
                               "modules:\n"
                               "  - tm: {fr_timer: 30000}\n"
                               "  - sl\n"
                               "  - maxfwd: {max_limit: 70}\n"
                               "  - pv\n"
                               "  - app_lua: {load: lua/route.lua}\n"
                               "cfgengine: lua\n");
  Config config = loadConfigFile(path);
  EXPECT_EQ(config.sourceFile, path);
  EXPECT_EQ(config.core.children, 4);
  EXPECT_EQ(config.core.debug, 2);
  EXPECT_TRUE(config.core.logStderror);
  EXPECT_EQ(config.core.httpListen, "127.0.0.1:9060");
  ASSERT_EQ(config.core.listen.size(), 1u);
  EXPECT_EQ(config.core.listen[0].transport, Transport::Udp);
  EXPECT_EQ(config.core.listen[0].host, "127.0.0.1");
  EXPECT_EQ(config.core.listen[0].port, 5060);
  EXPECT_EQ(config.core.listen[0].where, (SourceLocation{path, 2, 12}));

  std::vector<std::string> names;
  for (const auto& m : config.modules) names.push_back(m.name + "=" + m.path);
  EXPECT_EQ(names, (std::vector<std::string>{"tm=tm.so", "sl=sl.so", "maxfwd=maxfwd.so", "pv=pv.so",
                                             "app_lua=app_lua.so"}));
  EXPECT_EQ(config.modules[0].where, (SourceLocation{path, 8, 5}));
  EXPECT_EQ(config.modules[1].where, (SourceLocation{path, 9, 5}));
  ASSERT_EQ(config.modules[0].params.size(), 1u);
  EXPECT_EQ(config.modules[0].params[0].name, "fr_timer");
  EXPECT_EQ(config.modules[0].params[0].value, integer(30000));
  // The value's place: the plugin loader's type and range errors point at it.
  EXPECT_EQ(config.modules[0].params[0].where, (SourceLocation{path, 8, 20}));
  EXPECT_EQ(config.findModule("app_lua")->params[0].value, text("lua/route.lua"));
  EXPECT_EQ(config.cfgengine, "lua");
  EXPECT_TRUE(config.warnings.empty());
}

TEST(YamlLoader, SeedYamlIsTheSeedCfg) {
  Config yaml = loadConfigFile(KEMID_SOURCE_DIR "/etc/kemid.yaml");
  Config cfg = loadConfigFile(KEMID_SOURCE_DIR "/etc/kemid.cfg");
  EXPECT_TRUE(yaml == cfg);
  ASSERT_EQ(yaml.core.listen.size(), 1u);
  EXPECT_EQ(yaml.core.listen[0].describe(5060), "udp: 127.0.0.1:5060");

  // -A KEMID_LISTEN=... moves both the same way (#!trydef / ${KEMID_LISTEN:-...}).
  ConfigLoadOptions moved{{{"KEMID_LISTEN", "udp:127.0.0.1:5099"}}};
  Config yamlMoved = loadConfigFile(KEMID_SOURCE_DIR "/etc/kemid.yaml", moved);
  Config cfgMoved = loadConfigFile(KEMID_SOURCE_DIR "/etc/kemid.cfg", moved);
  EXPECT_TRUE(yamlMoved == cfgMoved);
  EXPECT_EQ(yamlMoved.core.listen[0].port, 5099);
}

TEST(YamlLoader, EveryCoreParameter) {
  TempConfigDir dir;
  Config config = loadYaml(dir,
                           "core:\n"
                           "  listen: tcp:10.0.0.1:5062\n"
                           "  alias: [example.com, udp:sip.example.com:5060]\n"
                           "  port: 5070\n"
                           "  children: 16\n"
                           "  debug: -3\n"
                           "  log_stderror: yes\n"
                           "  log_facility: LOG_LOCAL5\n"
                           "  log_prefix: '{$mt $ci} '\n"
                           "  log_name: kemid-edge\n"
                           "  fork: no\n"
                           "  mpath: /opt/kemid/modules\n"
                           "  server_header: 'Server: edge'\n"
                           "  user_agent_header: 'User-Agent: edge'\n"
                           "  server_signature: false\n"
                           "  maxbuffer: 65536\n"
                           "  udp_mtu: 1300\n"
                           "  http_listen: 0.0.0.0:9999\n");
  const CoreSettings& core = config.core;
  ASSERT_EQ(core.listen.size(), 1u);
  EXPECT_EQ(core.listen[0].transport, Transport::Tcp);
  EXPECT_EQ(core.aliases, (std::vector<std::string>{"example.com", "udp:sip.example.com:5060"}));
  EXPECT_EQ(core.port, 5070);
  EXPECT_EQ(core.children, 16);
  EXPECT_EQ(core.debug, -3);
  EXPECT_TRUE(core.logStderror);
  EXPECT_EQ(core.logFacility, "LOG_LOCAL5");
  EXPECT_EQ(core.logPrefix, "{$mt $ci} ");
  EXPECT_EQ(core.logName, "kemid-edge");
  EXPECT_FALSE(core.fork);
  EXPECT_EQ(core.mpath, "/opt/kemid/modules");
  EXPECT_EQ(core.serverHeader, "Server: edge");
  EXPECT_EQ(core.userAgentHeader, "User-Agent: edge");
  EXPECT_FALSE(core.serverSignature);
  EXPECT_EQ(core.maxbuffer, 65536);
  EXPECT_EQ(core.udpMtu, 1300);
  EXPECT_EQ(core.httpListen, "0.0.0.0:9999");
}

TEST(YamlLoader, EmptyHttpListenMeansNone) {
  TempConfigDir dir;
  EXPECT_EQ(loadYaml(dir, "core: {http_listen: \"\"}\n").core.httpListen, "");
}

TEST(YamlLoader, BooleansAlsoTakeNumbersAsInCfg) {
  TempConfigDir dir;
  Config config = loadYaml(dir, "core: {log_stderror: 1, fork: 0, server_signature: Off}\n");
  EXPECT_TRUE(config.core.logStderror);
  EXPECT_FALSE(config.core.fork);
  EXPECT_FALSE(config.core.serverSignature);
}

TEST(YamlLoader, LoadpathIsMpath) {
  TempConfigDir dir;
  EXPECT_EQ(loadYaml(dir, "core: {loadpath: /x/modules}\n").core.mpath, "/x/modules");
}

TEST(YamlLoader, ListenForms) {
  TempConfigDir dir;
  Config config = loadYaml(dir,
                           "core:\n"
                           "  port: 5080\n"
                           "  listen:\n"
                           "    - udp:127.0.0.1\n"
                           "    - '[::1]:5062'\n"
                           "    - udp:10.0.0.1:5060/203.0.113.7:5070\n"
                           "    - address: tcp:10.0.0.2:5060\n"
                           "      advertise: 203.0.113.8\n"
                           "      name: external\n");
  ASSERT_EQ(config.core.listen.size(), 4u);
  std::vector<std::string> described;
  for (const auto& socket : config.core.listen) described.push_back(socket.describe(5080));
  EXPECT_EQ(described,
            (std::vector<std::string>{"udp: 127.0.0.1:5080", "*: [::1]:5062",
                                      "udp: 10.0.0.1:5060 advertise 203.0.113.7:5070",
                                      "tcp: 10.0.0.2:5060 name external advertise 203.0.113.8"}));
  EXPECT_FALSE(config.core.listen[0].port.has_value());
  EXPECT_FALSE(config.core.listen[3].advertisePort.has_value());
}

TEST(YamlLoader, ModuleForms) {
  TempConfigDir dir;
  Config config = loadYaml(dir,
                           "modules:\n"
                           "  - sl\n"
                           "  - pv: null\n"
                           "  - maxfwd: {}\n"
                           "  - tm:\n"
                           "      path: /opt/kemid/tm.so\n"
                           "      fr_timer: 30000\n"
                           "  - app_lua: {load: [a.lua, b.lua]}\n");
  ASSERT_EQ(config.modules.size(), 5u);
  EXPECT_EQ(config.modules[1].path, "pv.so");
  EXPECT_TRUE(config.modules[2].params.empty());
  EXPECT_EQ(config.modules[3].name, "tm");
  EXPECT_EQ(config.modules[3].path, "/opt/kemid/tm.so");
  ASSERT_EQ(config.modules[3].params.size(), 1u);
  const auto& lua = config.modules[4].params;
  ASSERT_EQ(lua.size(), 2u);
  EXPECT_EQ(lua[0].name, "load");
  EXPECT_EQ(lua[0].value, text("a.lua"));
  EXPECT_EQ(lua[1].value, text("b.lua"));
  EXPECT_EQ(lua[1].where.line, 8);
}

TEST(YamlLoader, ParameterValueTypes) {
  TempConfigDir dir;
  Config config = loadYaml(dir,
                           "modules:\n"
                           "  - x:\n"
                           "      plain_int: 30000\n"
                           "      quoted_int: \"30000\"\n"
                           "      tagged_int: !!str 30000\n"
                           "      negative: -5\n"
                           "      hex: 0x1F\n"
                           "      flag_on: yes\n"
                           "      flag_off: false\n"
                           "      quoted_bool: 'yes'\n"
                           "      ip: 10.0.0.1\n"
                           "      empty: ''\n");
  const auto& p = config.modules[0].params;
  ASSERT_EQ(p.size(), 10u);
  EXPECT_EQ(p[0].value, integer(30000));
  // Quoted, it is a string: the plugin loader refuses it for an int
  // parameter, as it refuses modparam("x", "p", "30000") in kamailio.cfg.
  EXPECT_EQ(p[1].value, text("30000"));
  EXPECT_EQ(p[2].value, text("30000"));
  EXPECT_EQ(p[3].value, integer(-5));
  EXPECT_EQ(p[4].value, integer(31));
  EXPECT_EQ(p[5].value, integer(1));  // kamailio.cfg's yes is the number 1
  EXPECT_EQ(p[6].value, integer(0));
  EXPECT_EQ(p[7].value, text("yes"));
  EXPECT_EQ(p[8].value, text("10.0.0.1"));
  EXPECT_EQ(p[9].value, text(""));
}

TEST(YamlLoader, OrderedParameterForm) {
  TempConfigDir dir;
  Config config = loadYaml(dir,
                           "modules:\n"
                           "  - htable: [{htable: 'a=>size=4'}, {timer_interval: 10}, "
                           "{htable: 'b=>size=8'}, {path: /x/htable.so}]\n");
  const auto& m = config.modules[0];
  EXPECT_EQ(m.path, "/x/htable.so");
  ASSERT_EQ(m.params.size(), 3u);
  EXPECT_EQ(m.params[0].value, text("a=>size=4"));
  EXPECT_EQ(m.params[1].name, "timer_interval");
  EXPECT_EQ(m.params[2].value, text("b=>size=8"));
}

TEST(YamlLoader, KnownButIgnoredParametersWarnAsInCfg) {
  TempConfigDir dir;
  Config config = loadYaml(dir, "core:\n  children: 2\n  tcp_children: 4\n  mhomed: yes\n");
  std::string prefix = dir.path("kemid.yaml") + ":";
  ASSERT_EQ(config.warnings.size(), 2u);
  EXPECT_EQ(config.warnings[0],
            prefix + "3: parameter 'tcp_children' is not implemented by kemid and is ignored");
  EXPECT_EQ(config.warnings[1],
            prefix + "4: parameter 'mhomed' is not implemented by kemid and is ignored");
}

TEST(YamlLoader, EmptyFilesAndSectionsAreDefaults) {
  TempConfigDir dir;
  EXPECT_TRUE(loadYaml(dir, "") == Config{});
  EXPECT_TRUE(loadYaml(dir, "# nothing yet\n") == Config{});
  EXPECT_TRUE(loadYaml(dir, "core:\nmodules:\ninclude:\n") == Config{});
}

TEST(YamlLoader, CfgengineCaseAndPlace) {
  TempConfigDir dir;
  // Unlike cfg's statements, YAML keys have no order: app_lua may follow.
  Config config = loadYaml(dir, "cfgengine: Lua\nmodules: [app_lua]\n");
  EXPECT_EQ(config.cfgengine, "lua");
}

TEST(YamlLoader, YmlExtensionAndCaseAreYaml) {
  TempConfigDir dir;
  EXPECT_EQ(loadYaml(dir, "core: {children: 3}\n", {}, "k.yml").core.children, 3);
  EXPECT_EQ(loadYaml(dir, "core: {children: 5}\n", {}, "K.YAML").core.children, 5);
}

}  // namespace
}  // namespace kemid
