#include "ksr_binding.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>

#include "core/log.h"
#include "lua_state.h"

namespace kemid::app_lua {
namespace {

constexpr Logger kLog{"app_lua"};
// A call the script gets wrong, it gets wrong for every message.
RateLimitedLog callErrorLog{kLog, "KEMI call errors"};

// Text of a number passed as a str argument, without allocating.
using NumberText = std::array<char, 32>;

int pushFalse(lua_State* L) {
  lua_pushboolean(L, 0);
  return 1;
}

// Lua 5.1 (the Lua of Kamailio's packages) has only doubles: a truncating
// conversion is what its lua_tointeger did, and scripts pass 7.9 or 10/2.
std::int64_t truncateToInt(lua_Number d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
  if (d <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(d);
}

// Kamailio's int arguments: numbers truncated, numeric strings converted, else 0.
std::int64_t intArgument(lua_State* L, int idx) {
  const int type = lua_type(L, idx);
  if (type != LUA_TNUMBER && type != LUA_TSTRING) return 0;
  int isNumber = 0;
  const lua_Integer i = lua_tointegerx(L, idx, &isNumber);
  if (isNumber) return i;
  const lua_Number d = lua_tonumberx(L, idx, &isNumber);
  return isNumber ? truncateToInt(d) : 0;
}

// Kamailio's str arguments: strings as they are (with their length), numbers as
// decimal text, anything else as Kamailio's NULL str: an empty view whose
// data() is null, which the function may tell apart from "".
std::string_view strArgument(lua_State* L, int idx, NumberText& text) {
  switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
      std::size_t len = 0;
      const char* s = lua_tolstring(L, idx, &len);
      return {s, len};
    }
    case LUA_TNUMBER: {
      if (lua_isinteger(L, idx)) {
        auto [end, ec] =
            std::to_chars(text.data(), text.data() + text.size(), lua_tointeger(L, idx));
        return {text.data(), static_cast<std::size_t>(end - text.data())};
      }
      // %.14g is Lua 5.1's number format: 10/2 is "5", not 5.4's "5.0".
      const int n = std::snprintf(text.data(), text.size(), "%.14g", lua_tonumber(L, idx));
      return {text.data(), static_cast<std::size_t>(n)};
    }
    default:
      return {};
  }
}

std::int64_t asInt(const KemiValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* b = std::get_if<bool>(&value)) return *b ? 1 : 0;
  return 0;
}

// Kamailio's return conversion.
int pushResult(lua_State* L, KemiType declared, const KemiValue& value) {
  switch (declared) {
    case KemiType::None:
      lua_pushboolean(L, 0);
      break;
    case KemiType::Int:
      lua_pushinteger(L, asInt(value));
      break;
    case KemiType::Bool:
      lua_pushboolean(L, asInt(value) != 0);
      break;
    case KemiType::Str:
    case KemiType::XVal:
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        lua_pushinteger(L, *i);
      } else if (const auto* b = std::get_if<bool>(&value)) {
        lua_pushboolean(L, *b);
      } else if (const auto* s = std::get_if<std::string>(&value)) {
        lua_pushlstring(L, s->data(), s->size());
      } else {
        lua_pushnil(L);
      }
      break;
  }
  return 1;
}

// KSR.<module>.<name>(...): upvalue 1 is the Binding.
int ksrCall(lua_State* L) {
  const auto* binding = static_cast<const Binding*>(lua_touserdata(L, lua_upvalueindex(1)));
  return callBinding(L, *binding, true, ResultMode::Kemi);
}

// KSR.x.exit(): an error with the exit marker and no position, which the
// engine treats as normal completion and a script's pcall catches.
int ksrExit(lua_State* L) {
  lua_pushlstring(L, kExitMessage.data(), kExitMessage.size());
  return lua_error(L);
}

// KSR.x.drop(): KSR.set_drop(), then KSR.x.exit().
int ksrDrop(lua_State* L) {
  const auto* env = static_cast<ScriptEnv*>(LuaState::userPointer(L));
  if (env != nullptr && env->context != nullptr) env->context->dropped = true;
  return ksrExit(L);
}

// KSR.x.modf(fname, ...): runs a native kamailio.cfg function in Kamailio.
// kemid has no native cfg functions, so this is always Kamailio's refusal.
int ksrModf(lua_State* L) {
  std::size_t len = 0;
  const char* fname = lua_tolstring(L, 1, &len);
  kLog.err("KSR.x.modf: cannot run native function '",
           fname != nullptr ? std::string_view(fname, len) : std::string_view("(none)"),
           "': kemid has no native kamailio.cfg functions, use the KSR.* equivalent");
  lua_pushinteger(L, -1);
  return 1;
}

int ksrProbe(lua_State*) {
  return 0;
}

// Pushes the table t[name] of the table at `index`, created if absent.
void pushSubTable(lua_State* L, int index, std::string_view name) {
  index = lua_absindex(L, index);
  lua_pushlstring(L, name.data(), name.size());
  lua_rawget(L, index);
  if (lua_istable(L, -1)) return;
  lua_pop(L, 1);
  lua_newtable(L);
  lua_pushlstring(L, name.data(), name.size());
  lua_pushvalue(L, -2);
  lua_rawset(L, index);
}

