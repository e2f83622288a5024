// The route engine: outcomes, errors, per-thread states, reload, and the
// functions behind KSR.app_lua.*.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "lua_test_fixture.h"

namespace kemid::app_lua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using LuaEngineRun = LuaTest;

TEST_F(LuaEngineRun, RunsAFunctionWithTheMessage) {
  load({"function ksr_request_route() KSR.fake.record(KSR.fake.dsturi()) end"});
  ctx_.dstUri = "sip:x";
  EXPECT_EQ(engine().run("ksr_request_route", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("sip:x"));
}

TEST_F(LuaEngineRun, TheMessageIsOnlyThereDuringTheCall) {
  load({"function route() KSR.fake.record('in') end"});
  EXPECT_EQ(engine().run("route", ctx_), RouteOutcome::Completed);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().runString("KSR.fake.record('out')", nullptr), 1);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr("invalid Lua environment attributes or parameters"));
  EXPECT_THAT(recorded(), ElementsAre("in"));
}

TEST_F(LuaEngineRun, AMissingFunctionIsMissingAndNotLoggedAsAnError) {
  load({"x = 1"});
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().run("ksr_reply_route", ctx_), RouteOutcome::Missing);
  EXPECT_FALSE(engine().defines("ksr_reply_route"));
  EXPECT_FALSE(engine().defines("x"));  // a global, but not a function
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), Not(HasSubstr("ERROR")));
}

TEST_F(LuaEngineRun, AnEventCallbackGetsTheEventName) {
  load({"function on_event(name) KSR.fake.record(name) end"});
  EXPECT_EQ(engine().runEvent("on_event", "htable:mod-init", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("htable:mod-init"));
}

TEST_F(LuaEngineRun, AMissingEventCallbackIsAnError) {
  load({"x = 1"});
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().runEvent("ksr_htable_event", "htable:mod-init", ctx_), RouteOutcome::Missing);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr("no function 'ksr_htable_event' in the Lua scripts for the event "
                        "htable:mod-init"));
}

TEST_F(LuaEngineRun, DefinesSeesTheScriptFunctions) {
  load({"function ksr_request_route() end"});
  EXPECT_TRUE(engine().defines("ksr_request_route"));
}

TEST_F(LuaEngineRun, ARuntimeErrorIsLoggedWithFileLineAndTraceback) {
  load(
      {"function good() KSR.fake.record('good') end\n"
       "function bad()\n"
       "  local t = nil\n"
       "  t.x = 1\n"
       "end\n"});
  const std::string path = (dir_.path() / "s0.lua").string();
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().run("bad", ctx_), RouteOutcome::Failed);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr("ERROR: <app_lua> error from Lua: " + path + ":4: attempt to index"));
  EXPECT_THAT(log, HasSubstr("stack traceback:"));
  EXPECT_THAT(log, HasSubstr("error executing: bad"));
  EXPECT_THAT(engine().lastError(), HasSubstr(path + ":4:"));

  // The state stays usable, also after many failures.
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(engine().run("bad", ctx_), RouteOutcome::Failed);
  EXPECT_EQ(engine().run("good", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("good"));
}

TEST_F(LuaEngineRun, ErrorObjectsThatAreNotStrings) {
  load({"function t() error({}) end"});
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().run("t", ctx_), RouteOutcome::Failed);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr("error from Lua: (error object is a table value)"));
}

TEST_F(LuaEngineRun, AStrictGlobalTableDoesNotBreakLookups) {
  load({"setmetatable(_G, {__index = function(_, k) error('undefined ' .. k) end})"});
  EXPECT_EQ(engine().run("ksr_request_route", ctx_), RouteOutcome::Missing);
}

TEST_F(LuaEngineRun, ARouteCanRunAnotherFromInsideAKemiFunction) {
  static LuaEngine* current = nullptr;
  load(
      {"function outer() KSR.fake.record('outer1'); KSR.fake.reenter('inner');\n"
       "  KSR.fake.record('outer2') end\n"
       "function inner() KSR.fake.record('inner'); KSR.x.exit() end"});
  current = &engine();
  setReenterHook([](std::string_view name, MessageContext& ctx) {
    EXPECT_EQ(current->run(name, ctx), RouteOutcome::Completed);
  });
  EXPECT_EQ(engine().run("outer", ctx_), RouteOutcome::Completed);
  setReenterHook(nullptr);
  EXPECT_THAT(recorded(), ElementsAre("outer1", "inner", "outer2"));
}

