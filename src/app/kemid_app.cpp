#include "app/kemid_app.h"

#include <Poco/Exception.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "app/idle_memory.h"
#include "app/paths.h"
#include "app/pid_file.h"
#include "config/config_loader.h"
#include "config/config_writer.h"
#include "core/config_error.h"
#include "core/core_kemi.h"
#include "core/core_statistics.h"
#include "core/kemi_registry.h"
#include "core/log.h"
#include "core/message_pipeline.h"
#include "core/module_loader.h"
#include "core/route_engine.h"
#include "core/rpc_registry.h"
#include "core/tls.h"
#include "http/http_server.h"
#include "sip/raw_scan.h"
#include "transport/local_addresses.h"
#include "transport/sip_transports.h"
#include "transport/transport_metrics.h"
#include "transport/worker_pool.h"

namespace kemid {

namespace {

const Logger kLog{"core"};

constexpr int kExitConfigError = 1;

std::string versionLine() {
  return "kemid " KEMID_VERSION " (x86_64/linux)";
}

// Options that kemid reads after the config, so they win over it (as in Kamailio).
void applyCommandLine(const CommandLine& cl, Config& config) {
  for (const auto& text : cl.extraListen) {
    try {
      auto address = parseListenAddress(text);
      address.where.file = "command line (-l)";
      config.core.listen.push_back(std::move(address));
    } catch (const std::invalid_argument& e) {
      throw ConfigError({"command line (-l)", 0, 0}, e.what());
    }
  }
  if (cl.children) config.core.children = *cl.children;
  if (cl.logToStderr || cl.checkOnly) config.core.logStderror = true;
  config.core.debug += cl.debugIncrease;
}

// No listen at all (nor -l): every local IPv4 address on `port`, as
// Kamailio does.
void listenOnEveryLocalAddress(Config& config) {
  if (!config.core.listen.empty()) return;
  for (const std::string& ip : localIpv4Addresses()) {
    ListenAddress address;
    address.transport = Transport::Any;  // UDP and TCP, as Kamailio
    address.host = ip;
    address.where.file = "no listen in the config: every local IPv4 address";
    config.core.listen.push_back(std::move(address));
  }
}

// Worker threads of one call: the Call-ID's hash (RFC 3261 §8.1.1.4), so
// that a call's messages are handled in order by one worker at a time.
// Datagrams without one go to worker 0 to be refused there.
std::size_t callIdKey(std::string_view datagram) {
  auto callId = sip::findCallId(datagram);
  return callId ? std::hash<std::string_view>{}(*callId) : 0;
}

// The first worker that could not start, e.g. a routing script whose top
// level fails: kemid then does not start (Kamailio's child_init failure).
class WorkerStartFailure {
 public:
  void record(std::string what) {
    std::lock_guard lock(mutex_);
    if (first_.empty()) first_ = std::move(what);
  }
  std::string first() const {
    std::lock_guard lock(mutex_);
    return first_;
  }

