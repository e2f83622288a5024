#pragma once
// The KSR object: one Lua C closure per KEMI export, calling the export's
// handler with Kamailio's argument and return conversions,
// plus KSR.x (exit, drop, modf, probe) and KSRVERSION.

#include <lua.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/kemi_registry.h"
#include "core/message_context.h"
#include "core/module_abi.h"

namespace kemid::app_lua {

// One export as a closure sees it: everything a call needs, resolved once
// when the tables are built. A closure's upvalue points at its Binding, so
// the vector holding them must outlive the Lua state and never reallocate.
struct Binding {
  std::string module;          // "" for the core
  std::string_view name;       // the function's name
  std::string qualifiedName;   // "sl.send_reply", or "is_INVITE" for the core
  const KemiFunctionDef* def;  // handler, parameter and return types
  ModuleState* state;          // the exporting module's state
  std::uint8_t paramCount;
};

// What the closures of one thread share: the message being routed. A Lua
// state's user pointer (LuaState::setUserPointer) points at it.
struct ScriptEnv {
  MessageContext* context = nullptr;  // null outside a route callback
};

// Every export of the registry, in registration order. With `logExports`
// (modparam log_mode bit 1) each one is logged at debug level.
std::vector<Binding> collectBindings(const KemiRegistry& registry, bool logExports);

// Sets the globals KSR (KSR.<fn> for the core, KSR.<module>.<fn> otherwise,
// KSR.x) and KSRVERSION in `L`.
void installKsr(lua_State* L, std::span<const Binding> bindings);

// How a binding-level call reports its result to Lua.
enum class ResultMode {
  Kemi,     // the KEMI return conversion (int, bool, none -> false, xval)
  Nothing,  // no values (the legacy sr functions that set or log)
};

// Calls `binding` with the first values on the Lua stack as arguments and
// pushes its result. `strictArity` applies KSR's checks (too few, too many,
// arguments to a function without parameters); without it missing arguments
// count as nil, as the legacy sr functions take them. Returns the number of
// values pushed.
int callBinding(lua_State* L, const Binding& binding, bool strictArity, ResultMode mode);

// Kamailio's names of KEMI types: "none", "int", "str", "bool", "xval".
std::string_view kemiTypeName(KemiType type);
// A function's parameter types as app_lua.api_list shows them: "str, int",
// or "none".
std::string kemiParamsText(const KemiFunctionDef& def);

// The binding in `bindings` for module.name, or null.
const Binding* findBinding(std::span<const Binding> bindings, std::string_view module,
                           std::string_view name);

}  // namespace kemid::app_lua
