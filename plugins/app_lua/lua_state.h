#pragma once
// The one owner of a lua_State*, and the few protected-call helpers every
// caller needs: load a file or a string, call what is on the stack with a
// traceback, and tell KSR.x.exit() apart from a real error.

#include <lua.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kemid::app_lua {

// The error message KSR.x.exit() raises; a protected call that ends with it
// completed normally (Kamailio's KSR.x.exit).
inline constexpr std::string_view kExitMessage = "~~ksr~exit~~";

enum class CallStatus {
  Ok,     // returned normally
  Exit,   // ended with KSR.x.exit() / KSR.x.drop()
  Error,  // a Lua error; the message (with traceback) is in `error`
};

// What one state may use, so that a script cannot hang its thread or eat
// the machine's memory (0: no limit).
struct LuaLimits {
  // Lua VM instructions per call from outside (a route callback, a script's
  // top level); past it the call fails with an error naming script and line.
  std::uint64_t instructions = 0;
  // Bytes the state may hold; past it allocations fail ("not enough memory").
  std::size_t memoryBytes = 0;
  // Once it reads true (the proxy is stopping), a call that is still running
  // after its next check (every kInstructionsPerCheck instructions) fails,
  // so that a script stuck in a loop cannot hold up the shutdown.
  const std::atomic<bool>* stop = nullptr;
};

struct LuaUsage;  // lua_state.cpp: the allocator's and the budget's counters

class LuaState {
 public:
  // A fresh state with the standard libraries opened, os.exit refused.
  // Throws std::bad_alloc when Lua cannot allocate one.
  explicit LuaState(LuaLimits limits = {});
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* get() const { return L_; }

  // The pointer-sized extra space of the state (and of every coroutine made
  // from it): the bindings keep their per-thread environment there.
  void setUserPointer(void* p);
  static void* userPointer(lua_State* L) { return *static_cast<void**>(lua_getextraspace(L)); }

  // Runs a file as dofile would (chunk name "@path", so Lua's messages carry
  // "path:line"); nullopt on success. readScript, then runScript.
  std::optional<std::string> runFile(const std::string& path);
  // Runs the text of the file at `path`, read earlier by readScript.
  std::optional<std::string> runScript(const std::string& code, const std::string& path);
  // The text of the file at `path` as runScript takes it; nullopt when it
  // cannot be read, with the reason in `error`.
  static std::optional<std::string> readScript(const std::string& path, std::string& error);
  // Runs `code` as dostring would (chunk name is the code itself).
  CallStatus runString(std::string_view code, std::string& error);

  // Calls the function below `nargs` arguments on top of the stack, with a
  // message handler that appends a traceback; pops function and arguments,
  // leaves no results.
  CallStatus call(int nargs, std::string& error);

  // Pushes the global `name` (raw access: a strict-mode metatable on _G
  // cannot raise here) and returns whether it is a function.
  bool pushGlobalFunction(std::string_view name);

  // Whether `path` compiles, checked in a scratch state; the Lua message
  // ("path:line: ...", or "cannot open path") otherwise.
  static std::optional<std::string> checkFile(const std::string& path);

 private:
  std::unique_ptr<LuaUsage> usage_;  // outlives L_: its allocator counts here
  lua_State* L_;
  int callDepth_ = 0;  // calls in progress: a route may run another route
};

// Restores the stack height it found when it goes out of scope.
class StackGuard {
 public:
  explicit StackGuard(lua_State* L) : L_(L), top_(lua_gettop(L)) {}
  ~StackGuard() { lua_settop(L_, top_); }
  StackGuard(const StackGuard&) = delete;
  StackGuard& operator=(const StackGuard&) = delete;

 private:
  lua_State* L_;
  int top_;
};

}  // namespace kemid::app_lua
