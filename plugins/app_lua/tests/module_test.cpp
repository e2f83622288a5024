// app_lua as the host sees it: the init hook (load order, path resolution,
// refusals), the engine and API it registers, its RPC commands and its own
// KEMI functions, through its descriptor, and once through
// the real module loader.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <sstream>

#include "app_lua_api.h"
#include "core/log.h"
#include "core/module_host.h"
#include "core/module_loader.h"
#include "core/module_params.h"
#include "core/route_engine.h"
#include "core/rpc_registry.h"
#include "fake_modules.h"
#include "support/plugin_harness.h"

namespace kemid::app_lua::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using ::kemid::test::RpcOutcome;

std::string toJson(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

// Restores the working directory when it goes out of scope.
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const fs::path& dir) : previous_(fs::current_path()) {
    fs::current_path(dir);
  }
  ~WorkingDirectory() { fs::current_path(previous_); }

 private:
  fs::path previous_;
};

class AppLuaModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::toStderr();
    logging::setLevel(static_cast<int>(LogLevel::Warn));
    registerFakeModules(registry_);
    recorded().clear();
  }

  const ModuleDescriptor& descriptor() { return *kemid_module_descriptor(); }

  // Runs the init hook as the loader does, then registers app_lua's KEMI
  // functions and RPC commands.
  HookResult init(const std::vector<std::string>& loads, std::int64_t reload = 1) {
    for (const auto& load : loads) plugin_.setParam("load", load);
    plugin_.setParam("reload", reload);
    HookResult result = plugin_.init();
    if (!result.ok()) return result;
    registry_.addModule("app_lua", descriptor().kemi, plugin_.state());
    rpc_.add(descriptor().rpc, plugin_.state());
    return result;
  }

  RouteEngine& engine() {
    RouteEngine* e = host_.routeEngine("lua");
    EXPECT_NE(e, nullptr);
    return *e;
  }

  RpcOutcome rpc(std::string_view name, std::vector<Poco::Dynamic::Var> params = {}) {
    const RpcRegistry::Command* command = rpc_.find(name);
    EXPECT_NE(command, nullptr) << name;
    RpcOutcome out;
    RpcCall call{command->state, params, &out.result, &out.fault};
    command->def->handler(call);
    return out;
  }

  std::vector<std::string> runRoute(std::string_view name = "route") {
    recorded().clear();
    EXPECT_EQ(engine().run(name, ctx_), RouteOutcome::Completed);
    return recorded();
  }

  TempDir dir_;
  ::kemid::test::PluginHarness plugin_{*kemid_module_descriptor()};
  KemiRegistry& registry_ = plugin_.kemi();
  RpcRegistry& rpc_ = plugin_.rpc();
  ModuleHost& host_ = plugin_.host();
  Config& config_ = plugin_.config();
  MessageContext ctx_;
};

TEST_F(AppLuaModuleTest, RegistersTheLuaEngineAndTheApi) {
  const std::string script = dir_.write("route.lua", "function route() KSR.fake.record('r') end");
  ASSERT_TRUE(init({script}).ok());
  EXPECT_THAT(runRoute(), ElementsAre("r"));
  auto* api = host_.findApi<AppLuaApi>();
  ASSERT_NE(api, nullptr);
  EXPECT_TRUE(api->reload().ok());
}

TEST_F(AppLuaModuleTest, AMissingFileFailsInitNamingIt) {
  const HookResult result = init({"nowhere/absent.lua"});
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result.error, HasSubstr("'nowhere/absent.lua' not found"));
  EXPECT_EQ(host_.routeEngine("lua"), nullptr);
}

TEST_F(AppLuaModuleTest, ASyntaxErrorFailsInitWithFileAndLine) {
  const std::string script = dir_.write("bad.lua", "x = 1\nfunction f(\n");
  const HookResult result = init({script});
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result.error, HasSubstr(script + ":3:"));
  EXPECT_EQ(host_.routeEngine("lua"), nullptr);
}

TEST_F(AppLuaModuleTest, TheLastDeclaredScriptRunsFirst) {
  const std::string a = dir_.write("a.lua",
                                   "order = (order or '') .. 'a'\n"
                                   "function route() KSR.fake.record(order) end");
  const std::string b = dir_.write("b.lua", "order = (order or '') .. 'b'");
  ASSERT_TRUE(init({a, b}).ok());
  EXPECT_THAT(runRoute(), ElementsAre("ba"));
  EXPECT_EQ(toJson(rpc("app_lua.list").result), "[\"0: [" + b + "]\",\"1: [" + a + "]\"]");
}