TEST_F(LuaEngineRun, ScriptsRunInTheGivenOrder) {
  load({"order = (order or '') .. 'a'", "order = order .. 'b'"});
  EXPECT_EQ(show("order"), "string:ab");
}

TEST_F(LuaEngineRun, ATopLevelErrorFailsPrepareThread) {
  load({"function f() KSR.fake.record('f') end\nerror('broken at load')"});
  ::testing::internal::CaptureStderr();
  HookResult result = engine().prepareThread();
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result.error, HasSubstr("s0.lua:2: broken at load"));
  EXPECT_THAT(log, HasSubstr("s0.lua:2: broken at load"));
  // What was defined before the error is still there.
  EXPECT_EQ(engine().run("f", ctx_), RouteOutcome::Completed);
}

// A route that loops for good is aborted once it has used its instruction
// budget, with an error naming script and line; the thread goes on.
TEST_F(LuaEngineRun, AnEndlessLoopIsAbortedAndTheThreadGoesOn) {
  LuaEngine::Options options;
  options.limits.instructions = 1'000'000;
  load({"function spin()\n"
        "  while true do pcall(function() while true do end end) end\n"
        "end\n"
        "function fine() KSR.fake.record('fine') end\n"},
       options);
  const std::string path = (dir_.path() / "s0.lua").string();
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().run("spin", ctx_), RouteOutcome::Failed);
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr(path + ":2: the script ran more than 1000000 instructions"));
  EXPECT_EQ(engine().run("fine", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("fine"));
}

// At shutdown a callback stuck in a loop, with no instruction limit and
// behind pcall, is ended so that its worker can be joined; a short callback
// still completes. The interrupt may come before the loop starts: the loop
// is ended at its first check either way.
TEST_F(LuaEngineRun, InterruptEndsACallbackStuckInALoop) {
  LuaEngine::Options options;
  options.limits.instructions = 0;
  load({"function spin()\n"
        "  while true do pcall(function() while true do end end) end\n"
        "end\n"
        "function fine() KSR.fake.record('fine') end\n"},
       options);
  ::testing::internal::CaptureStderr();
  RouteOutcome outcome = RouteOutcome::Completed;
  std::thread worker([&] { outcome = engine().run("spin", ctx_); });
  engine().interrupt();
  worker.join();
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(outcome, RouteOutcome::Failed);
  EXPECT_THAT(log, HasSubstr("kemid is stopping: the script was interrupted"));
  EXPECT_EQ(engine().run("fine", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("fine"));
}

TEST_F(LuaEngineRun, MemoryPastTheLimitIsALuaError) {
  LuaEngine::Options options;
  options.limits.memoryBytes = 8 * 1024 * 1024;
  load({"function hog()\n"
        "  local t = {}\n"
        "  while true do t[#t + 1] = string.rep('x', 65536) .. #t end\n"
        "end\n"
        "function fine() KSR.fake.record('fine') end\n"},
       options);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().run("hog", ctx_), RouteOutcome::Failed);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("not enough memory"));
  EXPECT_EQ(engine().run("fine", ctx_), RouteOutcome::Completed);
}

TEST_F(LuaEngineRun, OsExitIsAScriptError) {
  load({"function quit()\n  os.exit(3)\nend\n"});
  const std::string path = (dir_.path() / "s0.lua").string();
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().run("quit", ctx_), RouteOutcome::Failed);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr(path + ":2: os.exit() is not allowed in a kemid routing script"));
}

using LuaEngineThreads = LuaTest;

