#include "lua51_compat.h"

#include <stdexcept>
#include <string>

namespace kemid::app_lua {

namespace {

// Written in Lua: each is a line of Lua 5.4 standing in for the 5.1 name.
constexpr const char* kCompat = R"lua(
unpack = unpack or table.unpack
loadstring = loadstring or load
table.getn = table.getn or function(t) return #t end
table.maxn = table.maxn or function(t)
  local n = 0
  for k in pairs(t) do
    if type(k) == "number" and k > n then n = k end
  end
  return n
end
math.pow = math.pow or function(x, y) return x ^ y end
math.mod = math.mod or math.fmod
string.gfind = string.gfind or string.gmatch
local plain_tostring = tostring
tostring = function(v)
  if math.type(v) == "float" and v == math.floor(v) and v > -1e15 and v < 1e15 then
    return string.format("%.14g", v)
  end
  return plain_tostring(v)
end
)lua";

}  // namespace

void installLua51Compat(lua_State* L) {
  if (luaL_loadbufferx(L, kCompat, std::char_traits<char>::length(kCompat), "=lua51_compat", "t") !=
          LUA_OK ||
      lua_pcall(L, 0, 0, 0) != LUA_OK) {
    std::string error = lua_tostring(L, -1);
    lua_pop(L, 1);
    throw std::runtime_error("cannot install the Lua 5.1 names: " + error);
  }
}

}  // namespace kemid::app_lua
