#include "lua_state.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>

#include "core/log.h"

namespace kemid::app_lua {
namespace {

constexpr Logger kLog{"app_lua"};

// An error outside any protected call: Lua aborts the process after this
// returns. Only allocation failures while building tables can get here.
int onPanic(lua_State* L) {
  const char* msg = lua_tostring(L, -1);
  kLog.crit("unprotected Lua error: ", msg != nullptr ? msg : "(not a string)");
  return 0;
}

// Message handler of every protected call: keeps KSR.x.exit()'s marker as it
// is and gives every other error a traceback.
int addTraceback(lua_State* L) {
  const char* msg = lua_tostring(L, 1);
  if (msg == nullptr) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  } else if (std::string_view(msg) == kExitMessage) {
    return 1;
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

// How often the instruction budget is checked: cheap enough to leave on.
constexpr int kInstructionsPerCheck = 1000;

// os.exit would end the proxy with every call in it (Kamailio's does);
// kemid refuses it as a script error.
int refuseExit(lua_State* L) {
  return luaL_error(L, "os.exit() is not allowed in a kemid routing script");
}

}  // namespace

struct LuaUsage {
  LuaLimits limits;
  std::size_t bytes = 0;
  std::int64_t instructionsLeft = 0;
};

namespace {

void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* usage = static_cast<LuaUsage*>(ud);
  const std::size_t old = ptr != nullptr ? osize : 0;  // osize is a type tag for new blocks
  if (nsize == 0) {
    usage->bytes -= old;
    std::free(ptr);
    return nullptr;
  }
  if (usage->limits.memoryBytes != 0 && nsize > old &&
      usage->bytes + (nsize - old) > usage->limits.memoryBytes) {
    return nullptr;  // Lua raises "not enough memory"
  }
  void* grown = std::realloc(ptr, nsize);
  if (grown != nullptr) usage->bytes = usage->bytes - old + nsize;
  return grown;
}

// Once the budget is spent, or the proxy is stopping, the error is raised
// at every instruction, in whatever the script runs, so that a pcall in the
// script cannot keep it going; call() sets the normal pace again.
void checkBudget(lua_State* L, lua_Debug*) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  auto* usage = static_cast<LuaUsage*>(ud);
  const LuaLimits& limits = usage->limits;
  const bool stopping = limits.stop != nullptr && limits.stop->load(std::memory_order_relaxed);
  if (limits.instructions != 0 && usage->instructionsLeft >= 0) {
    usage->instructionsLeft -= kInstructionsPerCheck;
  }
  if (!stopping && usage->instructionsLeft >= 0) return;
  lua_sethook(L, &checkBudget, LUA_MASKCOUNT, 1);
  // Level 0 in a hook is the Lua function running: its "file:line:".
  luaL_where(L, 0);
  if (stopping) {
    lua_pushliteral(L, "kemid is stopping: the script was interrupted");
  } else {
    lua_pushfstring(L, "the script ran more than %I instructions (app_lua instruction_limit)",
                    static_cast<lua_Integer>(limits.instructions));
  }
  lua_concat(L, 2);
  lua_error(L);
}

}  // namespace

LuaState::LuaState(LuaLimits limits) : usage_(std::make_unique<LuaUsage>()) {
  usage_->limits = limits;
  L_ = lua_newstate(&allocate, usage_.get());
  if (L_ == nullptr) throw std::bad_alloc();
  lua_atpanic(L_, &onPanic);
  setUserPointer(nullptr);
  luaL_openlibs(L_);
  lua_getglobal(L_, "os");
  if (lua_istable(L_, -1)) {
    lua_pushcfunction(L_, &refuseExit);
    lua_setfield(L_, -2, "exit");
  }
  lua_pop(L_, 1);
}

LuaState::~LuaState() {
  lua_close(L_);
}

void LuaState::setUserPointer(void* p) {
  *static_cast<void**>(lua_getextraspace(L_)) = p;
}

CallStatus LuaState::call(int nargs, std::string& error) {
  const int base = lua_gettop(L_) - nargs;  // the function's slot
  lua_pushcfunction(L_, &addTraceback);
  lua_insert(L_, base);
  // One budget for a call from outside, nested calls included.
  if (callDepth_++ == 0 && (usage_->limits.instructions != 0 || usage_->limits.stop != nullptr)) {
    usage_->instructionsLeft =
        static_cast<std::int64_t>(std::min<std::uint64_t>(usage_->limits.instructions, INT64_MAX));
    lua_sethook(L_, &checkBudget, LUA_MASKCOUNT, kInstructionsPerCheck);
  }
  const int rc = lua_pcall(L_, nargs, 0, base);
  --callDepth_;
  lua_remove(L_, base);
  if (rc == LUA_OK) return CallStatus::Ok;
  std::size_t len = 0;
  const char* msg = lua_tolstring(L_, -1, &len);
  std::string_view text = msg != nullptr ? std::string_view(msg, len) : "(error object)";
  const CallStatus status = text == kExitMessage ? CallStatus::Exit : CallStatus::Error;
  if (status == CallStatus::Error) error.assign(text);
  lua_pop(L_, 1);
  return status;
}

std::optional<std::string> LuaState::runFile(const std::string& path) {
  std::string error;
  auto code = readScript(path, error);
  if (!code) return error;
  return runScript(*code, path);
}

std::optional<std::string> LuaState::runScript(const std::string& code, const std::string& path) {
  StackGuard guard(L_);
  const std::string chunkName = "@" + path;
  if (luaL_loadbuffer(L_, code.data(), code.size(), chunkName.c_str()) != LUA_OK) {
    const char* msg = lua_tostring(L_, -1);
    return std::string(msg != nullptr ? msg : "cannot load " + path);
  }
  std::string error;
  // KSR.x.exit() at the top level of a file just ends that file.
  if (call(0, error) == CallStatus::Error) return error;
  return std::nullopt;
}

std::optional<std::string> LuaState::readScript(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // Lua's own words for a file it cannot open.
    error = "cannot open " + path + " (" + std::strerror(errno) + ")";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string code = text.str();
  // As luaL_loadfile: a first line starting with '#' (#!/usr/bin/lua) is
  // skipped; its newline stays, so line numbers do not move.
  if (code.starts_with('#')) code.erase(0, code.find('\n'));
  return code;
}

CallStatus LuaState::runString(std::string_view code, std::string& error) {
  StackGuard guard(L_);
  // As luaL_dostring: the code is its own chunk name ([string "..."]:1:).
  const std::string text(code);
  if (luaL_loadbuffer(L_, text.data(), text.size(), text.c_str()) != LUA_OK) {
    const char* msg = lua_tostring(L_, -1);
    error = msg != nullptr ? msg : "cannot load Lua code";
    return CallStatus::Error;
  }
  return call(0, error);
}

bool LuaState::pushGlobalFunction(std::string_view name) {
  lua_rawgeti(L_, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_pushlstring(L_, name.data(), name.size());
  lua_rawget(L_, -2);
  lua_remove(L_, -2);
  return lua_isfunction(L_, -1);
}

std::optional<std::string> LuaState::checkFile(const std::string& path) {
  LuaState scratch;
  if (luaL_loadfile(scratch.L_, path.c_str()) == LUA_OK) return std::nullopt;
  const char* msg = lua_tostring(scratch.L_, -1);
  return std::string(msg != nullptr ? msg : "cannot load " + path);
}

}  // namespace kemid::app_lua
