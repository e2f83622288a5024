#pragma once
// Loads the plugins a Config names, applies their modparams, runs their
// lifecycle hooks, and registers their KEMI functions and RPC commands.

#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"

namespace kemid {

class KemiRegistry;
class RpcRegistry;

// Owns one dlopen handle and closes it when destroyed.
class SharedLibrary {
 public:
  // dlopen(file, RTLD_NOW | RTLD_LOCAL); an empty result leaves dlerror()'s
  // text in `error`.
  static SharedLibrary open(const std::string& file, std::string& error);

  SharedLibrary(SharedLibrary&& other) noexcept;
  SharedLibrary& operator=(SharedLibrary&&) = delete;
  ~SharedLibrary();

  explicit operator bool() const { return handle_ != nullptr; }
  void* symbol(const char* name) const;
  // dlopen hands out the same handle for a file that is already open.
  bool sameFileAs(const SharedLibrary& other) const { return handle_ == other.handle_; }

 private:
  explicit SharedLibrary(void* handle) : handle_(handle) {}
  void* handle_;
};

// One loaded plugin.
struct LoadedModule {
  // First, so that it is destroyed last: the descriptor, the parameter table
  // and the state's destructor all live in the .so.
  SharedLibrary library;
  ModuleEntry entry;  // from the config
  std::string file;   // the .so that was opened
  const ModuleDescriptor* descriptor = nullptr;
  ModuleParams params;
  std::unique_ptr<ModuleState> state;  // set by the init hook, if any
};

class ModuleSet {
 public:
  ModuleSet(KemiRegistry& kemi, RpcRegistry& rpc);
  // Runs shutdown hooks (if initialised), frees states, then unloads. The
  // registries keep pointers into the modules: nothing may call through them
  // afterwards.
  ~ModuleSet();
  ModuleSet(const ModuleSet&) = delete;
  ModuleSet& operator=(const ModuleSet&) = delete;

  // Opens every module of `config` in order, searching `searchPath` (the
  // directories of `mpath`, or the default module directory), checks its
  // descriptor and applies its modparams. Throws ConfigError naming the
  // loadmodule/modparam line for: a module file not found, a .so that does
  // not open or lacks the entry point, another ABI version, a module loaded
  // twice, an unknown parameter, a value of the wrong type or range. On
  // failure none of this call's modules stays loaded.
  void load(const Config& config, const std::vector<std::string>& searchPath);

  // Runs the init hooks in load order and registers each module's KEMI
  // functions and RPC commands. Throws ConfigError when a hook fails or a
  // name is taken; the modules initialised so far are then shut down, every
  // module is unloaded and the registries are restored to what they held.
  void init(const Config& config);

  // Per worker thread (Kamailio's child_init); throws std::runtime_error
  // naming the module when a hook fails.
  void initWorker(int workerIndex);

  // The start hooks in load order, once the routing engine is set (see
  // StartHook); throws std::runtime_error naming the module when one fails.
  void start();

  // Shutdown hooks in reverse load order; idempotent.
  void shutdown();

  const std::vector<std::unique_ptr<LoadedModule>>& modules() const { return modules_; }
  ModuleHost& host() { return host_; }

 private:
  std::vector<std::unique_ptr<LoadedModule>> modules_;
  ModuleHost host_;
  bool initialised_ = false;
};

// Directories to search: `mpath` split at ':' when set, else `defaultDir`.
std::vector<std::string> moduleSearchPath(const Config& config, const std::string& defaultDir);

}  // namespace kemid