void setFunction(lua_State* L, std::string_view name, lua_CFunction fn) {
  lua_pushlstring(L, name.data(), name.size());
  lua_pushcfunction(L, fn);
  lua_rawset(L, -3);
}

}  // namespace

std::string_view kemiTypeName(KemiType type) {
  switch (type) {
    case KemiType::None:
      return "none";
    case KemiType::Int:
      return "int";
    case KemiType::Str:
      return "str";
    case KemiType::Bool:
      return "bool";
    case KemiType::XVal:
      return "xval";
  }
  return "none";
}

std::string kemiParamsText(const KemiFunctionDef& def) {
  const std::size_t count = def.paramCount();
  if (count == 0) return "none";
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += ", ";
    text += kemiTypeName(def.params[i]);
  }
  return text;
}

std::vector<Binding> collectBindings(const KemiRegistry& registry, bool logExports) {
  std::vector<Binding> bindings;
  bindings.reserve(registry.all().size());
  for (const KemiExport& e : registry.all()) {
    std::string qualified =
        e.module.empty() ? std::string(e.def->name) : e.module + "." + std::string(e.def->name);
    if (logExports) {
      kLog.dbg("exporting KSR.", qualified, "(", kemiParamsText(*e.def), ") -> ",
               kemiTypeName(e.def->returns));
    }
    bindings.push_back({.module = e.module,
                        .name = e.def->name,
                        .qualifiedName = std::move(qualified),
                        .def = e.def,
                        .state = e.state,
                        .paramCount = static_cast<std::uint8_t>(e.def->paramCount())});
  }
  return bindings;
}

const Binding* findBinding(std::span<const Binding> bindings, std::string_view module,
                           std::string_view name) {
  for (const Binding& b : bindings) {
    if (b.module == module && b.name == name) return &b;
  }
  return nullptr;
}

void installKsr(lua_State* L, std::span<const Binding> bindings) {
  lua_newtable(L);  // KSR
  for (const Binding& b : bindings) {
    if (b.module.empty()) {
      lua_pushlstring(L, b.name.data(), b.name.size());
      lua_pushlightuserdata(L, const_cast<Binding*>(&b));
      lua_pushcclosure(L, &ksrCall, 1);
      lua_rawset(L, -3);
      continue;
    }
    pushSubTable(L, -1, b.module);
    lua_pushlstring(L, b.name.data(), b.name.size());
    lua_pushlightuserdata(L, const_cast<Binding*>(&b));
    lua_pushcclosure(L, &ksrCall, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
  }
  pushSubTable(L, -1, "x");
  setFunction(L, "exit", &ksrExit);
  setFunction(L, "drop", &ksrDrop);
  setFunction(L, "modf", &ksrModf);
  setFunction(L, "probe", &ksrProbe);
  lua_pop(L, 1);
  lua_setglobal(L, "KSR");
  lua_pushliteral(L, "2.0");
  lua_setglobal(L, "KSRVERSION");
}

int callBinding(lua_State* L, const Binding& b, bool strictArity, ResultMode mode) {
  auto* env = static_cast<ScriptEnv*>(LuaState::userPointer(L));
  if (env == nullptr || env->context == nullptr) {
    callErrorLog.err("invalid Lua environment attributes or parameters");
    return pushFalse(L);
  }
  // Kamailio's checks, in its order.
  const int argc = lua_gettop(L);
  if (strictArity) {
    if (argc == 0 && b.paramCount > 0) {
      callErrorLog.err("invalid number of parameters for: ", b.qualifiedName);
      return pushFalse(L);
    }
    if (argc > static_cast<int>(kMaxKemiParams)) {
      callErrorLog.err("too many parameters for: ", b.qualifiedName);
      return pushFalse(L);
    }
    if (argc < b.paramCount) {
      callErrorLog.err("not enough parameters for: ", b.qualifiedName);
      return pushFalse(L);
    }
    if (argc > 0 && b.paramCount == 0) {
      callErrorLog.err("invalid parameters for: ", b.qualifiedName);
      return pushFalse(L);
    }
  }

  std::array<KemiArg, kMaxKemiParams> args{};
  std::array<NumberText, kMaxKemiParams> numberText;
  for (int i = 0; i < b.paramCount; ++i) {
    // Past argc, lua_type() says LUA_TNONE: int 0, NULL str (legacy sr only).
    if (b.def->params[i] == KemiType::Int) {
      args[i] = intArgument(L, i + 1);
    } else {
      args[i] = strArgument(L, i + 1, numberText[i]);
    }
  }

  KemiCall call{env->context, b.state, std::span<const KemiArg>(args.data(), b.paramCount)};
  KemiValue result;
  try {
    result = b.def->handler(call);
  } catch (const std::exception& e) {
    callErrorLog.err("KEMI function ", b.qualifiedName, " failed: ", e.what());
    return pushFalse(L);
  } catch (...) {
    callErrorLog.err("KEMI function ", b.qualifiedName, " failed with an unknown exception");
    return pushFalse(L);
  }
  if (mode == ResultMode::Nothing) return 0;
  return pushResult(L, b.def->returns, result);
}

}  // namespace kemid::app_lua
