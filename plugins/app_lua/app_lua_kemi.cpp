#include "app_lua_kemi.h"

#include <array>
#include <string_view>

#include "module_state.h"

namespace kemid::app_lua {
namespace {

LuaEngine& engineOf(const KemiCall& call) {
  return static_cast<AppLuaModule*>(call.state)->engine();
}

}  // namespace

KemiValue kemiDoFile(KemiCall& call) {
  return std::int64_t{engineOf(call).doFile(call.strArg(0), call.context)};
}

KemiValue kemiDoString(KemiCall& call) {
  return std::int64_t{engineOf(call).doString(call.strArg(0), call.context)};
}

KemiValue kemiRunString(KemiCall& call) {
  return std::int64_t{engineOf(call).runString(call.strArg(0), call.context)};
}

KemiValue kemiRun(KemiCall& call) {
  // run, run_p1, run_p2, run_p3 differ only in how many strings follow the name.
  std::array<std::string_view, 3> params;
  const std::size_t count = call.args.size() - 1;
  for (std::size_t i = 0; i < count; ++i) params[i] = call.strArg(i + 1);
  return std::int64_t{engineOf(call).runFunction(
      call.strArg(0), std::span<const std::string_view>(params.data(), count), call.context)};
}

}  // namespace kemid::app_lua
