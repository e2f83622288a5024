#pragma once
// Lua 5.1 names for scripts written for Kamailio's Debian packages, which
// embed Lua 5.1 (kemid embeds 5.4): unpack, loadstring, table.getn,
// table.maxn, math.pow, math.mod, string.gfind, and a tostring that prints
// integral floats as 5.1 did ("5", not "5.0"). modparam("app_lua",
// "lua51_compat", 0) leaves a state as plain Lua 5.4. docs/compatibility.md
// says what stays different.

#include <lua.hpp>

namespace kemid::app_lua {

// Defines the names above in L's globals, each only if it is not there.
void installLua51Compat(lua_State* L);

}  // namespace kemid::app_lua
