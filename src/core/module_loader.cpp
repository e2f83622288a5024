#include "core/module_loader.h"

#include <dlfcn.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/config_error.h"
#include "core/kemi_registry.h"
#include "core/log.h"
#include "core/rpc_registry.h"

namespace kemid {

namespace {

constexpr Logger kLog{"core"};

bool isFile(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

std::string joinPath(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

std::string joinDirs(const std::vector<std::string>& dirs) {
  std::string out;
  for (const auto& dir : dirs) {
    if (!out.empty()) out += ":";
    out += dir;
  }
  return out;
}

// Kamailio's loadmodule lookup: an absolute path as is; a
// relative path with '/' from the cwd, then under each directory; a bare
// name as D/name.so, then D/name/name.so.
std::optional<std::string> resolveModuleFile(const std::string& spec,
                                             const std::vector<std::string>& dirs) {
  if (spec.starts_with('/')) return spec;
  if (spec.find('/') != std::string::npos) {
    if (isFile(spec)) return spec;
    for (const auto& dir : dirs) {
      std::string candidate = joinPath(dir, spec);
      if (isFile(candidate)) return candidate;
    }
    return std::nullopt;
  }
  const std::string file = spec.ends_with(".so") ? spec : spec + ".so";
  const std::string stem = file.substr(0, file.size() - 3);
  for (const auto& dir : dirs) {
    for (std::string candidate : {joinPath(dir, file), joinPath(dir, stem + "/" + file)}) {
      if (isFile(candidate)) return candidate;
    }
  }
  return std::nullopt;
}

const LoadedModule* findByName(const std::vector<std::unique_ptr<LoadedModule>>& modules,
                               std::string_view name) {
  for (const auto& m : modules) {
    if (m->entry.name == name) return m.get();
  }
  return nullptr;
}

// Opens one module file and checks its descriptor; applies no parameters.
std::unique_ptr<LoadedModule> openModule(const ModuleEntry& entry,
                                         const std::vector<std::string>& searchPath,
                                         const std::vector<std::unique_ptr<LoadedModule>>& loaded) {
  const std::string& spec = entry.path.empty() ? entry.name : entry.path;
  std::optional<std::string> file = resolveModuleFile(spec, searchPath);
  if (!file) {
    std::string searched = joinDirs(searchPath);
    if (spec.find('/') != std::string::npos) searched = searched.empty() ? "." : ".:" + searched;
    throw ConfigError(entry.where, "module '" + spec + "' not found in " + searched);
  }

  std::string error;
  SharedLibrary library = SharedLibrary::open(*file, error);
  if (!library) throw ConfigError(entry.where, "cannot open module '" + *file + "': " + error);
  for (const auto& m : loaded) {
    if (m->library.sameFileAs(library)) {
      throw ConfigError(entry.where, "module file '" + *file + "' is loaded twice (first at " +
                                         m->entry.where.toString() + ")");
    }
  }

  void* symbol = library.symbol(kModuleEntryPoint);
  if (symbol == nullptr) {
    throw ConfigError(entry.where,
                      "'" + *file + "' is not a kemid module: no " + kModuleEntryPoint + " symbol");
  }
  const ModuleDescriptor* descriptor = reinterpret_cast<ModuleEntryPointFn>(symbol)();
  if (descriptor == nullptr) {
    throw ConfigError(entry.where, "'" + *file + "' is not a kemid module: " + kModuleEntryPoint +
                                       " returned no descriptor");
  }
  // Only abiVersion is safe to read before it is checked: the rest of the
  // layout may differ.
  if (descriptor->abiVersion != kModuleAbiVersion) {
    throw ConfigError(entry.where, "module '" + entry.name + "' was built for module ABI " +
                                       std::to_string(descriptor->abiVersion) +
                                       ", kemid uses ABI " + std::to_string(kModuleAbiVersion));
  }
  if (descriptor->name != entry.name) {
    throw ConfigError(entry.where, "'" + *file + "' declares module '" +
                                       std::string(descriptor->name) + "', not '" + entry.name +
                                       "'");
  }

  return std::make_unique<LoadedModule>(LoadedModule{
      .library = std::move(library),
      .entry = entry,
      .file = std::move(*file),
      .descriptor = descriptor,
      .params = ModuleParams(entry.name, descriptor->params),
      .state = nullptr,
  });
}

// States first, then the libraries, each in reverse load order: a module's
// state may still refer to a module loaded before it.
void unloadAll(std::vector<std::unique_ptr<LoadedModule>>& modules) {
  for (auto it = modules.rbegin(); it != modules.rend(); ++it) (*it)->state.reset();
  while (!modules.empty()) modules.pop_back();
}

}  // namespace

SharedLibrary SharedLibrary::open(const std::string& file, std::string& error) {
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    error = why != nullptr ? why : "unknown dlopen error";
  }
  return SharedLibrary(handle);
}

SharedLibrary::SharedLibrary(SharedLibrary&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}

SharedLibrary::~SharedLibrary() {
  if (handle_ != nullptr) dlclose(handle_);
}

void* SharedLibrary::symbol(const char* name) const {
  return dlsym(handle_, name);
}

ModuleSet::ModuleSet(KemiRegistry& kemi, RpcRegistry& rpc) : host_(kemi, rpc) {}

ModuleSet::~ModuleSet() {
  shutdown();
  // Hooks and APIs are objects of the modules' code: gone before the code is.
  host_.withdrawApis();
  unloadAll(modules_);
}

void ModuleSet::load(const Config& config, const std::vector<std::string>& searchPath) {
  const std::size_t before = modules_.size();
  try {
    for (const auto& entry : config.modules) {
      if (const LoadedModule* first = findByName(modules_, entry.name)) {
        throw ConfigError(entry.where, "module '" + entry.name + "' is loaded twice (first at " +
                                           first->entry.where.toString() + ")");
      }
      std::unique_ptr<LoadedModule> module = openModule(entry, searchPath, modules_);
      for (const auto& param : entry.params) module->params.set(param);
      kLog.info("loaded module '", entry.name, "' from ", module->file);
      for (const auto& param : entry.params) {
        kLog.dbg("modparam ", entry.name, ".", param.name, " = ",
                 std::holds_alternative<std::int64_t>(param.value)
                     ? std::to_string(std::get<std::int64_t>(param.value))
                     : "\"" + std::get<std::string>(param.value) + "\"");
      }
      modules_.push_back(std::move(module));
    }
  } catch (...) {
    while (modules_.size() > before) modules_.pop_back();
    throw;
  }
}

void ModuleSet::init(const Config& config) {
  if (initialised_) throw std::logic_error("ModuleSet::init called twice");

  // Registrations made so far point into modules that are unloaded when a
  // later one fails; the snapshots let us take them all back.
  KemiRegistry kemiBefore = host_.kemi();
  RpcRegistry rpcBefore = host_.rpc();
  std::size_t initialised = 0;
  try {
    for (auto& module : modules_) {
      const ModuleDescriptor& d = *module->descriptor;
      const std::string& name = module->entry.name;
      if (d.init != nullptr) {
        ModuleInitContext ctx{module->params, config, host_, nullptr};
        HookResult result;
        try {
          result = d.init(ctx);
        } catch (const std::exception& e) {
          result = HookResult::failure(e.what());
        }
        if (!result.ok()) {
          throw ConfigError(module->entry.where,
                            "module '" + name + "' failed to initialise: " + result.error);
        }
        module->state = std::move(ctx.state);
      }
      ++initialised;
      try {
        if (!d.kemi.empty()) {
          std::string kemiModule = d.kemiModule.empty() ? name : std::string(d.kemiModule);
          host_.kemi().addModule(kemiModule, d.kemi, module->state.get());
        }
        host_.rpc().add(d.rpc, module->state.get());
      } catch (const std::invalid_argument& e) {
        throw ConfigError(module->entry.where, e.what());
      }
      kLog.dbg("initialised module '", name, "': ", d.kemi.size(), " KEMI functions, ",
               d.rpc.size(), " RPC commands");
    }
  } catch (...) {
    host_.kemi() = std::move(kemiBefore);
    host_.rpc() = std::move(rpcBefore);
    for (std::size_t i = initialised; i-- > 0;) {
      const ModuleDescriptor& d = *modules_[i]->descriptor;
      if (d.shutdown != nullptr) d.shutdown(modules_[i]->state.get());
    }
    host_.withdrawApis();
    unloadAll(modules_);
    throw;
  }
  initialised_ = true;
}

void ModuleSet::initWorker(int workerIndex) {
  if (!initialised_) throw std::logic_error("ModuleSet::initWorker before init");
  for (auto& module : modules_) {
    const ModuleDescriptor& d = *module->descriptor;
    if (d.initWorker == nullptr) continue;
    HookResult result = d.initWorker(module->state.get(), workerIndex);
    if (!result.ok()) {
      throw std::runtime_error("module '" + module->entry.name + "' failed to initialise worker " +
                               std::to_string(workerIndex) + ": " + result.error);
    }
  }
}

void ModuleSet::start() {
  if (!initialised_) throw std::logic_error("ModuleSet::start before init");
  for (auto& module : modules_) {
    const ModuleDescriptor& d = *module->descriptor;
    if (d.start == nullptr) continue;
    HookResult result = d.start(module->state.get());
    if (!result.ok()) {
      throw std::runtime_error("module '" + module->entry.name +
                               "' failed to start: " + result.error);
    }
  }
}

void ModuleSet::shutdown() {
  if (!initialised_) return;
  initialised_ = false;
  for (auto it = modules_.rbegin(); it != modules_.rend(); ++it) {
    const ModuleDescriptor& d = *(*it)->descriptor;
    if (d.shutdown != nullptr) d.shutdown((*it)->state.get());
  }
}

std::vector<std::string> moduleSearchPath(const Config& config, const std::string& defaultDir) {
  if (config.core.mpath.empty()) return {defaultDir};
  std::vector<std::string> dirs;
  std::string_view rest = config.core.mpath;
  while (true) {
    const std::size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    if (!dir.empty()) dirs.emplace_back(dir);
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  if (dirs.empty()) dirs.push_back(defaultDir);
  return dirs;
}

}  // namespace kemid
