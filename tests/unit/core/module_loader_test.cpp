#include "core/module_loader.h"

#include <Poco/Dynamic/Var.h>
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "core/config_error.h"
#include "core/kemi_registry.h"
#include "core/rpc_registry.h"
#include "plugins/event_log.h"

namespace kemid {
namespace {

namespace fs = std::filesystem;

const std::string kModuleDir = KEMID_TEST_MODULE_DIR;
const std::string kExtraDir = KEMID_TEST_MODULE_EXTRA_DIR;

std::string moduleFile(const std::string& name) {
  return kModuleDir + "/" + name + ".so";
}

SourceLocation line(int n) {
  return {"kemid.cfg", n, 1};
}

// A loadmodule as the cfg frontend would produce it: `path` as written.
ModuleEntry loadmodule(std::string name, int at, std::string path = {},
                       std::vector<ModuleParam> params = {}) {
  if (path.empty()) path = name;
  return {std::move(name), std::move(path), std::move(params), line(at)};
}

ModuleParam modparam(std::string name, ParamValue value, int at) {
  return {std::move(name), std::move(value), line(at)};
}

Config configWith(std::vector<ModuleEntry> modules) {
  Config config;
  config.sourceFile = "kemid.cfg";
  config.modules = std::move(modules);
  return config;
}

// Whether the dynamic linker still has `file` mapped in this process.
bool isLoaded(const std::string& file) {
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  dlclose(handle);
  return true;
}

// A directory of its own for one test, removed afterwards.
class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("kemid_core_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

class ModuleLoaderTest : public ::testing::Test {
 protected:
  ModuleLoaderTest() { set_->host().publishApi<test::EventLog>(log_); }

  // The ConfigError of `action`; fails the test when none is thrown.
  template <class Action>
  ConfigError configError(Action action) {
    try {
      action();
    } catch (const ConfigError& e) {
      return e;
    }
    ADD_FAILURE() << "no ConfigError";
    return ConfigError({}, "");
  }

  ConfigError loadError(const Config& config, const std::vector<std::string>& dirs = {kModuleDir}) {
    return configError([&] { set_->load(config, dirs); });
  }

  // The file `path` resolves to, loading it as the only module.
  std::string resolve(const std::string& name, const std::string& path,
                      const std::vector<std::string>& dirs) {
    set_->load(configWith({loadmodule(name, 1, path)}), dirs);
    return set_->modules().at(0)->file;
  }

  const std::vector<std::string>& events() const { return log_.events; }

  // Declared before the set: it outlives every module's hooks and unloading.
  test::EventLog log_;
  KemiRegistry kemi_;
  RpcRegistry rpc_;
  std::unique_ptr<ModuleSet> set_ = std::make_unique<ModuleSet>(kemi_, rpc_);
};

using Events = std::vector<std::string>;

// ---- the search path ---------------------------------------------------------

TEST(ModuleSearchPath, SplitsMpathAtColons) {
  Config config;
  config.core.mpath = "/a:/b/::/c";
  EXPECT_EQ(moduleSearchPath(config, "/default"), (std::vector<std::string>{"/a", "/b/", "/c"}));
}

TEST(ModuleSearchPath, FallsBackToTheDefaultDirectory) {
  Config config;
  EXPECT_EQ(moduleSearchPath(config, "/default"), (std::vector<std::string>{"/default"}));
  config.core.mpath = ":";
  EXPECT_EQ(moduleSearchPath(config, "/default"), (std::vector<std::string>{"/default"}));
}

TEST_F(ModuleLoaderTest, FindsABareName) {
  EXPECT_EQ(resolve("goodmod", "goodmod", {kModuleDir}), moduleFile("goodmod"));
}

TEST_F(ModuleLoaderTest, FindsANameWithSo) {
  EXPECT_EQ(resolve("goodmod", "goodmod.so", {kModuleDir + "/"}), moduleFile("goodmod"));
}

TEST_F(ModuleLoaderTest, FindsANameInItsOwnSubdirectory) {
  EXPECT_EQ(resolve("subdirmod", "subdirmod", {kModuleDir}),
            kModuleDir + "/subdirmod/subdirmod.so");
}

TEST_F(ModuleLoaderTest, FindsANameWithSoInItsOwnSubdirectory) {
  EXPECT_EQ(resolve("subdirmod", "subdirmod.so", {kModuleDir}),
            kModuleDir + "/subdirmod/subdirmod.so");
}

TEST_F(ModuleLoaderTest, SearchesEveryMpathDirectoryInOrder) {
  TempDir shadow;
  fs::create_symlink(moduleFile("goodmod"), shadow.file("goodmod.so"));
  set_->load(
      configWith({loadmodule("extramod", 1), loadmodule("goodmod", 2), loadmodule("secondmod", 3)}),
      {kExtraDir, shadow.path(), kModuleDir});
  ASSERT_EQ(set_->modules().size(), 3u);
  EXPECT_EQ(set_->modules()[0]->file, kExtraDir + "/extramod.so");
  EXPECT_EQ(set_->modules()[1]->file, shadow.file("goodmod.so"));  // first hit wins
  EXPECT_EQ(set_->modules()[2]->file, moduleFile("secondmod"));
}

TEST_F(ModuleLoaderTest, UsesAnAbsolutePathAsIs) {
  EXPECT_EQ(resolve("goodmod", moduleFile("goodmod"), {"/nonexistent"}), moduleFile("goodmod"));
}

TEST_F(ModuleLoaderTest, TriesARelativePathWithSlashFromTheWorkingDirectory) {
  const std::string relative = fs::relative(moduleFile("goodmod")).string();
  ASSERT_NE(relative.find('/'), std::string::npos);
  EXPECT_EQ(resolve("goodmod", relative, {"/nonexistent"}), relative);
}

TEST_F(ModuleLoaderTest, TriesARelativePathWithSlashUnderEachDirectory) {
  const std::string parent = fs::path(kModuleDir).parent_path().string();
  const std::string inDir = fs::path(kModuleDir).filename().string() + "/goodmod.so";
  EXPECT_EQ(resolve("goodmod", inDir, {"/nonexistent", parent}), parent + "/" + inDir);
}

// ---- refusals at load --------------------------------------------------------

TEST_F(ModuleLoaderTest, ReportsAModuleNotFoundWithTheDirectoriesSearched) {
  ConfigError e = loadError(configWith({loadmodule("nosuch", 4)}), {"/a", "/b"});
  EXPECT_EQ(e.text(), "module 'nosuch' not found in /a:/b");
  EXPECT_STREQ(e.what(), "kemid.cfg:4:1: module 'nosuch' not found in /a:/b");

  EXPECT_EQ(loadError(configWith({loadmodule("nosuch", 4, "mods/nosuch.so")}), {"/a"}).text(),
            "module 'mods/nosuch.so' not found in .:/a");
}

TEST_F(ModuleLoaderTest, ReportsAFileThatDoesNotOpenWithDlerrorText) {
  ConfigError e = loadError(configWith({loadmodule("sl", 5, "/nonexistent/sl.so")}));
  EXPECT_EQ(e.where(), line(5));
  EXPECT_TRUE(e.text().starts_with("cannot open module '/nonexistent/sl.so': ")) << e.text();
  EXPECT_NE(e.text().find("No such file or directory"), std::string::npos) << e.text();

  TempDir dir;
  std::ofstream(dir.file("bogus.so")) << "not an ELF object\n";
  e = loadError(configWith({loadmodule("bogus", 6)}), {dir.path()});
  EXPECT_TRUE(e.text().starts_with("cannot open module '" + dir.file("bogus.so") + "': "))
      << e.text();
  EXPECT_GT(e.text().size(), ("cannot open module '" + dir.file("bogus.so") + "': ").size());
}

TEST_F(ModuleLoaderTest, RefusesASharedObjectWithoutEntryPoint) {
  ConfigError e = loadError(configWith({loadmodule("noentry", 3)}));
  EXPECT_EQ(e.text(), "'" + moduleFile("noentry") +
                          "' is not a kemid module: no kemid_module_descriptor symbol");
  EXPECT_EQ(e.where(), line(3));
}

TEST_F(ModuleLoaderTest, RefusesAnotherAbiVersion) {
  ConfigError e = loadError(configWith({loadmodule("otherabi", 8)}));
  EXPECT_EQ(e.text(), "module 'otherabi' was built for module ABI 7, kemid uses ABI " +
                          std::to_string(kModuleAbiVersion));
  EXPECT_EQ(e.where(), line(8));
}

TEST_F(ModuleLoaderTest, RefusesAFileThatDeclaresAnotherModule) {
  ConfigError e = loadError(configWith({loadmodule("wrongname", 2)}));
  EXPECT_EQ(e.text(),
            "'" + moduleFile("wrongname") + "' declares module 'rightname', not 'wrongname'");
  EXPECT_EQ(e.where(), line(2));
}

TEST_F(ModuleLoaderTest, RefusesAModuleLoadedTwice) {
  ConfigError e = loadError(configWith({loadmodule("goodmod", 3), loadmodule("secondmod", 4),
                                        loadmodule("goodmod", 9, "goodmod.so")}));
  EXPECT_EQ(e.text(), "module 'goodmod' is loaded twice (first at kemid.cfg:3:1)");
  EXPECT_EQ(e.where(), line(9));
}

TEST_F(ModuleLoaderTest, RefusesTheSameFileLoadedTwiceUnderAnotherName) {
  TempDir dir;
  fs::create_symlink(moduleFile("goodmod"), dir.file("alias.so"));
  ConfigError e = loadError(configWith({loadmodule("goodmod", 3), loadmodule("alias", 5)}),
                            {kModuleDir, dir.path()});
  EXPECT_EQ(e.text(),
            "module file '" + dir.file("alias.so") + "' is loaded twice (first at kemid.cfg:3:1)");
  EXPECT_EQ(e.where(), line(5));
}

TEST_F(ModuleLoaderTest, ParameterErrorsNameTheModparamLine) {
  ConfigError e = loadError(configWith({loadmodule(
      "goodmod", 3, "", {modparam("count", std::int64_t{2}, 10), modparam("greting", "hi", 11)})}));
  EXPECT_EQ(e.text(), "module 'goodmod' has no parameter 'greting' (did you mean 'greeting'?)");
  EXPECT_EQ(e.where(), line(11));

  e = loadError(configWith({loadmodule("goodmod", 3, "", {modparam("count", "2", 12)})}));
  EXPECT_EQ(e.text(),
            "parameter 'count' of module 'goodmod' expects an integer, found string \"2\"");
  EXPECT_EQ(e.where(), line(12));

  e = loadError(
      configWith({loadmodule("goodmod", 3, "", {modparam("count", std::int64_t{256}, 13)})}));
  EXPECT_EQ(e.text(), "parameter 'count' of module 'goodmod' must be between 0 and 255, found 256");
  EXPECT_EQ(e.where(), line(13));
}

TEST_F(ModuleLoaderTest, AppliesParametersInConfigOrder) {
  set_->load(configWith({loadmodule(
                 "goodmod", 3, "",
                 {modparam("load", "a.lua", 4), modparam("count", std::int64_t{2}, 5),
                  modparam("load", "b.lua", 6), modparam("count", std::int64_t{3}, 7)})}),
             {kModuleDir});
  const ModuleParams& params = set_->modules().at(0)->params;
  EXPECT_EQ(params.getInt("count"), 3);
  EXPECT_EQ(params.getString("greeting"), "hello");
  auto loads = params.getAll("load");
  ASSERT_EQ(loads.size(), 2u);
  EXPECT_EQ(loads[0], ParamValue("a.lua"));
  EXPECT_EQ(loads[1], ParamValue("b.lua"));
}

TEST_F(ModuleLoaderTest, LeavesNothingLoadedAfterAFailure) {
  const Config failing[] = {
      configWith({loadmodule("goodmod", 1), loadmodule("secondmod", 2), loadmodule("noentry", 3)}),
      configWith({loadmodule("goodmod", 1), loadmodule("secondmod", 2), loadmodule("otherabi", 3)}),
      configWith(
          {loadmodule("goodmod", 1), loadmodule("secondmod", 2, "", {modparam("x", "y", 3)})}),
      configWith({loadmodule("goodmod", 1), loadmodule("nosuch", 2)}),
  };
  for (const Config& config : failing) {
    loadError(config);
    EXPECT_TRUE(set_->modules().empty());
    for (const char* name : {"goodmod", "secondmod", "noentry", "otherabi"}) {
      EXPECT_FALSE(isLoaded(moduleFile(name))) << name;
    }
  }
  // Nothing was initialised, so nothing ran.
  EXPECT_TRUE(events().empty());
}

// ---- init: hooks, KEMI and RPC -------------------------------------------------

class InitTest : public ModuleLoaderTest {
 protected:
  void loadAndInit(std::vector<ModuleEntry> modules) {
    config_ = configWith(std::move(modules));
    set_->load(config_, {kModuleDir});
    set_->init(config_);
  }

  Config config_;
};

TEST_F(InitTest, RegistersKemiFunctionsThatComputeFromTheParameters) {
  loadAndInit({loadmodule("goodmod", 1, "",
                          {modparam("greeting", "hi", 2), modparam("count", std::int64_t{2}, 3),
                           modparam("load", "a.lua", 4), modparam("load", "b.lua", 5)}),
               loadmodule("secondmod", 6)});

  EXPECT_EQ(kemi_.modules(), (std::vector<std::string>{"goodmod", "secondmod"}));
  const KemiExport* greet = kemi_.find("goodmod", "greet");
  ASSERT_NE(greet, nullptr);
  EXPECT_EQ(greet->state, set_->modules()[0]->state.get());
  EXPECT_EQ(greet->def->returns, KemiType::Str);
  EXPECT_EQ(greet->def->paramCount(), 1u);

  const KemiArg name[] = {std::string_view("bob")};
  KemiCall call{nullptr, greet->state, name};
  EXPECT_EQ(greet->def->handler(call), KemiValue(std::string("hi hi, bob")));

  const KemiExport* add = kemi_.find("goodmod", "add");
  ASSERT_NE(add, nullptr);
  const KemiArg forty[] = {std::int64_t{40}};
  KemiCall addCall{nullptr, add->state, forty};
  EXPECT_EQ(add->def->handler(addCall), KemiValue(std::int64_t{42}));

  const KemiExport* loads = kemi_.find("goodmod", "loads");
  ASSERT_NE(loads, nullptr);
  KemiCall loadsCall{nullptr, loads->state, {}};
  EXPECT_EQ(loads->def->handler(loadsCall), KemiValue(std::string("a.lua,b.lua")));

  const KemiExport* second = kemi_.find("secondmod", "name");
  ASSERT_NE(second, nullptr);
  KemiCall secondCall{nullptr, second->state, {}};
  EXPECT_EQ(second->def->handler(secondCall), KemiValue(std::string("secondmod")));
}

TEST_F(InitTest, RegistersRpcCommands) {
  loadAndInit({loadmodule("goodmod", 1, "", {modparam("count", std::int64_t{7}, 2)}),
               loadmodule("secondmod", 3)});
  EXPECT_EQ(rpc_.names(), (std::vector<std::string>{"goodmod.info", "secondmod.ping"}));

  const RpcRegistry::Command* info = rpc_.find("goodmod.info");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->state, set_->modules()[0]->state.get());
  Poco::Dynamic::Var result;
  RpcFault fault{0, ""};
  RpcCall call{info->state, {}, &result, &fault};
  info->def->handler(call);
  EXPECT_EQ(fault.code, 0);
  EXPECT_EQ(result.convert<std::int64_t>(), 7);

  const Poco::Dynamic::Var params[] = {1};
  RpcCall withParams{info->state, params, &result, &fault};
  info->def->handler(withParams);
  EXPECT_EQ(fault.code, 400);
}

TEST_F(InitTest, RunsHooksInLoadOrderAndShutdownInReverse) {
  loadAndInit({loadmodule("goodmod", 1), loadmodule("secondmod", 2)});
  EXPECT_EQ(events(), (Events{"init goodmod", "init secondmod"}));

  set_->initWorker(0);
  set_->initWorker(1);
  set_->start();  // secondmod has no start hook
  set_->shutdown();
  set_->shutdown();  // once only
  EXPECT_EQ(events(), (Events{"init goodmod", "init secondmod", "worker 0 goodmod",
                              "worker 0 secondmod", "worker 1 goodmod", "worker 1 secondmod",
                              "start goodmod", "shutdown secondmod", "shutdown goodmod"}));

  log_.events.clear();
  set_.reset();
  // Every state is destroyed before any .so is closed.
  EXPECT_EQ(events(),
            (Events{"destroy secondmod", "destroy goodmod", "unload secondmod", "unload goodmod"}));
  EXPECT_FALSE(isLoaded(moduleFile("goodmod")));
  EXPECT_FALSE(isLoaded(moduleFile("secondmod")));
}

TEST_F(InitTest, DestructorShutsDownAnInitialisedSet) {
  loadAndInit({loadmodule("goodmod", 1), loadmodule("secondmod", 2)});
  log_.events.clear();
  set_.reset();
  EXPECT_EQ(events(), (Events{"shutdown secondmod", "shutdown goodmod", "destroy secondmod",
                              "destroy goodmod", "unload secondmod", "unload goodmod"}));
}

TEST_F(InitTest, DestructorOfASetNeverInitialisedRunsNoHooks) {
  set_->load(configWith({loadmodule("goodmod", 1), loadmodule("secondmod", 2)}), {kModuleDir});
  ASSERT_TRUE(isLoaded(moduleFile("goodmod")));
  set_.reset();
  EXPECT_TRUE(events().empty());
  EXPECT_FALSE(isLoaded(moduleFile("goodmod")));
  EXPECT_FALSE(isLoaded(moduleFile("secondmod")));
}

TEST_F(InitTest, AFailingWorkerHookNamesTheModule) {
  loadAndInit({loadmodule("secondmod", 1),
               loadmodule("goodmod", 2, "", {modparam("max_workers", std::int64_t{2}, 3)})});
  set_->initWorker(1);
  try {
    set_->initWorker(2);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "module 'goodmod' failed to initialise worker 2: worker 2 exceeds max_workers 2");
  }
}

TEST_F(InitTest, AFailingStartHookNamesTheModule) {
  loadAndInit({loadmodule("goodmod", 1, "", {modparam("refuse_start", std::int64_t{1}, 2)})});
  try {
    set_->start();
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "module 'goodmod' failed to start: refuse_start is set");
  }
}

