// --dump-config's promise: a config written as YAML or as kamailio.cfg loads
// back as the same Config, for every config of etc/ and tests/ and for
// configs that use every feature of both syntaxes.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "config/config_writer.h"
#include "config/core_params.h"
#include "core/config_error.h"
#include "temp_config.h"
#include "yaml_test_support.h"

namespace kemid {
namespace {

namespace fs = std::filesystem;
using kemid::testing::TempConfigDir;

// Writes `config` in both syntaxes, loads each back and compares. Writing
// what was read back gives the same text again.
void expectRoundTrips(const Config& config, const std::string& label) {
  SCOPED_TRACE(label);
  TempConfigDir dir;
  std::string yaml = writeYamlConfig(config);
  std::string cfg = writeCfgConfig(config);
  Config fromYaml;
  Config fromCfg;
  try {
    fromYaml = loadConfigFile(dir.write("dumped.yaml", yaml));
  } catch (const ConfigError& e) {
    FAIL() << "written YAML does not load: " << e.what() << "\n" << yaml;
  }
  try {
    fromCfg = loadConfigFile(dir.write("dumped.cfg", cfg));
  } catch (const ConfigError& e) {
    FAIL() << "written cfg does not load: " << e.what() << "\n" << cfg;
  }
  EXPECT_TRUE(fromYaml == config) << "YAML:\n"
                                  << yaml << "reads back as:\n"
                                  << writeYamlConfig(fromYaml);
  EXPECT_TRUE(fromCfg == config) << "cfg:\n"
                                 << cfg << "reads back as:\n"
                                 << writeCfgConfig(fromCfg);

  auto bare = [](Config c) {
    c.sourceFile.clear();
    c.warnings.clear();
    return c;
  };
  EXPECT_EQ(writeYamlConfig(bare(fromYaml)), writeYamlConfig(bare(config)));
  EXPECT_EQ(writeCfgConfig(bare(fromCfg)), writeCfgConfig(bare(config)));
}

bool isConfigFile(const fs::path& path) {
  std::string extension = path.extension().string();
  return extension == ".cfg" || extension == ".yaml" || extension == ".yml";
}

TEST(ConfigRoundTrip, EveryConfigInEtcAndTests) {
  std::set<std::string> roundTripped;
  for (const char* top : {"etc", "tests"}) {
    fs::path root = fs::path(KEMID_SOURCE_DIR) / top;
    for (const auto& file : fs::recursive_directory_iterator(root)) {
      if (!file.is_regular_file() || !isConfigFile(file.path())) continue;
      std::string relative = fs::relative(file.path(), KEMID_SOURCE_DIR).string();
      Config config;
      try {
        config = loadConfigFile(file.path().string());
      } catch (const ConfigError& e) {
        // A config of tests/ may be a deliberately bad fixture; etc/ must load.
        EXPECT_NE(std::string(top), "etc") << relative << ": " << e.what();
        continue;
      }
      expectRoundTrips(config, relative);
      roundTripped.insert(relative);
    }
  }
  EXPECT_TRUE(roundTripped.count("etc/kemid.cfg"));
  EXPECT_TRUE(roundTripped.count("etc/kemid.yaml"));
  EXPECT_TRUE(roundTripped.count("tests/unit/config/data/everything.cfg"));
  EXPECT_TRUE(roundTripped.count("tests/unit/config/data/everything.yaml"));
  EXPECT_TRUE(roundTripped.count("tests/unit/config/data/with_includes.yaml"));
}

// Every feature of both syntaxes that reaches the Config (also round-tripped
// by EveryConfigInEtcAndTests, as files of tests/).
const std::string kEverythingCfg = KEMID_SOURCE_DIR "/tests/unit/config/data/everything.cfg";
const std::string kEverythingYaml = KEMID_SOURCE_DIR "/tests/unit/config/data/everything.yaml";

TEST(ConfigRoundTrip, EveryCfgFeature) {
  Config config = loadConfigFile(kEverythingCfg);
  ASSERT_EQ(config.core.listen.size(), 5u);
  ASSERT_EQ(config.warnings.size(), 1u);
  expectRoundTrips(config, "everything.cfg");
}

TEST(ConfigRoundTrip, EveryYamlFeature) {
  Config config = loadConfigFile(kEverythingYaml);
  ASSERT_EQ(config.modules.size(), 4u);
  expectRoundTrips(config, "everything.yaml");
}

// data/everything.cfg sets every core parameter, so a parameter added to the
// table is round-tripped too, or this test says which one is missing.
TEST(ConfigRoundTrip, EveryCoreParameterIsCovered) {
  Config config = loadConfigFile(kEverythingCfg);
  const CoreSettings defaults;
  for (const auto& param : cfg::coreParams()) {
    bool set = false;
    switch (param.type) {
      case cfg::CoreParamType::Sockets:
        set = !config.core.listen.empty();
        break;
      case cfg::CoreParamType::Aliases:
        set = !config.core.aliases.empty();
        break;
      case cfg::CoreParamType::Int:
      case cfg::CoreParamType::Bool:
        set = param.getNumber(config.core) != param.getNumber(defaults);
        break;
      default:
        set = param.getString(config.core) != param.getString(defaults);
        break;
    }
    EXPECT_TRUE(set) << param.name << " is not set by data/everything.cfg";
  }
}

TEST(ConfigRoundTrip, DefaultConfig) {
  expectRoundTrips(Config{}, "Config{}");
}

// Configs the writers could not spell are refused, not written wrong.
TEST(ConfigRoundTrip, UnwritableValuesAreErrors) {
  Config config;
  ListenAddress socket;
  socket.transport = Transport::Udp;
  socket.host = "::1";  // parseListenAddress would want [::1]
  socket.port = 5060;
  config.core.listen.push_back(socket);
  EXPECT_THROW(writeYamlConfig(config), ConfigError);
  EXPECT_THROW(writeCfgConfig(config), ConfigError);

  Config pathParam;
  pathParam.modules.push_back(ModuleEntry{"x", "x.so", {{"path", std::int64_t{1}, {}}}, {}});
  EXPECT_THROW(writeYamlConfig(pathParam), ConfigError);
}

}  // namespace
}  // namespace kemid
