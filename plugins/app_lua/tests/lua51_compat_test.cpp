// Scripts written for Kamailio's Lua 5.1 run unchanged (lua51_compat.h).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lua_test_fixture.h"

namespace kemid::app_lua::testing {
namespace {

using ::testing::ElementsAre;

using Lua51Compat = LuaTest;

// A route in the style of scripts written for Lua 5.1.
constexpr const char* kLua51Script = R"lua(
function ksr_request_route()
  local parts = {}
  for word in string.gfind("a,b,c", "[^,]+") do table.insert(parts, word) end
  local first, second = unpack(parts)
  KSR.fake.record(first .. second .. table.getn(parts) .. table.maxn({[1] = 1, [7] = 1}))
  KSR.fake.record(loadstring("return 'from loadstring'")())
  KSR.fake.record(tostring(math.pow(2, 10)) .. " " .. tostring(10 / 2) .. " " .. tostring(2.5))
  KSR.fake.record(tostring(math.mod(7, 3)) .. " " .. tostring(7) .. " " .. tostring("s"))
end
)lua";

TEST_F(Lua51Compat, ALua51ScriptRunsByDefault) {
  load({kLua51Script});
  EXPECT_EQ(engine().run("ksr_request_route", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("ab37", "from loadstring", "1024 5 2.5", "1 7 s"));
}

TEST_F(Lua51Compat, OffLeavesPlainLua54) {
  LuaEngine::Options options;
  options.lua51Compat = false;
  load({"function ksr_request_route()\n"
        "  KSR.fake.record(tostring(unpack) .. ' ' .. tostring(10 / 2))\n"
        "end\n"},
       options);
  EXPECT_EQ(engine().run("ksr_request_route", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("nil 5.0"));
}

TEST_F(Lua51Compat, AScriptsOwnDefinitionWins) {
  load(
      {"function unpack() return 'mine' end\n"
       "function ksr_request_route() KSR.fake.record(unpack()) end\n"});
  EXPECT_EQ(engine().run("ksr_request_route", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("mine"));
}

}  // namespace
}  // namespace kemid::app_lua::testing
