#pragma once
// An engine over the fake modules, with show() loaded, and helpers to run
// Lua code as if inside a route callback.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/log.h"
#include "fake_modules.h"
#include "lua_engine.h"

namespace kemid::app_lua::testing {

class LuaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::toStderr();
    logging::setLevel(static_cast<int>(LogLevel::Warn));
    registerFakeModules(registry_);
    recorded().clear();
  }

  // A new engine running the show() helper, then each of `scripts` (written
  // as s0.lua, s1.lua, ...) in that order.
  LuaEngine& load(std::vector<std::string_view> scripts = {}, LuaEngine::Options options = {}) {
    std::vector<std::string> paths{dir_.write("helper.lua", kShowHelper)};
    for (std::size_t i = 0; i < scripts.size(); ++i) {
      paths.push_back(dir_.write("s" + std::to_string(i) + ".lua", scripts[i]));
    }
    engine_ = std::make_unique<LuaEngine>(registry_, std::move(paths), options);
    return *engine_;
  }
  LuaEngine& engine() {
    if (!engine_) load();
    return *engine_;
  }

  // Runs `code` in the routing state with ctx_ as the message; returns what
  // the handlers recorded.
  std::vector<std::string> eval(std::string_view code) {
    recorded().clear();
    EXPECT_EQ(engine().runString(code, &ctx_), 1) << engine().lastError();
    return recorded();
  }
  // show(expr)'s record: "type:value ...", or "" when expr gives no values.
  std::string show(std::string_view expr) {
    auto r = eval("show(" + std::string(expr) + ")");
    return r.empty() ? "<nothing recorded>" : r.back();
  }
  // Like eval, and returns what was logged meanwhile.
  std::string evalLogged(std::string_view code) {
    ::testing::internal::CaptureStderr();
    eval(code);
    return ::testing::internal::GetCapturedStderr();
  }

  TempDir dir_;
  KemiRegistry registry_;
  MessageContext ctx_;
  std::unique_ptr<LuaEngine> engine_;
};

}  // namespace kemid::app_lua::testing