TEST_F(AppLuaModuleTest, RelativePathsAsGivenThenBesideTheConfigFile) {
  dir_.write("etc/route.lua", "function route() KSR.fake.record('beside config') end");
  dir_.write("etc/both.lua", "function route() KSR.fake.record('beside config') end");
  dir_.write("cwd/both.lua", "function route() KSR.fake.record('in cwd') end");
  config_.sourceFile = (dir_.path() / "etc" / "kemid.cfg").string();
  WorkingDirectory cwd(dir_.path() / "cwd");

  ASSERT_TRUE(init({"route.lua"}).ok());
  EXPECT_THAT(runRoute(), ElementsAre("beside config"));
  EXPECT_EQ(rpc("app_lua.list").result.toString(),
            "0: [" + (dir_.path() / "etc" / "route.lua").string() + "]");
}

TEST_F(AppLuaModuleTest, ARelativePathFoundInTheWorkingDirectoryWins) {
  dir_.write("etc/both.lua", "function route() KSR.fake.record('beside config') end");
  dir_.write("cwd/both.lua", "function route() KSR.fake.record('in cwd') end");
  config_.sourceFile = (dir_.path() / "etc" / "kemid.cfg").string();
  WorkingDirectory cwd(dir_.path() / "cwd");

  ASSERT_TRUE(init({"both.lua"}).ok());
  EXPECT_THAT(runRoute(), ElementsAre("in cwd"));
}

TEST_F(AppLuaModuleTest, WorkerInitBuildsTheStateAndReportsLoadErrors) {
  const std::string script = dir_.write("route.lua", "error('top level')");
  ASSERT_TRUE(init({script}).ok());
  ::testing::internal::CaptureStderr();
  const HookResult result = descriptor().initWorker(plugin_.state(), 0);
  ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result.error, HasSubstr(script + ":1: top level"));
}

TEST_F(AppLuaModuleTest, RpcReload) {
  const std::string script = dir_.write("route.lua", "function route() KSR.fake.record('v1') end");
  ASSERT_TRUE(init({script}).ok());
  EXPECT_THAT(runRoute(), ElementsAre("v1"));

  dir_.write("route.lua", "function route() KSR.fake.record('v2') end");
  RpcOutcome ok = rpc("app_lua.reload");
  EXPECT_EQ(ok.fault.code, 0);
  EXPECT_TRUE(ok.result.isEmpty());
  EXPECT_THAT(runRoute(), ElementsAre("v2"));

  dir_.write("route.lua", "function route() KSR.fake.record('v3') end");
  EXPECT_EQ(rpc("app_lua.reload", {0}).fault.code, 0);
  EXPECT_THAT(runRoute(), ElementsAre("v3"));

  ::testing::internal::CaptureStderr();
  RpcOutcome badIndex = rpc("app_lua.reload", {5});
  dir_.write("route.lua", "function route(\n");
  RpcOutcome syntax = rpc("app_lua.reload");
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(badIndex.fault.code, 500);
  EXPECT_EQ(badIndex.fault.message, "Reload Failed");
  EXPECT_EQ(syntax.fault.code, 500);
  EXPECT_THAT(syntax.fault.message, StartsWith("Reload Failed: " + script + ":2:"));
  EXPECT_THAT(runRoute(), ElementsAre("v3"));
}

TEST_F(AppLuaModuleTest, RpcReloadRefusedWhenDisabled) {
  const std::string script = dir_.write("route.lua", "function route() end");
  ASSERT_TRUE(init({script}, 0).ok());
  ::testing::internal::CaptureStderr();
  RpcOutcome out = rpc("app_lua.reload");
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("reload is disabled"));
  EXPECT_EQ(out.fault.code, 500);
  EXPECT_EQ(out.fault.message, "Reload Failed");
  EXPECT_FALSE(host_.findApi<AppLuaApi>()->reload().ok());
}

TEST_F(AppLuaModuleTest, RpcListWithoutScripts) {
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(init({}).ok());
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rpc("app_lua.list").result.toString(), "No scripts loaded");
  EXPECT_EQ(rpc("app_lua.reload").fault.code, 500);
}