// What a set must leave behind after a failed init: the registries as they
// were, no module, no .so mapped, no API of an unloaded module.
class InitFailureTest : public InitTest {
 protected:
  static KemiValue coreEcho(KemiCall&) { return std::monostate{}; }
  static void coreVersion(RpcCall&) {}
  static constexpr KemiFunctionDef kCoreKemi[] = {
      {.name = "echo", .returns = KemiType::None, .params = {}, .handler = &coreEcho},
  };
  static constexpr RpcCommandDef kCoreRpc[] = {
      {.name = "core.version", .help = "", .handler = &coreVersion},
  };

  InitFailureTest() {
    kemi_.addModule("", kCoreKemi, nullptr);
    rpc_.add(kCoreRpc, nullptr);
  }

  ConfigError initError(std::vector<ModuleEntry> modules) {
    config_ = configWith(std::move(modules));
    set_->load(config_, {kModuleDir});
    return configError([&] { set_->init(config_); });
  }

  void expectNothingLeft() {
    EXPECT_EQ(kemi_.modules(), (std::vector<std::string>{""}));
    EXPECT_EQ(kemi_.all().size(), 1u);
    EXPECT_NE(kemi_.find("", "echo"), nullptr);
    EXPECT_EQ(rpc_.names(), (std::vector<std::string>{"core.version"}));
    EXPECT_TRUE(set_->modules().empty());
    EXPECT_EQ(set_->host().findApi<test::EventLog>(), nullptr);
    for (const char* name : {"goodmod", "secondmod", "failinit"}) {
      EXPECT_FALSE(isLoaded(moduleFile(name))) << name;
    }
  }
};

