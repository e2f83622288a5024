#pragma once
// The route engine behind `cfgengine "lua"`: one Lua state per thread, each
// with every `load` script run into it and the KSR and sr objects built from
// the KEMI registry; lazy per-thread reload.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/kemi_registry.h"
#include "core/module_abi.h"
#include "core/route_engine.h"
#include "core/route_statistics.h"
#include "lua_state.h"

namespace kemid::app_lua {

// Why a reload was refused (or that it was accepted).
struct ReloadResult {
  enum class Status { Scheduled, Disabled, NoScripts, BadIndex, ScriptError };
  Status status = Status::Scheduled;
  std::string error;  // what was wrong; Lua's "path:line: message" for ScriptError

  bool ok() const { return status == Status::Scheduled; }
  HookResult toHookResult() const {
    return ok() ? HookResult::success() : HookResult::failure(error);
  }
};

struct ThreadState;  // one thread's Lua states (lua_engine.cpp)
class ThreadStates;  // the engine's list of them

class LuaEngine final : public RouteEngine {
 public:
  struct Options {
    bool logExports = false;    // modparam log_mode bit 1: log each export at debug level
    bool reloadAllowed = true;  // modparam reload
    RouteStatistics* statistics = nullptr;  // counts every reload and its result
    LuaLimits limits;                       // of every state the engine makes
    bool lua51Compat = true;                // modparam lua51_compat (lua51_compat.h)
  };

  // `scripts` in execution order (see findScripts). The registry must be
  // complete before the first thread uses the engine (the module loader
  // registers every module before any worker runs) and outlive the engine.
  LuaEngine(const KemiRegistry& registry, std::vector<std::string> scripts, Options options);
  // Closes the Lua states of every thread: no thread may be running the
  // engine any more.
  ~LuaEngine() override;
  LuaEngine(const LuaEngine&) = delete;
  LuaEngine& operator=(const LuaEngine&) = delete;

  // RouteEngine. `run` makes `ctx` the message of every KSR call until the
  // function returns; a Lua error is logged ("error from Lua: file:line: ..."
  // with a traceback) and gives Failed. A missing function is logged at
  // debug level only (the caller knows whether it matters).
  RouteOutcome run(std::string_view name, MessageContext& ctx) override;
  RouteOutcome runEvent(std::string_view name, std::string_view eventName,
                        MessageContext& ctx) override;
  bool defines(std::string_view name) override;

  // Creates the calling thread's state now, so that a script whose top-level
  // code fails is reported when a worker starts rather than on its first
  // message (Kamailio aborts startup then).
  HookResult prepareThread();

  // Schedules a reload of every script, or of the one at `index`: each is
  // first run in a fresh state of its own, under the same limits, and when
  // that fails (a syntax error, a top-level error, a loop past the
  // instruction limit) nothing changes (the old code keeps running) and the
  // error is Lua's "path:line: message". Each thread re-runs
  // the files into its own state before its next Lua execution (dofile
  // semantics: globals not redefined survive). Refused when modparam
  // reload=0. Thread-safe; never blocks run().
  ReloadResult reloadScripts(std::optional<std::size_t> index = std::nullopt);
  // RouteEngine (SIGHUP): every script.
  HookResult reload() override { return reloadScripts().toHookResult(); }
  // RouteEngine: a callback still running at its next instruction check
  // (LuaLimits::stop) fails with "kemid is stopping".
  void interrupt() override { stopping_.store(true, std::memory_order_relaxed); }

  const std::vector<std::string>& scripts() const { return scripts_; }
  const KemiRegistry& registry() const { return registry_; }

  // KSR.app_lua.*, Kamailio's 1 (ok, also after
  // KSR.x.exit()) or -1 (error). doFile/doString use the thread's clean state
  // (no scripts loaded), runString/runFunction its routing state.
  int doFile(std::string_view path, MessageContext* ctx);
  int doString(std::string_view code, MessageContext* ctx);
  int runString(std::string_view code, MessageContext* ctx);
  int runFunction(std::string_view name, std::span<const std::string_view> args,
                  MessageContext* ctx);

  // The calling thread's most recent Lua error (message with file:line and
  // traceback); empty when it had none.
  std::string lastError() const;

 private:
  ThreadState* threadState();
  ThreadState* createThreadState();
  ReloadResult scheduleReload(std::optional<std::size_t> index);
  // Reads scripts [first, last) and runs them in a fresh state; the first
  // error, or nullopt after making the texts the workers' next sources.
  std::optional<std::string> trialLoad(std::size_t first, std::size_t last);
  void applyPendingReload(ThreadState& ts);
  // run and runEvent: the function gets eventName as its argument, if any.
  RouteOutcome callRoute(std::string_view name, std::optional<std::string_view> eventName,
                         MessageContext& ctx);
  void reportError(ThreadState& ts, std::string_view what);

  const std::uint64_t id_;  // identifies this engine in the threads' caches
  const KemiRegistry& registry_;
  const std::vector<std::string> scripts_;
  const Options options_;  // its limits point at stopping_
  std::atomic<bool> stopping_{false};
  // Reload: versions_[i] counts the accepted reloads of script i; generation_
  // any reload at all, so that run() checks one atomic in the common case.
  std::unique_ptr<std::atomic<std::uint64_t>[]> versions_;
  std::atomic<std::uint64_t> generation_{0};
  std::mutex reloadMutex_;  // serialises reload() only; never taken by run()
  // The text of each script as last loaded or accepted by a reload: every
  // worker compiles this snapshot, never the file as it is when the worker
  // gets to it, so all converge on the version the reload checked (a file
  // broken after an accepted reload cannot leave some workers behind).
  // sourcesMutex_ guards the pointers only, taken when a thread loads.
  struct ScriptSource {
    std::string code;
    std::string readError;  // non-empty: the file could not be read
  };
  std::vector<std::shared_ptr<const ScriptSource>> sources_;
  std::mutex sourcesMutex_;
  std::shared_ptr<const ScriptSource> sourceOf(std::size_t i);
  std::optional<std::string> runSource(LuaState& state, std::size_t i);
  std::shared_ptr<ThreadStates> states_;
};

}  // namespace kemid::app_lua
