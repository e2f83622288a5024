// What --dump-config prints: the text a person would write.

#include "config/config_writer.h"

#include <gtest/gtest.h>

#include "temp_config.h"
#include "yaml_test_support.h"

namespace kemid {
namespace {

using kemid::testing::TempConfigDir;

Config seed() {
  Config config = loadConfigFile(KEMID_SOURCE_DIR "/etc/kemid.cfg");
  config.sourceFile = "etc/kemid.cfg";
  return config;
}

TEST(ConfigWriter, SeedAsYaml) {
  EXPECT_EQ(writeYamlConfig(seed()),
            "# Written by `kemid --dump-config` from etc/kemid.cfg: the effective\n"
            "# configuration, with defines, includes, variables and command-line options\n"
            "# applied. Settings at their default value are left out.\n"
            "# docs/config.md describes every key.\n"
            "\n"
            "core:\n"
            "  listen: [udp:127.0.0.1:5060]\n"
            "  children: 4\n"
            "  debug: 2\n"
            "  log_facility: LOG_LOCAL0\n"
            "\n"
            "modules:\n"
            "  - tm: {fr_timer: 30000, fr_inv_timer: 120000}\n"
            "  - sl\n"
            "  - maxfwd: {max_limit: 70}\n"
            "  - pv\n"
            "  - app_lua: {load: lua/route.lua}\n"
            "\n"
            "cfgengine: lua\n");
}

TEST(ConfigWriter, SeedAsCfg) {
  EXPECT_EQ(writeCfgConfig(seed()),
            "#!KAMAILIO\n"
            "#\n"
            "# Written by `kemid --dump-config=cfg` from etc/kemid.cfg: the effective\n"
            "# configuration, with defines, includes, variables and command-line options\n"
            "# applied. Settings at their default value are left out.\n"
            "\n"
            "listen=udp:127.0.0.1:5060\n"
            "children=4\n"
            "debug=2\n"
            "log_facility=LOG_LOCAL0\n"
            "\n"
            "loadmodule \"tm.so\"\n"
            "loadmodule \"sl.so\"\n"
            "loadmodule \"maxfwd.so\"\n"
            "loadmodule \"pv.so\"\n"
            "loadmodule \"app_lua.so\"\n"
            "\n"
            "modparam(\"tm\", \"fr_timer\", 30000)\n"
            "modparam(\"tm\", \"fr_inv_timer\", 120000)\n"
            "modparam(\"maxfwd\", \"max_limit\", 70)\n"
            "modparam(\"app_lua\", \"load\", \"lua/route.lua\")\n"
            "\n"
            "cfgengine \"lua\"\n");
}

TEST(ConfigWriter, IgnoredSettingsAreListedInTheHeader) {
  TempConfigDir dir;
  Config config = loadConfigFile(dir.write("k.cfg", "tcp_children=4\nchildren=2\n"));
  config.sourceFile = "k.cfg";
  config.warnings = {
      "k.cfg:1: parameter 'tcp_children' is not implemented by kemid and is "
      "ignored"};
  EXPECT_EQ(writeYamlConfig(config),
            "# Written by `kemid --dump-config` from k.cfg: the effective\n"
            "# configuration, with defines, includes, variables and command-line options\n"
            "# applied. Settings at their default value are left out.\n"
            "# docs/config.md describes every key.\n"
            "#\n"
            "# Not written here: Kamailio settings that kemid ignores\n"
            "#   k.cfg:1: parameter 'tcp_children' is not implemented by kemid and is ignored\n"
            "\n"
            "core:\n"
            "  children: 2\n");
}

TEST(ConfigWriter, YamlQuotesWhatWouldReadBackAsAnotherType) {
  TempConfigDir dir;
  Config config = loadConfigFile(dir.write(
      "k.cfg",
      "loadmodule \"x\"\n"
      "modparam(\"x\", \"a\", \"30000\")\nmodparam(\"x\", \"b\", \"yes\")\n"
      "modparam(\"x\", \"c\", \"\")\nmodparam(\"x\", \"d\", \"${HOME}\")\n"
      "modparam(\"x\", \"e\", \"udp:10.0.0.1:5060\")\nmodparam(\"x\", \"f\", \"a, b\")\n"));
  config.sourceFile.clear();
  std::string yaml = writeYamlConfig(config);
  EXPECT_NE(yaml.find("  - x: {path: x, a: \"30000\", b: \"yes\", c: \"\", d: \"$${HOME}\", e: "
                      "udp:10.0.0.1:5060, f: \"a, b\"}\n"),
            std::string::npos)
      << yaml;
}

TEST(ConfigWriter, InterleavedParametersKeepTheirOrder) {
  TempConfigDir dir;
  Config config = loadConfigFile(dir.write("k.cfg",
                                           "loadmodule \"htable.so\"\n"
                                           "modparam(\"htable\", \"htable\", \"a=>size=4\")\n"
                                           "modparam(\"htable\", \"timer_interval\", 10)\n"
                                           "modparam(\"htable\", \"htable\", \"b=>size=8\")\n"));
  std::string yaml = writeYamlConfig(config);
  EXPECT_NE(yaml.find("  - htable: [{htable: a=>size=4}, {timer_interval: 10}, "
                      "{htable: b=>size=8}]\n"),
            std::string::npos)
      << yaml;
}

TEST(ConfigWriter, LongItemsUseBlockStyle) {
  TempConfigDir dir;
  Config config = kemid::testing::loadYaml(
      dir,
      "core:\n  listen: [{address: udp:10.0.0.1:5060, name: ext}]\n"
      "modules:\n  - app_lua: {load: [/usr/share/kemid/lua/the-first-script.lua, "
      "/usr/share/kemid/lua/the-second-script.lua]}\n");
  std::string yaml = writeYamlConfig(config);
  EXPECT_NE(yaml.find("  listen:\n    - {address: udp:10.0.0.1:5060, name: ext}\n"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("  - app_lua:\n"
                      "      load:\n"
                      "        - /usr/share/kemid/lua/the-first-script.lua\n"
                      "        - /usr/share/kemid/lua/the-second-script.lua\n"),
            std::string::npos)
      << yaml;
}

}  // namespace
}  // namespace kemid
