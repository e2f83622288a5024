#pragma once
// The one owner of a lua_State*, and the few protected-call helpers every
// caller needs: load a file or a string, call what is on the stack with a
// traceback, and tell KSR.x.exit() apart from a real error.

#include <lua.hpp>

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

class LuaState {
 public:
  // A fresh state with the standard libraries opened. Throws std::bad_alloc
  // when Lua cannot allocate one.
  LuaState();
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* get() const { return L_; }

  // The pointer-sized extra space of the state (and of every coroutine made
  // from it): the bindings keep their per-thread environment there.
  void setUserPointer(void* p);
  static void* userPointer(lua_State* L) { return *static_cast<void**>(lua_getextraspace(L)); }

  // Runs a file as dofile would (chunk name "@path", so Lua's messages carry
  // "path:line"); nullopt on success.
  std::optional<std::string> runFile(const std::string& path);
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
  lua_State* L_;
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
