#include "legacy_sr.h"

#include <array>
#include <string_view>

#include "core/log.h"

namespace kemid::app_lua {
namespace {

constexpr Logger kLog{"app_lua"};

struct SrEntry {
  std::string_view table;  // "" for sr itself, else the sub-table ("pv", "hdr")
  std::string_view name;   // the sr name
  std::string_view module;
  std::string_view function;  // the KEMI export it maps onto
  ResultMode mode;            // app_lua_sr's setters and loggers return nothing
  // With a second argument, this export is called instead (sr.setbflag(f, branch)).
  std::string_view withBranch = {};
};

constexpr auto kEntries = std::to_array<SrEntry>({
    {"", "dbg", "", "dbg", ResultMode::Nothing},
    {"", "err", "", "err", ResultMode::Nothing},
    {"", "log", "", "log", ResultMode::Nothing},
    {"", "is_myself", "", "is_myself", ResultMode::Kemi},
    {"", "setflag", "", "setflag", ResultMode::Kemi},
    {"", "resetflag", "", "resetflag", ResultMode::Kemi},
    {"", "isflagset", "", "isflagset", ResultMode::Kemi},
    {"", "setbflag", "", "setbflag", ResultMode::Kemi, "setbiflag"},
    {"", "resetbflag", "", "resetbflag", ResultMode::Kemi, "resetbiflag"},
    {"", "isbflagset", "", "isbflagset", ResultMode::Kemi, "isbiflagset"},
    {"", "seturi", "", "seturi", ResultMode::Kemi},
    {"", "setuser", "", "setuser", ResultMode::Kemi},
    {"", "sethost", "", "sethost", ResultMode::Kemi},
    {"", "setdsturi", "", "setdsturi", ResultMode::Kemi},
    {"", "resetdsturi", "", "resetdsturi", ResultMode::Kemi},
    {"hdr", "append", "hdr", "append", ResultMode::Nothing},
    {"hdr", "insert", "hdr", "insert", ResultMode::Nothing},
    {"hdr", "remove", "hdr", "remove", ResultMode::Nothing},
    {"hdr", "append_to_reply", "hdr", "append_to_reply", ResultMode::Nothing},
    {"pv", "get", "pv", "get", ResultMode::Kemi},
    {"pv", "getw", "pv", "getw", ResultMode::Kemi},
    {"pv", "gete", "pv", "gete", ResultMode::Kemi},
    {"pv", "getvn", "pv", "getvn", ResultMode::Kemi},
    {"pv", "getvs", "pv", "getvs", ResultMode::Kemi},
    {"pv", "seti", "pv", "seti", ResultMode::Nothing},
    {"pv", "sets", "pv", "sets", ResultMode::Nothing},
    {"pv", "unset", "pv", "unset", ResultMode::Nothing},
    {"pv", "is_null", "pv", "is_null", ResultMode::Kemi},
});

// Upvalues: 1 the Binding, 2 the ResultMode, 3 the Binding taking a branch
// index (or nil). Arity is lenient, as app_lua_sr's: missing arguments are nil.
int srCall(lua_State* L) {
  const auto* binding = static_cast<const Binding*>(lua_touserdata(L, lua_upvalueindex(1)));
  const auto mode = static_cast<ResultMode>(lua_tointeger(L, lua_upvalueindex(2)));
  if (lua_gettop(L) >= 2 && !lua_isnil(L, lua_upvalueindex(3))) {
    binding = static_cast<const Binding*>(lua_touserdata(L, lua_upvalueindex(3)));
  }
  return callBinding(L, *binding, false, mode);
}

int srProbe(lua_State*) {
  return 0;
}

int srModf(lua_State* L) {
  std::size_t len = 0;
  const char* fname = lua_tolstring(L, 1, &len);
  kLog.err("sr.modf: cannot run native function '",
           fname != nullptr ? std::string_view(fname, len) : std::string_view("(none)"),
           "': kemid has no native kamailio.cfg functions, use the KSR.* equivalent");
  lua_pushinteger(L, -1);
  return 1;
}

}  // namespace

void installLegacySr(lua_State* L, std::span<const Binding> bindings) {
  lua_newtable(L);  // sr
  const int sr = lua_gettop(L);
  lua_pushcfunction(L, &srProbe);
  lua_setfield(L, sr, "probe");
  lua_pushcfunction(L, &srModf);
  lua_setfield(L, sr, "modf");
  for (const SrEntry& e : kEntries) {
    const Binding* binding = findBinding(bindings, e.module, e.function);
    if (binding == nullptr) continue;
    int target = sr;
    if (!e.table.empty()) {
      lua_pushlstring(L, e.table.data(), e.table.size());
      lua_rawget(L, sr);
      if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushlstring(L, e.table.data(), e.table.size());
        lua_pushvalue(L, -2);
        lua_rawset(L, sr);
      }
      target = lua_gettop(L);
    }
    lua_pushlstring(L, e.name.data(), e.name.size());
    lua_pushlightuserdata(L, const_cast<Binding*>(binding));
    lua_pushinteger(L, static_cast<lua_Integer>(e.mode));
    const Binding* withBranch =
        e.withBranch.empty() ? nullptr : findBinding(bindings, e.module, e.withBranch);
    if (withBranch != nullptr) {
      lua_pushlightuserdata(L, const_cast<Binding*>(withBranch));
    } else {
      lua_pushnil(L);
    }
    lua_pushcclosure(L, &srCall, 3);
    lua_rawset(L, target);
    lua_settop(L, sr);
  }
  lua_setglobal(L, "sr");
}

}  // namespace kemid::app_lua
