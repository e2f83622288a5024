// include: in YAML configs: files relative to the including one, merged
// before its own keys; loops are errors naming the chain.

#include <gtest/gtest.h>

#include "temp_config.h"
#include "yaml_test_support.h"

namespace kemid {
namespace {

using kemid::testing::TempConfigDir;

std::vector<std::string> moduleNames(const Config& config) {
  std::vector<std::string> names;
  for (const auto& m : config.modules) names.push_back(m.name);
  return names;
}

TEST(YamlInclude, IncludedFilesComeFirstAndTheIncluderWins) {
  TempConfigDir dir;
  dir.write("conf.d/base.yaml",
            "core:\n  children: 2\n  debug: 1\n  listen: udp:127.0.0.1:5060\n"
            "modules: [tm, sl]\n"
            "cfgengine: lua\n");
  dir.write("conf.d/lua.yaml", "modules:\n  - app_lua: {load: route.lua}\n");
  std::string main = dir.write("kemid.yaml",
                               "include: [conf.d/base.yaml, conf.d/lua.yaml]\n"
                               "core:\n  children: 8\n  listen: [udp:10.0.0.1:5060]\n"
                               "modules: [pv]\n");
  Config config = loadConfigFile(main);
  EXPECT_EQ(config.core.children, 8);  // the including file's value
  EXPECT_EQ(config.core.debug, 1);     // kept from the included file
  ASSERT_EQ(config.core.listen.size(), 1u);
  EXPECT_EQ(config.core.listen[0].host, "10.0.0.1");  // a list is replaced, not appended
  EXPECT_EQ(moduleNames(config), (std::vector<std::string>{"tm", "sl", "app_lua", "pv"}));
  EXPECT_EQ(config.cfgengine, "lua");
  // Locations name the file each setting came from.
  EXPECT_EQ(config.modules[0].where.file, dir.path("conf.d/base.yaml"));
  EXPECT_EQ(config.modules[3].where.file, main);
}

TEST(YamlInclude, NestedIncludesAreRelativeToTheirOwnFile) {
  TempConfigDir dir;
  dir.write("a/one.yaml", "include: b/two.yaml\nmodules: [sl]\n");
  dir.write("a/b/two.yaml", "include: ../../three.yaml\nmodules: [tm]\n");
  dir.write("three.yaml", "core: {children: 3}\n");
  Config config = loadConfigFile(dir.write("kemid.yaml", "include: a/one.yaml\n"));
  EXPECT_EQ(config.core.children, 3);
  EXPECT_EQ(moduleNames(config), (std::vector<std::string>{"tm", "sl"}));
}

TEST(YamlInclude, PathFromAVariable) {
  TempConfigDir dir;
  kemid::testing::ScopedEnv site("KEMID_TEST_SITE", "site-b");
  dir.write("site-b.yaml", "core: {children: 7}\n");
  Config config = loadConfigFile(dir.write("kemid.yaml", "include: ${KEMID_TEST_SITE}.yaml\n"));
  EXPECT_EQ(config.core.children, 7);
}

TEST(YamlInclude, IncludedErrorNamesTheIncludedFile) {
  TempConfigDir dir;
  dir.write("base.yaml", "core:\n  children: many\n");
  EXPECT_EQ(kemid::testing::yamlError(dir, "include: base.yaml\n"),
            "base.yaml:2:13: core.children: expected an integer, found \"many\"");
}

TEST(YamlInclude, ModuleInTwoFilesIsLoadedTwice) {
  TempConfigDir dir;
  dir.write("base.yaml", "modules: [tm]\n");
  EXPECT_EQ(kemid::testing::yamlError(dir, "include: base.yaml\nmodules: [sl, tm]\n"),
            "kemid.yaml:2:15: modules[1]: module 'tm' is already loaded (at base.yaml:1)");
}

TEST(YamlInclude, MissingFile) {
  TempConfigDir dir;
  // The file name as written, then where it was looked for.
  EXPECT_EQ(kemid::testing::yamlError(dir, "include:\n  - conf.d/nothere.yaml\n"),
            "kemid.yaml:2:5: cannot open included file 'conf.d/nothere.yaml' "
            "(conf.d/nothere.yaml): No such file or directory");
}

TEST(YamlInclude, Loop) {
  TempConfigDir dir;
  dir.write("a.yaml", "include: b.yaml\n");
  dir.write("b.yaml", "core: {}\ninclude: a.yaml\n");
  EXPECT_EQ(kemid::testing::yamlError(dir, "include: a.yaml\n"),
            "b.yaml:2:10: include loop: kemid.yaml -> a.yaml -> b.yaml -> a.yaml");
}

TEST(YamlInclude, FileIncludingItself) {
  TempConfigDir dir;
  EXPECT_EQ(kemid::testing::yamlError(dir, "include: [kemid.yaml]\n"),
            "kemid.yaml:1:11: include loop: kemid.yaml -> kemid.yaml");
}

TEST(YamlInclude, SameFileTwiceIsNotALoop) {
  TempConfigDir dir;
  dir.write("common.yaml", "core: {debug: 1}\n");
  dir.write("a.yaml", "include: common.yaml\n");
  Config config =
      loadConfigFile(dir.write("kemid.yaml", "include: [a.yaml, common.yaml]\ncore: {port: 1}\n"));
  EXPECT_EQ(config.core.debug, 1);
}

TEST(YamlInclude, TooDeep) {
  TempConfigDir dir;
  for (int i = 0; i < 12; ++i) {
    dir.write("f" + std::to_string(i) + ".yaml", "include: f" + std::to_string(i + 1) + ".yaml\n");
  }
  dir.write("f12.yaml", "core: {}\n");
  EXPECT_EQ(kemid::testing::yamlError(dir, "include: f0.yaml\n"),
            "f9.yaml:1:10: include files are nested deeper than 10 levels");
}

TEST(YamlInclude, IncludeIsAFileName) {
  TempConfigDir dir;
  EXPECT_EQ(kemid::testing::yamlError(dir, "include: {file: a.yaml}\n"),
            "kemid.yaml:1:10: include: expected a file name, found a map");
  EXPECT_EQ(kemid::testing::yamlError(dir, "include: ''\n"),
            "kemid.yaml:1:10: include: empty file name");
}

}  // namespace
}  // namespace kemid
