#pragma once
// The plugin ABI: what a kemid module (.so) exports and the host reads.
//
// A module exports exactly one C symbol, `kemid_module_descriptor`, returning
// a pointer to a static ModuleDescriptor. Its first member is the ABI version;
// the host checks it before it reads anything else, so a module built against
// another layout is refused instead of misread. Everything else is plain data:
// parameter, KEMI and RPC tables next to the logic, as in Kamailio's modules.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/config.h"

namespace Poco::Dynamic {
class Var;
}

namespace kemid {

struct MessageContext;  // core/message_context.h: the message being routed
class ModuleHost;       // core/module_host.h: what a module may ask the core for
class ModuleParams;     // core/module_params.h: the values modparam gave

// Bump whenever any type reachable from ModuleDescriptor changes layout.
inline constexpr std::uint32_t kModuleAbiVersion = 6;
inline constexpr const char* kModuleEntryPoint = "kemid_module_descriptor";

// A module's runtime state: created by its init hook, owned by the host,
// handed to its KEMI and RPC handlers. Destroyed before the .so is unloaded.
class ModuleState {
 public:
  virtual ~ModuleState() = default;
};

// ---- parameters (modparam) --------------------------------------------------

enum class ParamType { Int, Str };

struct ParamDef {
  std::string_view name;
  ParamType type;
  std::int64_t intDefault = 0;
  std::string_view strDefault = {};
  // Given several times, every value is kept (app_lua's "load"); otherwise
  // the last one wins, as in Kamailio.
  bool repeatable = false;
  std::int64_t minValue = INT64_MIN;  // integer range the module accepts
  std::int64_t maxValue = INT64_MAX;
  // A string parameter with a syntax of its own (xhttp_prom's prom_counter):
  // checked when the modparam is read, as Kamailio's function parameters
  // are, so that `kemid -c` reports it with its line. Returns what is
  // wrong, or an empty string.
  std::string (*checkString)(std::string_view value) = nullptr;
  // Kamailio documents it but kemid does not act on it: accepted, so that a
  // Kamailio config loads, with a warning naming file and line when it is
  // set to anything but its default (the default says what kemid does).
  bool noEffect = false;
};

// ---- KEMI functions (KSR.<module>.<name>) -----------------------------------

// KEMI argument types are int and str only; returns are none, int, bool or
// xval (any of nil/int/bool/string), as Kamailio's KEMI declares them.
enum class KemiType { None, Int, Str, Bool, XVal };

inline constexpr std::size_t kMaxKemiParams = 6;

using KemiArg = std::variant<std::int64_t, std::string_view>;
using KemiValue = std::variant<std::monostate, std::int64_t, bool, std::string>;

struct KemiCall {
  MessageContext* context;  // null outside message processing (script load time)
  ModuleState* state;       // the module's state, null for modules without one
  std::span<const KemiArg> args;

  std::int64_t intArg(std::size_t i) const { return std::get<std::int64_t>(args[i]); }
  std::string_view strArg(std::size_t i) const { return std::get<std::string_view>(args[i]); }
};

using KemiHandler = KemiValue (*)(KemiCall& call);

struct KemiFunctionDef {
  std::string_view name;
  KemiType returns;
  std::array<KemiType, kMaxKemiParams> params;  // leading Int/Str entries, then None
  KemiHandler handler;

  constexpr std::size_t paramCount() const {
    std::size_t n = 0;
    while (n < params.size() && params[n] != KemiType::None) ++n;
    return n;
  }
};

// ---- RPC commands (JSON-RPC at /RPC) -----------------------------------------

struct RpcFault {
  int code;
  std::string message;
};

struct RpcCall {
  ModuleState* state;
  std::span<const Poco::Dynamic::Var> params;
  Poco::Dynamic::Var* result;  // set by the handler; stays empty for "{}"
  RpcFault* fault;             // set code != 0 to answer with an error object
};

using RpcHandler = void (*)(RpcCall& call);

struct RpcCommandDef {
  std::string_view name;  // full name, "tm.stats"
  std::string_view help;
  RpcHandler handler;
};

// ---- lifecycle hooks -------------------------------------------------------

// A hook's outcome: ok, or why the module cannot run.
struct HookResult {
  std::string error;
  bool ok() const { return error.empty(); }
  static HookResult success() { return {}; }
  static HookResult failure(std::string why) { return {std::move(why)}; }
};

struct ModuleInitContext {
  const ModuleParams& params;
  const Config& config;
  ModuleHost& host;
  std::unique_ptr<ModuleState> state;  // the hook may fill it
};

// After all modparams are applied (Kamailio's mod_init).
using InitHook = HookResult (*)(ModuleInitContext& ctx);
// In each worker thread before it handles traffic (Kamailio's child_init).
using WorkerInitHook = HookResult (*)(ModuleState* state, int workerIndex);
// Once, after every module's init hook, with the routing script chosen and
// before the first message: a module may run script callbacks here
// (htable's "htable:mod-init" event; Kamailio's child_init of the main
// process). A failure stops the start, naming the module.
using StartHook = HookResult (*)(ModuleState* state);
// At orderly shutdown, before the state is destroyed.
using ShutdownHook = void (*)(ModuleState* state);

// ---- the descriptor ----------------------------------------------------------

struct ModuleDescriptor {
  std::uint32_t abiVersion;  // must stay the first member
  std::string_view name;
  // Defaulted, so that a module without some of them may leave them out of
  // its designated initialiser under -Wextra.
  std::span<const ParamDef> params = {};
  std::span<const KemiFunctionDef> kemi = {};
  // The KSR sub-table of the KEMI functions when it is not `name` (Kamailio's
  // kemix module exports KSR.kx).
  std::string_view kemiModule = {};
  std::span<const RpcCommandDef> rpc = {};
  InitHook init = nullptr;
  WorkerInitHook initWorker = nullptr;
  StartHook start = nullptr;
  ShutdownHook shutdown = nullptr;
};

using ModuleEntryPointFn = const ModuleDescriptor* (*)();

}  // namespace kemid

// Every module defines this, returning its static descriptor. Plugins are
// built with hidden visibility; the attribute keeps this one symbol visible
// to dlsym.
extern "C" [[gnu::visibility("default")]] const kemid::ModuleDescriptor* kemid_module_descriptor();

// A plugin's module.cpp ends with KEMID_MODULE(its descriptor), which
// defines that symbol.
#define KEMID_MODULE(descriptor)                             \
  const kemid::ModuleDescriptor* kemid_module_descriptor() { \
    return &(descriptor);                                    \
  }