TEST_F(AppLuaModuleTest, RpcApiList) {
  const std::string script = dir_.write("route.lua", "");
  ASSERT_TRUE(init({script}).ok());
  RpcOutcome out = rpc("app_lua.api_list");
  EXPECT_EQ(out.fault.code, 0);
  const std::string json = toJson(out.result);
  EXPECT_THAT(json, StartsWith("{\"msize\":" + std::to_string(registry_.all().size()) +
                               ",\"methods\":[{\"func\":{\"ret\":\"none\",\"module\":\"\","
                               "\"name\":\"info\",\"params\":\"str\"}}"));
  EXPECT_THAT(json, HasSubstr("{\"func\":{\"ret\":\"int\",\"module\":\"fake\",\"name\":\"six\","
                              "\"params\":\"int, str, int, str, int, str\"}}"));
  EXPECT_THAT(json, HasSubstr("{\"func\":{\"ret\":\"int\",\"module\":\"\",\"name\":\"noparams\","
                              "\"params\":\"none\"}}"));
  EXPECT_THAT(json, HasSubstr("\"module\":\"app_lua\",\"name\":\"run_p3\""));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("\"exit\"")));  // KSR.x is not listed
}

TEST_F(AppLuaModuleTest, KsrAppLuaFunctions) {
  const std::string extra = dir_.write("extra.lua", "KSR.fake.record('dofile ' .. tostring(g))");
  const std::string script = dir_.write("route.lua", R"lua(
g = 'global'
function helper(a, b, c) KSR.fake.record(table.concat({a or '-', b or '-', c or '-'}, ',')) end
function exiter() KSR.x.exit() end
function route()
  local r = {}
  r[#r + 1] = KSR.app_lua.run('helper')
  r[#r + 1] = KSR.app_lua.run_p1('helper', 'a')
  r[#r + 1] = KSR.app_lua.run_p2('helper', 'a', 'b')
  r[#r + 1] = KSR.app_lua.run_p3('helper', 'a', 'b', 3)
  r[#r + 1] = KSR.app_lua.run('exiter')
  r[#r + 1] = KSR.app_lua.run('nosuch')
  r[#r + 1] = KSR.app_lua.runstring("KSR.fake.record('runstring ' .. g)")
  r[#r + 1] = KSR.app_lua.dostring("KSR.fake.record('dostring ' .. tostring(g))")
  r[#r + 1] = KSR.app_lua.dostring("error('x')")
  r[#r + 1] = KSR.app_lua.dofile(')lua" + extra + R"lua(')
  KSR.fake.record(table.concat(r, ' '))
end
)lua");
  ASSERT_TRUE(init({script}).ok());
  ::testing::internal::CaptureStderr();
  const auto calls = runRoute();
  ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(calls, ElementsAre("-,-,-", "a,-,-", "a,b,-", "a,b,3", "runstring global",
                                 "dostring nil", "dofile nil", "1 1 1 1 1 -1 1 1 -1 1"));
}

// The whole path once: app_lua.so through the real loader.
TEST_F(AppLuaModuleTest, LoadsThroughTheModuleLoader) {
  const std::string script =
      dir_.write("route.lua",
                 "function ksr_request_route()\n"
                 "  KSR.fake.record(tostring(KSR.app_lua.run_p1('helper', 'x')))\n"
                 "end\n"
                 "function helper(a) KSR.fake.record(a) end\n");
  Config config;
  config.sourceFile = (dir_.path() / "kemid.cfg").string();
  config.modules.push_back(
      {"app_lua", "app_lua.so", {{"load", std::string("route.lua"), {}}}, {"kemid.cfg", 1, 1}});
  KemiRegistry registry;
  RpcRegistry rpc;
  registerFakeModules(registry);
  {
    ModuleSet modules(registry, rpc);
    modules.load(config, {KEMID_MODULE_OUTPUT_DIR});
    modules.init(config);
    modules.initWorker(0);
    RouteEngine* lua = modules.host().routeEngine("lua");
    ASSERT_NE(lua, nullptr);
    recorded().clear();
    EXPECT_EQ(lua->run("ksr_request_route", ctx_), RouteOutcome::Completed);
    EXPECT_THAT(recorded(), ElementsAre("x", "1"));
    EXPECT_NE(rpc.find("app_lua.reload"), nullptr);
    EXPECT_NE(modules.host().findApi<AppLuaApi>(), nullptr);
    modules.shutdown();
  }
  EXPECT_EQ(script, (dir_.path() / "route.lua").string());
}

}  // namespace
}  // namespace kemid::app_lua::testing