TEST_F(InitFailureTest, AFailingInitHookIsAConfigErrorAtItsLoadmodule) {
  ConfigError e =
      initError({loadmodule("goodmod", 1), loadmodule("failinit", 2), loadmodule("secondmod", 3)});
  EXPECT_EQ(e.text(), "module 'failinit' failed to initialise: database unreachable");
  EXPECT_EQ(e.where(), line(2));
  // The failed module's state is gone with its hook; the modules initialised
  // before it are shut down; the ones after it never ran.
  EXPECT_EQ(events(), (Events{"init goodmod", "init failinit", "destroy failinit",
                              "shutdown goodmod", "destroy goodmod", "unload goodmod"}));
  expectNothingLeft();
  set_.reset();
  EXPECT_EQ(events().size(), 6u);
}

TEST_F(InitFailureTest, ARpcNameTakenIsAConfigErrorAtTheLoadmodule) {
  static constexpr RpcCommandDef kClash[] = {
      {.name = "secondmod.ping", .help = "", .handler = &coreVersion},
  };
  rpc_.add(kClash, nullptr);
  ConfigError e = initError({loadmodule("goodmod", 1), loadmodule("secondmod", 4)});
  EXPECT_EQ(e.text(), "RPC command 'secondmod.ping' registered twice");
  EXPECT_EQ(e.where(), line(4));
  EXPECT_EQ(events(),
            (Events{"init goodmod", "init secondmod", "shutdown secondmod", "shutdown goodmod",
                    "destroy secondmod", "destroy goodmod", "unload secondmod", "unload goodmod"}));
  EXPECT_EQ(rpc_.names(), (std::vector<std::string>{"core.version", "secondmod.ping"}));
  EXPECT_EQ(kemi_.modules(), (std::vector<std::string>{""}));
  EXPECT_TRUE(set_->modules().empty());
}

TEST_F(InitFailureTest, AKemiModuleTakenIsAConfigErrorAtTheLoadmodule) {
  kemi_.addModule("goodmod", kCoreKemi, nullptr);
  ConfigError e = initError({loadmodule("secondmod", 1), loadmodule("goodmod", 2)});
  EXPECT_EQ(e.text(), "KEMI module 'goodmod' registered twice");
  EXPECT_EQ(e.where(), line(2));
  EXPECT_EQ(kemi_.modules(), (std::vector<std::string>{"", "goodmod"}));
  EXPECT_EQ(kemi_.find("secondmod", "name"), nullptr);
  EXPECT_EQ(rpc_.names(), (std::vector<std::string>{"core.version"}));
  EXPECT_TRUE(set_->modules().empty());
}

}  // namespace
}  // namespace kemid
