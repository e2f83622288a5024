#include "lua_engine.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "core/log.h"
#include "ksr_binding.h"
#include "legacy_sr.h"
#include "lua51_compat.h"
#include "lua_state.h"

namespace kemid::app_lua {

constexpr Logger kLog{"app_lua"};
// A script that fails in a route fails for every message: its errors are
// rate-limited (loading and reloading errors are not).
RateLimitedLog routeErrorLog{kLog, "Lua errors"};

// Everything one thread has of one engine. Members are destroyed in reverse
// order: the Lua states close (running __gc code that may still call KSR)
// before the bindings their closures point at go away.
struct ThreadState {
  ScriptEnv env;
  std::vector<Binding> bindings;  // built once, never resized: closures point into it
  std::vector<std::uint64_t> loadedVersions;
  std::uint64_t seenGeneration = 0;
  int depth = 0;  // nested run()s: a KEMI function may run a route of its own
  std::string lastError;
  std::string loadError;              // the first script failure when the state was made
  std::unique_ptr<LuaState> routing;  // Kamailio's LL: the scripts, KSR callbacks
  std::unique_ptr<LuaState> clean;    // Kamailio's L: dofile/dostring, made on first use
};

// The engine owns every thread's state, so that they close with the engine
// (while the modules behind the bindings are still loaded); a thread that
// ends first gives its state back.
class ThreadStates {
 public:
  ThreadState* add(std::unique_ptr<ThreadState> state) {
    std::lock_guard lock(mutex_);
    states_.push_back(std::move(state));
    return states_.back().get();
  }
  void release(ThreadState* state) {
    std::unique_ptr<ThreadState> doomed;
    {
      std::lock_guard lock(mutex_);
      auto it = std::find_if(states_.begin(), states_.end(),
                             [&](const auto& s) { return s.get() == state; });
      if (it == states_.end()) return;
      doomed = std::move(*it);
      states_.erase(it);
    }
    // `doomed` closes its Lua states here, outside the lock: that runs Lua code.
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<ThreadState>> states_;
};

namespace {

// The calling thread's states, by engine id: a lookup is a scan of (usually)
// one entry, without a lock. Ids are never reused, so the entry of a
// destroyed engine is never matched again.
class ThreadCache {
 public:
  ~ThreadCache() {
    for (auto& e : entries_) {
      if (auto owner = e.owner.lock()) owner->release(e.state);
    }
  }
  ThreadState* find(std::uint64_t engineId) const {
    for (const auto& e : entries_) {
      if (e.engineId == engineId) return e.state;
    }
    return nullptr;
  }
  void add(std::uint64_t engineId, ThreadState* state, std::weak_ptr<ThreadStates> owner) {
    std::erase_if(entries_, [](const Entry& e) { return e.owner.expired(); });
    entries_.push_back({engineId, state, std::move(owner)});
  }