TEST_F(LuaEngineThreads, EachThreadHasItsOwnState) {
  load({"function count() counter = (counter or 0) + 1; KSR.fake.record(tostring(counter)) end"});
  EXPECT_EQ(engine().run("count", ctx_), RouteOutcome::Completed);
  EXPECT_EQ(engine().run("count", ctx_), RouteOutcome::Completed);
  std::vector<std::string> seen[2];
  std::thread threads[2];
  for (int t = 0; t < 2; ++t) {
    threads[t] = std::thread([&, t] {
      MessageContext ctx;
      for (int i = 0; i < 3; ++i) EXPECT_EQ(engine().run("count", ctx), RouteOutcome::Completed);
      seen[t] = recorded();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_THAT(recorded(), ElementsAre("1", "2"));
  EXPECT_THAT(seen[0], ElementsAre("1", "2", "3"));
  EXPECT_THAT(seen[1], ElementsAre("1", "2", "3"));
}

TEST_F(LuaEngineThreads, ManyThreadsRunConcurrently) {
  load(
      {"function route() local n = 0; for i = 1, 100 do n = n + KSR.fake.i1(i) end\n"
       "  KSR.fake.record(tostring(n)) end"});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      MessageContext ctx;
      for (int i = 0; i < 200; ++i) {
        recorded().clear();
        if (engine().run("route", ctx) != RouteOutcome::Completed || recorded().empty() ||
            recorded().back() != "5050")
          ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(LuaEngineThreads, AThreadThatEndsGivesItsStateBack) {
  load({"function route() end"});
  for (int i = 0; i < 20; ++i) {
    std::thread([&] {
      MessageContext ctx;
      EXPECT_EQ(engine().run("route", ctx), RouteOutcome::Completed);
    }).join();
  }
  // Nothing to observe but the absence of leaks and races (sanitizer build).
  SUCCEED();
}

class LuaEngineReload : public LuaTest {
 protected:
  std::string writeVersion(std::string_view version) {
    return dir_.write("route.lua", "function route() KSR.fake.record('" + std::string(version) +
                                       "') end\nloads = (loads or 0) + 1\n");
  }
  LuaEngine& loadRoute() {
    path_ = writeVersion("v1");
    engine_ = std::make_unique<LuaEngine>(registry_, std::vector<std::string>{path_},
                                          LuaEngine::Options{});
    return *engine_;
  }
  std::vector<std::string> runRoute() {
    recorded().clear();
    EXPECT_EQ(engine().run("route", ctx_), RouteOutcome::Completed);
    return recorded();
  }
  std::string path_;
};

TEST_F(LuaEngineReload, EachThreadPicksTheNewFileUpBeforeItsNextRun) {
  loadRoute();
  EXPECT_THAT(runRoute(), ElementsAre("v1"));

  std::latch threadReady(1), reloaded(1);
  std::vector<std::string> inThread;
  std::thread other([&] {
    MessageContext ctx;
    engine().run("route", ctx);
    threadReady.count_down();
    reloaded.wait();
    engine().run("route", ctx);
    inThread = recorded();
  });
  threadReady.wait();

  writeVersion("v2");
  // Not before the reload: the state keeps what it loaded.
  EXPECT_THAT(runRoute(), ElementsAre("v1"));
  EXPECT_TRUE(engine().reload().ok());
  reloaded.count_down();
  EXPECT_THAT(runRoute(), ElementsAre("v2"));
  other.join();
  EXPECT_THAT(inThread, ElementsAre("v1", "v2"));
}

TEST_F(LuaEngineReload, DofileSemanticsKeepOldGlobals) {
  loadRoute();
  EXPECT_THAT(runRoute(), ElementsAre("v1"));
  dir_.write("route.lua", "function route() KSR.fake.record('v2 ' .. loads) end");
  ASSERT_TRUE(engine().reload().ok());
  EXPECT_THAT(runRoute(), ElementsAre("v2 1"));
}

TEST_F(LuaEngineReload, ASyntaxErrorIsRefusedAndTheOldCodeKeepsRunning) {
  loadRoute();
  EXPECT_THAT(runRoute(), ElementsAre("v1"));
  dir_.write("route.lua", "function route()\n  KSR.fake.record('v2'\nend\n");
  const ReloadResult result = engine().reloadScripts();
  EXPECT_EQ(result.status, ReloadResult::Status::ScriptError);
  EXPECT_THAT(result.error, HasSubstr(path_ + ":3:"));
  EXPECT_THAT(runRoute(), ElementsAre("v1"));
}

// The new top level runs in a fresh state under the same budget before any
// thread switches: a loop there is refused, and the old code keeps running.
TEST_F(LuaEngineReload, ATopLevelLoopIsRefusedAndTheOldCodeKeepsRunning) {
  path_ = writeVersion("v1");
  LuaEngine::Options options;
  options.limits.instructions = 1'000'000;
  engine_ = std::make_unique<LuaEngine>(registry_, std::vector<std::string>{path_}, options);
  EXPECT_THAT(runRoute(), ElementsAre("v1"));
  dir_.write("route.lua", "function route() KSR.fake.record('v2') end\nwhile true do end\n");
  const ReloadResult result = engine().reloadScripts();
  EXPECT_EQ(result.status, ReloadResult::Status::ScriptError);
  EXPECT_THAT(result.error, HasSubstr(path_ + ":2: the script ran more than"));
  EXPECT_THAT(runRoute(), ElementsAre("v1"));
}

// Every thread loads the text the reload checked, not the file as it is when
// the thread gets to it: a file broken (or changed) after an accepted reload
// changes nothing until the next reload. (Kamailio re-reads the file in each
// process, which can leave processes on different versions.)
TEST_F(LuaEngineReload, EveryThreadLoadsTheTextTheReloadChecked) {
  loadRoute();
  EXPECT_THAT(runRoute(), ElementsAre("v1"));
  writeVersion("v2");
  ASSERT_TRUE(engine().reload().ok());
  dir_.write("route.lua", "function route(");
  EXPECT_THAT(runRoute(), ElementsAre("v2"));
  writeVersion("v3");
  EXPECT_THAT(runRoute(), ElementsAre("v2"));
  ASSERT_TRUE(engine().reload().ok());
  EXPECT_THAT(runRoute(), ElementsAre("v3"));
}

TEST_F(LuaEngineReload, OneScriptByIndex) {
  const std::string a = dir_.write("a.lua", "function fa() KSR.fake.record('a1') end");
  const std::string b = dir_.write("b.lua", "function fb() KSR.fake.record('b1') end");
  engine_ =
      std::make_unique<LuaEngine>(registry_, std::vector<std::string>{a, b}, LuaEngine::Options{});
  EXPECT_EQ(engine().run("fa", ctx_), RouteOutcome::Completed);
  dir_.write("a.lua", "function fa() KSR.fake.record('a2') end");
  dir_.write("b.lua", "function fb() KSR.fake.record('b2') end");
  EXPECT_TRUE(engine().reloadScripts(1).ok());
  EXPECT_EQ(engine().reloadScripts(2).status, ReloadResult::Status::BadIndex);
  recorded().clear();
  engine().run("fa", ctx_);
  engine().run("fb", ctx_);
  EXPECT_THAT(recorded(), ElementsAre("a1", "b2"));
}

TEST_F(LuaEngineReload, NothingToReload) {
  engine_ =
      std::make_unique<LuaEngine>(registry_, std::vector<std::string>{}, LuaEngine::Options{});
  EXPECT_EQ(engine().reloadScripts().status, ReloadResult::Status::NoScripts);
  EXPECT_EQ(engine().run("ksr_request_route", ctx_), RouteOutcome::Missing);
}

using LuaEngineAppLua = LuaTest;

TEST_F(LuaEngineAppLua, RunFunctionWithStringArguments) {
  load(
      {"function helper(a, b, c) show(a, b, c) end\n"
       "function exiter() KSR.x.exit() end\n"
       "function failing() error('no') end"});
  const std::string_view args[] = {"x", "y"};
  EXPECT_EQ(engine().runFunction("helper", args, &ctx_), 1);
  EXPECT_THAT(recorded(), ElementsAre("string:x string:y nil:nil"));
  EXPECT_EQ(engine().runFunction("exiter", {}, &ctx_), 1);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().runFunction("failing", {}, &ctx_), -1);
  EXPECT_EQ(engine().runFunction("nosuch", {}, &ctx_), -1);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr("s0.lua:3: no"));
  EXPECT_THAT(log, HasSubstr("no such function [nosuch]"));
}

TEST_F(LuaEngineAppLua, RunStringSeesTheScriptsAndDoStringDoesNot) {
  load({"loaded = 'yes'"});
  recorded().clear();
  EXPECT_EQ(engine().runString("KSR.fake.record(tostring(loaded))", &ctx_), 1);
  EXPECT_EQ(engine().doString("KSR.fake.record(tostring(loaded))", &ctx_), 1);
  EXPECT_EQ(engine().doString("KSR.x.exit()", &ctx_), 1);
  EXPECT_THAT(recorded(), ElementsAre("yes", "nil"));
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(engine().doString("error('boom')", &ctx_), -1);
  EXPECT_EQ(engine().runString("this is not lua", &ctx_), -1);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr("error from Lua: [string \"error('boom')\"]:1: boom"));
}

TEST_F(LuaEngineAppLua, DoFileRunsInTheCleanState) {
  const std::string file = dir_.write("extra.lua", "KSR.fake.record(tostring(loaded) .. ' extra')");
  load({"loaded = 'yes'"});
  recorded().clear();
  EXPECT_EQ(engine().doFile(file, &ctx_), 1);
  EXPECT_EQ(engine().doFile((dir_.path() / "absent.lua").string(), &ctx_), -1);
  EXPECT_THAT(recorded(), ElementsAre("nil extra"));
}

}  // namespace
}  // namespace kemid::app_lua::testing