 private:
  mutable std::mutex mutex_;
  std::string first_;
};

void initWorker(ModuleSet& modules, int index, WorkerStartFailure& failure) {
  try {
    modules.initWorker(index);
  } catch (const std::exception& e) {
    failure.record(e.what());
  }
}

// How often the main thread looks whether to give memory back.
constexpr timespec kIdleMemoryInterval{5, 0};

// Serves until SIGTERM, SIGINT or SIGQUIT; SIGHUP reloads the routing
// script. SIGUSR1 and SIGUSR2 log a status line (Kamailio prints a memory
// report); SIGALRM is logged and ignored: none of them ends kemid. Between
// signals, gives memory back after a burst (idle_memory.h).
void waitForStopSignal(ModuleHost& host, IdleMemory& idleMemory) {
  sigset_t handled;
  sigemptyset(&handled);
  for (int sig : kHandledSignals) sigaddset(&handled, sig);
  for (;;) {
    const int sig = sigtimedwait(&handled, nullptr, &kIdleMemoryInterval);
    if (sig < 0) {
      if (errno == EAGAIN) idleMemory.check();
      continue;
    }
    if (sig == SIGUSR1 || sig == SIGUSR2) {
      kLog.notice("signal ", sig, " received: ", versionLine(), " running, resident memory ",
                  residentBytes() / (1024 * 1024), " MiB");
      continue;
    }
    if (sig == SIGALRM) {
      kLog.notice("signal ", sig, " (SIGALRM) received and ignored");
      continue;
    }
    if (sig != SIGHUP) {
      kLog.notice("signal ", sig, " received, shutting down");
      return;
    }
    HookResult result = host.routing()->reload();
    if (result.ok()) {
      kLog.notice("SIGHUP: routing script reload scheduled");
    } else {
      kLog.err("SIGHUP: routing script reload refused: ", result.error);
    }
  }
}

void configureLogging(const CoreSettings& core) {
  logging::setLevel(core.debug);
  if (core.logStderror) {
    logging::toStderr();
  } else {
    logging::toSyslog(core.logFacility, core.logName.empty() ? "kemid" : core.logName);
  }
}

// As Kamailio 5.6: enable_tls without the tls module serves no TLS, with a
// warning.
CoreSettings withoutTlsUnlessLoaded(const Config& config) {
  CoreSettings core = config.core;
  if (core.enableTls && config.findModule("tls") == nullptr) {
    kLog.warn(
        "enable_tls is set, but the tls module is not loaded (loadmodule \"tls.so\"): "
        "no TLS socket is opened");
    core.enableTls = false;
  }
  return core;
}

}  // namespace

void KemidApp::defineOptions(Poco::Util::OptionSet& options) {
  ServerApplication::defineOptions(options);
  using Poco::Util::Option;
  options.addOption(Option("file", "f", "configuration file (.cfg)").argument("FILE"));
  options.addOption(Option("check", "c", "check the configuration and exit"));
  options.addOption(
      Option("foreground", "D", "-D or -DD: stay in the foreground (default: daemonize; -DDD too)")
          .repeatable(true));
  options.addOption(Option("stderr", "E", "log to stderr"));
  options.addOption(Option("debug-up", "d", "raise the debug level by one").repeatable(true));
  options.addOption(
      Option("listen", "l", "add a listen address [proto:]addr[:port][/advaddr[:advport]]")
          .argument("ADDR")
          .repeatable(true));
  options.addOption(Option("children", "n", "worker threads per UDP socket").argument("N"));
  options.addOption(Option("pid-file", "P", "write the process id to FILE").argument("FILE"));
  options.addOption(Option("define", "A", "preprocessor define ID or ID=VALUE")
                        .argument("ID[=VAL]")
                        .repeatable(true));
  options.addOption(Option("version", "V", "print the version and exit"));
  options.addOption(Option("help", "h", "print this help and exit"));
  // No short letter: Kamailio has no such option to mirror.
  options.addOption(Option("dump-config", "",
                           "print the effective configuration (-f, -A, -l, -n ... applied) as "
                           "YAML, or with =cfg as kamailio.cfg, and exit")
                        .argument("yaml|cfg", false));
}

void KemidApp::handleOption(const std::string& name, const std::string& value) {
  ServerApplication::handleOption(name, value);
  CommandLine& cl = commandLine_;
  if (name == "file") {
    cl.configFile = value;
  } else if (name == "check") {
    cl.checkOnly = true;
  } else if (name == "foreground") {
    ++cl.foreground;
  } else if (name == "stderr") {
    cl.logToStderr = true;
  } else if (name == "debug-up") {
    ++cl.debugIncrease;
  } else if (name == "listen") {
    cl.extraListen.push_back(value);
  } else if (name == "children") {
    try {
      cl.children = std::stoi(value);
    } catch (const std::exception&) {
      throw Poco::InvalidArgumentException("-n expects a number, found '" + value + "'");
    }
  } else if (name == "pid-file") {
    cl.pidFile = value;
  } else if (name == "define") {
    cl.defines.push_back(parseDefineOption(value));
  } else if (name == "version") {
    cl.showVersion = true;
    stopOptionsProcessing();
  } else if (name == "dump-config") {
    if (!value.empty() && value != "yaml" && value != "cfg") {
      throw Poco::InvalidArgumentException("--dump-config takes yaml or cfg, found '" + value +
                                           "'");
    }
    dumpConfig_ = value.empty() ? "yaml" : value;
  } else if (name == "help") {
    cl.showHelp = true;
    stopOptionsProcessing();
  }
}

void KemidApp::printHelp() const {
  Poco::Util::HelpFormatter help(options());
  help.setCommand("kemid");
  help.setUsage("[options]");
  help.setHeader("kemid, a SIP proxy that runs Kamailio configurations and Lua (KEMI) scripts.");
  help.setUnixStyle(true);
  help.format(std::cout);
}

void KemidApp::printCheckReport(const Config& config, const ModuleSet& modules) const {
  constexpr const char* kIndent = "             ";
  // As Kamailio: the UDP sockets, then the TCP ones, then the TLS ones; a
  // listen without a transport is one of each (ListenAddress::serves).
  std::cout << "Listening on \n";
  for (Transport transport : {Transport::Udp, Transport::Tcp, Transport::Tls, Transport::Sctp}) {
    for (ListenAddress address : config.core.listen) {
      if (!address.serves(transport, config.core)) continue;
      address.port = address.portFor(transport, config.core);
      address.transport = transport;
      std::cout << kIndent << address.describe(config.core.port) << "\n";
    }
  }
  std::cout << "Aliases: \n";
  for (const auto& alias : config.core.aliases) std::cout << kIndent << alias << "\n";
  std::cout << "Modules: \n";
  for (const auto& module : modules.modules()) {
    std::cout << kIndent << module->entry.name << " (" << module->file << ")\n";
  }
  std::cout << "\n";
}

int KemidApp::main(const std::vector<std::string>& args) {
  const CommandLine& cl = commandLine_;
  if (cl.showHelp) {
    printHelp();
    return EXIT_OK;
  }
  if (cl.showVersion) {
    std::cout << "version: " << versionLine() << "\n";
    return EXIT_OK;
  }
  if (!args.empty()) {
    std::cerr << "ERROR: unexpected argument '" << args.front() << "' (see kemid -h)\n";
    return EXIT_USAGE;
  }
  logging::toStderr();  // until the config says where logs go

  DefaultPaths defaults = defaultPaths(config().getString("application.dir"));
  KemiRegistry kemi;
  RpcRegistry rpc;
  ModuleSet modules(kemi, rpc);
  Config config;
  try {
    std::string file = cl.configFile.empty() ? defaults.configFile : cl.configFile;
    config = loadConfigFile(file, ConfigLoadOptions{cl.defines});
    applyCommandLine(cl, config);
    // --dump-config: before any module is loaded, so it works without them.
    if (dumpConfig_) {
      std::cout << (*dumpConfig_ == "cfg" ? writeCfgConfig(config) : writeYamlConfig(config));
      return EXIT_OK;
    }
    listenOnEveryLocalAddress(config);
    configureLogging(config.core);
    for (const auto& warning : config.warnings) kLog.warn(warning);
    modules.load(config, moduleSearchPath(config, defaults.moduleDir));
    if (cl.checkOnly) {
      printCheckReport(config, modules);
      std::cerr << "config file ok, exiting...\n";
      return EXIT_OK;
    }
  } catch (const ConfigError& e) {
    reportStartupError(config, e.what());
    return kExitConfigError;
  }
  return serve(config, modules);
}

void KemidApp::reportStartupError(const Config& config, const std::string& text) const {
  std::cerr << "ERROR: " << text << "\n";
  if (!config.core.logStderror) kLog.err(text);
}

int KemidApp::serve(const Config& config, ModuleSet& modules) {
  // No -D, or -DDD: run in the background, as Kamailio does.
  int foreground = commandLine_.foreground;
  if (foreground == 0 || foreground >= 3) daemon_.detach();
  keepFreedMemoryUnderLoad();  // before the threads start
  auto fail = [&](const std::string& text, int exitCode) {
    reportStartupError(config, text);
    daemon_.failed(exitCode);
    return exitCode;
  };

  std::optional<PidFile> pidFile;
  std::unique_ptr<SipTransports> transport;
  try {
    if (!commandLine_.pidFile.empty()) pidFile.emplace(commandLine_.pidFile);
    transport = std::make_unique<SipTransports>(withoutTlsUnlessLoaded(config));
  } catch (const std::exception& e) {
    return fail(e.what(), EXIT_CANTCREAT);
  }
  ModuleHost& host = modules.host();
  host.setNetwork(transport.get());
  CoreKemiState coreKemi(transport.get());
  host.kemi().addModule("", coreKemiFunctions(), &coreKemi);
  host.kemi().addModule("hdr", hdrKemiFunctions(), &coreKemi);
  // KSR.pv exists in every Kamailio; pv.so, when loaded, exports the real one.
  const auto& loaded = modules.modules();
  if (std::none_of(loaded.begin(), loaded.end(),
                   [](const auto& module) { return module->descriptor->name == "pv"; })) {
    host.kemi().addModule("pv", pvWithoutModuleKemiFunctions(), &coreKemi);
  }
  try {
    modules.init(config);
    RouteEngine* engine = host.routeEngine(config.cfgengine);
    if (engine == nullptr) {
      throw ConfigError({config.sourceFile, 0, 0},
                        config.cfgengine.empty()
                            ? "no cfgengine: kemid routes with Lua, add cfgengine \"lua\""
                            : "no loaded module provides cfgengine \"" + config.cfgengine + "\"");
    }
    host.setRouting(engine);
    // A module loaded as "tls" that does not publish the provider.
    if (transport->tcp().servesTls() && host.findApi<TlsProvider>() == nullptr) {
      throw ConfigError({config.sourceFile, 0, 0}, "the tls module provides no TLS sessions");
    }
  } catch (const ConfigError& e) {
    return fail(e.what(), kExitConfigError);
  }

  MessagePipeline pipeline(host, *transport, config.core);
  // `children` per UDP socket, as Kamailio; TCP's messages go to the same
  // workers (tcp_children has no effect).
  int workers = std::max(1, config.core.children) *
                std::max(1, static_cast<int>(transport->udp().sockets().size()));
  WorkerStartFailure workerFailure;
  WorkerPool pool(
      workers, static_cast<std::size_t>(config.core.workerQueueLimit),
      [&](int index) { initWorker(modules, index, workerFailure); },
      [&](Datagram& datagram) { pipeline.handle(datagram.data, datagram.info); });
  if (std::string failed = workerFailure.first(); !failed.empty()) {
    pool.stop();
    modules.shutdown();
    return fail(failed, kExitConfigError);
  }
  try {
    modules.start();
  } catch (const std::runtime_error& e) {
    pool.stop();
    modules.shutdown();
    return fail(e.what(), kExitConfigError);
  }
  // What /metrics and stats.* read, the core's in the order /metrics shows
  // them (the modules registered theirs at init).
  registerPipelineStatistics(host.statistics(), pipeline.counters());
  registerTransportMetrics(host.statistics(), transport->udp().counters(),
                           transport->tcp().counters(), pool);
  registerRouteMetrics(host.statistics(), host.routeStatistics());
  // /metrics and /RPC; an empty http_listen turns them off.
  std::unique_ptr<HttpServer> http;
  if (!config.core.httpListen.empty()) {
    try {
      RpcAccess access;
      std::string error;  // checked when the configuration was read
      if (auto allowed = IpNetworks::parse(config.core.httpAllow, error)) access.allowed = *allowed;
      access.token = config.core.httpToken;
      http = std::make_unique<HttpServer>(config.core.httpListen, host.statistics(), host.rpc(),
                                          std::move(access));
    } catch (const std::exception& e) {
      pool.stop();
      modules.shutdown();
      return fail(e.what(), EXIT_CANTCREAT);
    }
  }
  transport->start(pool, callIdKey, host.findApi<TlsProvider>());
  kLog.notice(versionLine(), " started: ", modules.modules().size(), " modules, ", workers,
              " workers on ", transport->describe());
  daemon_.ready();

  IdleMemory idleMemory([&transport] {
    return transport->udp().counters().datagramsIn.load(std::memory_order_relaxed) +
           transport->tcp().counters().messagesIn.load(std::memory_order_relaxed);
  });
  waitForStopSignal(host, idleMemory);

  if (http) http->stop();  // no RPC into what is stopping
  transport->stop();       // no new messages
  // Finish what was received, but end a script stuck in a loop.
  if (RouteEngine* routing = host.routing()) routing->interrupt();
  pool.stop();
  modules.shutdown();
  kLog.notice("kemid stopped");
  return EXIT_OK;
}

}  // namespace kemid