 private:
  struct Entry {
    std::uint64_t engineId;
    ThreadState* state;
    std::weak_ptr<ThreadStates> owner;
  };
  std::vector<Entry> entries_;
};

thread_local ThreadCache tThreadCache;

std::uint64_t nextEngineId() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

// Sets the message of the KSR calls for the scope of one Lua execution and
// restores the outer one after it (a route run from inside a KEMI function).
class ContextScope {
 public:
  ContextScope(ThreadState& ts, MessageContext* ctx) : ts_(ts), previous_(ts.env.context) {
    ts_.env.context = ctx;
    ++ts_.depth;
  }
  ~ContextScope() {
    --ts_.depth;
    ts_.env.context = previous_;
  }
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  ThreadState& ts_;
  MessageContext* previous_;
};

// A state with KSR, KSRVERSION and sr, whose closures use ts's environment.
std::unique_ptr<LuaState> makeState(ThreadState& ts, const LuaEngine::Options& options) {
  auto state = std::make_unique<LuaState>(options.limits);
  if (options.lua51Compat) installLua51Compat(state->get());
  state->setUserPointer(&ts.env);
  installKsr(state->get(), ts.bindings);
  installLegacySr(state->get(), ts.bindings);
  return state;
}

// The engine's options, with every state's calls watching `stop`.
LuaEngine::Options stoppable(LuaEngine::Options options, const std::atomic<bool>* stop) {
  options.limits.stop = stop;
  return options;
}

int kamailioResult(CallStatus status) {
  return status == CallStatus::Error ? -1 : 1;
}

}  // namespace

LuaEngine::LuaEngine(const KemiRegistry& registry, std::vector<std::string> scripts,
                     Options options)
    : id_(nextEngineId()),
      registry_(registry),
      scripts_(std::move(scripts)),
      options_(stoppable(options, &stopping_)),
      versions_(std::make_unique<std::atomic<std::uint64_t>[]>(scripts_.size())),
      states_(std::make_shared<ThreadStates>()) {
  for (const std::string& path : scripts_) {
    ScriptSource source;
    if (auto code = LuaState::readScript(path, source.readError)) source.code = std::move(*code);
    sources_.push_back(std::make_shared<const ScriptSource>(std::move(source)));
  }
}

std::shared_ptr<const LuaEngine::ScriptSource> LuaEngine::sourceOf(std::size_t i) {
  std::lock_guard lock(sourcesMutex_);
  return sources_[i];
}

std::optional<std::string> LuaEngine::runSource(LuaState& state, std::size_t i) {
  auto source = sourceOf(i);
  if (!source->readError.empty()) return source->readError;
  return state.runScript(source->code, scripts_[i]);
}

LuaEngine::~LuaEngine() = default;

ThreadState* LuaEngine::threadState() {
  if (ThreadState* ts = tThreadCache.find(id_)) return ts;
  return createThreadState();
}

ThreadState* LuaEngine::createThreadState() {
  auto ts = std::make_unique<ThreadState>();
  try {
    ts->bindings = collectBindings(registry_, options_.logExports);
    ts->routing = makeState(*ts, options_);
  } catch (const std::exception& e) {
    kLog.err("cannot create a Lua state: ", e.what());
    return nullptr;
  }
  // Read the generation before the versions: a reload between the two is
  // seen again (and found already applied) on the next run.
  ts->seenGeneration = generation_.load(std::memory_order_acquire);
  ts->loadedVersions.resize(scripts_.size());
  for (std::size_t i = 0; i < scripts_.size(); ++i) {
    ts->loadedVersions[i] = versions_[i].load(std::memory_order_acquire);
    // Top-level code runs without a message: its KSR calls fail (§0.4).
    if (auto error = runSource(*ts->routing, i)) {
      // Kept as loaded: the functions defined before the error are usable,
      // and retrying would re-run the top-level code on every message.
      kLog.err("error from Lua: ", *error);
      kLog.err("cannot load Lua script ", scripts_[i]);
      if (ts->loadError.empty()) ts->loadError = *error;
      ts->lastError = *error;
    }
  }
  ThreadState* raw = states_->add(std::move(ts));
  tThreadCache.add(id_, raw, states_);
  return raw;
}

void LuaEngine::applyPendingReload(ThreadState& ts) {
  const std::uint64_t generation = generation_.load(std::memory_order_acquire);
  // Not inside a running callback: its code is what is executing.
  if (generation == ts.seenGeneration || ts.depth > 0) return;
  bool all = true;
  for (std::size_t i = 0; i < scripts_.size(); ++i) {
    const std::uint64_t version = versions_[i].load(std::memory_order_acquire);
    if (version == ts.loadedVersions[i]) continue;
    if (auto error = runSource(*ts.routing, i)) {
      // The old functions stay; the reload is tried again before the next
      // execution, as Kamailio does.
      kLog.err("error from Lua: ", *error);
      kLog.err("cannot reload Lua script ", scripts_[i], ", the previous version stays");
      ts.lastError = *error;
      all = false;
      continue;
    }
    kLog.dbg("reloaded Lua script ", scripts_[i]);
    ts.loadedVersions[i] = version;
  }
  if (all) ts.seenGeneration = generation;
}

void LuaEngine::reportError(ThreadState& ts, std::string_view what) {
  if (routeErrorLog.err("error from Lua: ", ts.lastError)) kLog.err("error executing: ", what);
}

RouteOutcome LuaEngine::callRoute(std::string_view name, std::optional<std::string_view> eventName,
                                  MessageContext& ctx) {
  ThreadState* ts = threadState();
  if (ts == nullptr) return RouteOutcome::Failed;
  applyPendingReload(*ts);
  LuaState& lua = *ts->routing;
  StackGuard guard(lua.get());
  if (!lua.pushGlobalFunction(name)) {
    if (eventName) {
      kLog.err("no function '", name, "' in the Lua scripts for the event ", *eventName);
    } else {
      kLog.dbg("no function '", name, "' in the Lua scripts");
    }
    return RouteOutcome::Missing;
  }
  if (eventName) lua_pushlstring(lua.get(), eventName->data(), eventName->size());
  ContextScope scope(*ts, &ctx);
  if (lua.call(eventName ? 1 : 0, ts->lastError) == CallStatus::Error) {
    reportError(*ts, name);
    return RouteOutcome::Failed;
  }
  return RouteOutcome::Completed;
}

RouteOutcome LuaEngine::run(std::string_view name, MessageContext& ctx) {
  return callRoute(name, std::nullopt, ctx);
}

RouteOutcome LuaEngine::runEvent(std::string_view name, std::string_view eventName,
                                 MessageContext& ctx) {
  return callRoute(name, eventName, ctx);
}

bool LuaEngine::defines(std::string_view name) {
  ThreadState* ts = threadState();
  if (ts == nullptr) return false;
  applyPendingReload(*ts);
  StackGuard guard(ts->routing->get());
  return ts->routing->pushGlobalFunction(name);
}

HookResult LuaEngine::prepareThread() {
  ThreadState* ts = threadState();
  if (ts == nullptr) return HookResult::failure("cannot create a Lua state");
  if (!ts->loadError.empty()) return HookResult::failure(ts->loadError);
  return HookResult::success();
}

ReloadResult LuaEngine::reloadScripts(std::optional<std::size_t> index) {
  ReloadResult result = scheduleReload(index);
  if (options_.statistics != nullptr) options_.statistics->recordReload(result.ok());
  return result;
}

std::optional<std::string> LuaEngine::trialLoad(std::size_t first, std::size_t last) {
  ThreadState trial;
  try {
    trial.bindings = collectBindings(registry_, false);
    trial.routing = makeState(trial, options_);
  } catch (const std::exception& e) {
    return std::string("cannot create a Lua state: ") + e.what();
  }
  std::vector<std::shared_ptr<const ScriptSource>> checked;
  for (std::size_t i = first; i < last; ++i) {
    ScriptSource source;
    auto code = LuaState::readScript(scripts_[i], source.readError);
    if (!code) return source.readError;
    source.code = std::move(*code);
    if (auto error = trial.routing->runScript(source.code, scripts_[i])) return error;
    checked.push_back(std::make_shared<const ScriptSource>(std::move(source)));
  }
  // Accepted: the texts just checked are what the workers will load.
  std::lock_guard lock(sourcesMutex_);
  for (std::size_t i = first; i < last; ++i) sources_[i] = std::move(checked[i - first]);
  return std::nullopt;
}

ReloadResult LuaEngine::scheduleReload(std::optional<std::size_t> index) {
  using Status = ReloadResult::Status;
  if (!options_.reloadAllowed) {
    return {Status::Disabled, "reload is disabled (modparam(\"app_lua\", \"reload\", 0))"};
  }
  std::lock_guard lock(reloadMutex_);
  if (scripts_.empty()) return {Status::NoScripts, "no Lua scripts are loaded"};
  if (index && *index >= scripts_.size()) {
    return {Status::BadIndex, "no Lua script at index " + std::to_string(*index) + " (" +
                                  std::to_string(scripts_.size()) + " loaded)"};
  }
  const std::size_t first = index.value_or(0);
  const std::size_t last = index ? *index + 1 : scripts_.size();
  if (auto error = trialLoad(first, last)) return {Status::ScriptError, *error};
  for (std::size_t i = first; i < last; ++i) {
    versions_[i].fetch_add(1, std::memory_order_release);
  }
  generation_.fetch_add(1, std::memory_order_release);
  if (index) {
    kLog.info("Lua script ", scripts_[*index], " scheduled for reload");
  } else {
    kLog.info("all ", scripts_.size(), " Lua scripts scheduled for reload");
  }
  return {};
}

namespace {

// The thread's clean state (without the loaded scripts) for
// KSR.app_lua.dofile/dostring, created on first use; null when it cannot be.
LuaState* cleanState(ThreadState& ts, const LuaEngine::Options& options) {
  try {
    if (!ts.clean) ts.clean = makeState(ts, options);
  } catch (const std::exception& e) {
    kLog.err("cannot create a Lua state: ", e.what());
    return nullptr;
  }
  return ts.clean.get();
}

}  // namespace

int LuaEngine::doFile(std::string_view path, MessageContext* ctx) {
  ThreadState* ts = threadState();
  if (ts == nullptr || cleanState(*ts, options_) == nullptr) return -1;
  ContextScope scope(*ts, ctx);
  if (auto error = ts->clean->runFile(std::string(path))) {
    ts->lastError = *error;
    routeErrorLog.err("error from Lua: ", ts->lastError);
    return -1;
  }
  return 1;
}

int LuaEngine::doString(std::string_view code, MessageContext* ctx) {
  ThreadState* ts = threadState();
  if (ts == nullptr || cleanState(*ts, options_) == nullptr) return -1;
  ContextScope scope(*ts, ctx);
  const CallStatus status = ts->clean->runString(code, ts->lastError);
  if (status == CallStatus::Error) routeErrorLog.err("error from Lua: ", ts->lastError);
  return kamailioResult(status);
}

int LuaEngine::runString(std::string_view code, MessageContext* ctx) {
  ThreadState* ts = threadState();
  if (ts == nullptr) return -1;
  applyPendingReload(*ts);
  ContextScope scope(*ts, ctx);
  const CallStatus status = ts->routing->runString(code, ts->lastError);
  if (status == CallStatus::Error) routeErrorLog.err("error from Lua: ", ts->lastError);
  return kamailioResult(status);
}

int LuaEngine::runFunction(std::string_view name, std::span<const std::string_view> args,
                           MessageContext* ctx) {
  ThreadState* ts = threadState();
  if (ts == nullptr) return -1;
  applyPendingReload(*ts);
  LuaState& lua = *ts->routing;
  lua_State* L = lua.get();
  StackGuard guard(L);
  if (!lua.pushGlobalFunction(name)) {
    routeErrorLog.err("no such function [", name, "] in the Lua scripts");
    return -1;
  }
  for (std::string_view arg : args) lua_pushlstring(L, arg.data(), arg.size());
  ContextScope scope(*ts, ctx);
  const CallStatus status = lua.call(static_cast<int>(args.size()), ts->lastError);
  if (status == CallStatus::Error) reportError(*ts, name);
  return kamailioResult(status);
}

std::string LuaEngine::lastError() const {
  const ThreadState* ts = tThreadCache.find(id_);
  return ts != nullptr ? ts->lastError : std::string();
}

}  // namespace kemid::app_lua
