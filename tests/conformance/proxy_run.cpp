#include "conformance/proxy_run.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include "support/process.h"
#include "support/redis_server.h"
#include "support/sipp.h"

namespace kemid::conformance {

namespace {

using namespace std::chrono_literals;
using test::BackgroundProcess;
using test::BackgroundSipp;
using test::readFile;
using test::TempDir;

constexpr int kProxyPort = 5060;
constexpr int kCallerPort = 5070;
constexpr int kCalleePort = 5080;

// Both proxies get the same cfg apart from where Kamailio's modules are.
// One worker keeps the order of the script's log lines that of the messages;
// fixed Server/User-Agent values keep the proxies' names off the wire.
std::string proxyConfig(Proxy proxy, const ProxyPrograms& programs, const std::string& modules,
                        const std::filesystem::path& script) {
  std::string cfg =
      "#!KAMAILIO\n"
      "listen=udp:127.0.0.1:" +
      std::to_string(kProxyPort) +
      "\n"
      "children=1\n"
      "debug=2\n"
      "log_stderror=yes\n"
      "server_header=\"Server: conformance\"\n"
      "user_agent_header=\"User-Agent: conformance\"\n";
  if (proxy == Proxy::Kamailio) cfg += "mpath=\"" + programs.kamailioMods + "\"\n";
  cfg +=
      "loadmodule \"tm.so\"\n"
      "loadmodule \"sl.so\"\n"
      "loadmodule \"pv.so\"\n" +
      modules +
      "\nloadmodule \"app_lua.so\"\n"
      "modparam(\"app_lua\", \"load\", \"" +
      script.string() +
      "\")\n"
      "cfgengine \"lua\"\n";
  return cfg;
}

// True once something listens on the proxy's UDP port (/proc/net/udp lists
// local addresses as hex "0100007F:13C4").
bool proxyPortBound() {
  std::ifstream table("/proc/net/udp");
  char port[8];
  std::snprintf(port, sizeof port, ":%04X ", kProxyPort);
  std::string line;
  while (std::getline(table, line)) {
    if (line.find("0100007F" + std::string(port)) != std::string::npos) return true;
  }
  return false;
}

bool waitFor(const auto& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// The callee may still be answering when the caller ends: wait until its
// trace has stopped growing.
std::string settledTrace(const BackgroundSipp& callee) {
  std::string last = callee.messages();
  for (int quiet = 0, round = 0; quiet < 5 && round < 100; ++round) {
    std::this_thread::sleep_for(50ms);
    std::string now = callee.messages();
    quiet = now == last ? quiet + 1 : 0;
    last = std::move(now);
  }
  return last;
}

// acc's line with what differs from run to run replaced: the time and the
// Call-ID (SIPp's [call_id] holds its process id).
std::string normaliseAccLine(std::string line) {
  static const std::regex timestamp("timestamp=[0-9]+");
  static const std::regex callId("call_id=[^;]*");
  line = std::regex_replace(line, timestamp, "timestamp=<timestamp>");
  return std::regex_replace(line, callId, "call_id=<call-id>");
}

// The script's "conf: " lines (the text after it) and acc's "ACC: " lines
// (from "ACC: " on), in log order.
std::vector<std::string> scriptResults(const std::string& log) {
  std::vector<std::string> results;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    if (auto at = line.find("conf: "); at != std::string::npos) {
      results.push_back(line.substr(at + 6));
    } else if (auto acc = line.find("ACC: "); acc != std::string::npos) {
      results.push_back(normaliseAccLine(line.substr(acc)));
    }
  }
  return results;
}

// caller.xml and *.caller.xml, in name order.
std::vector<std::filesystem::path> callerScenarios(const std::filesystem::path& caseDir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(caseDir)) {
    if (entry.path().filename().string().ends_with("caller.xml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The SIPp options a scenario's .args file gives (caller.args beside
// caller.xml: "-t t1" for TCP), whitespace-separated; none without one.
std::vector<std::string> sippArgs(const std::filesystem::path& scenario) {
  std::filesystem::path argsFile = scenario;
  argsFile.replace_extension(".args");
  std::vector<std::string> args;
  if (!std::filesystem::exists(argsFile)) return args;
  std::istringstream words(test::readFile(argsFile));
  for (std::string word; words >> word;) args.push_back(word);
  return args;
}

// Plays one caller scenario, with its callee (same name, "callee" for
// "caller") listening if the case has one.
Exchange playExchange(const std::filesystem::path& callerFile, const TempDir& dir) {
  std::string calleeName = callerFile.filename().string();
  calleeName.replace(calleeName.size() - std::string("caller.xml").size(), 6, "callee");
  const auto calleeFile = callerFile.parent_path() / calleeName;

  Exchange exchange;
  exchange.name = callerFile.filename().string();
  std::unique_ptr<BackgroundSipp> callee;
  if (std::filesystem::exists(calleeFile)) {
    auto options = test::calleeOptions(calleeFile.string(), kCalleePort);
    options.extra = sippArgs(calleeFile);
    callee = std::make_unique<BackgroundSipp>(options, dir.path().string());
  }
  auto callerOptions = test::callerOptions(
      callerFile.string(), "127.0.0.1:" + std::to_string(kProxyPort), kCallerPort, 1, 10);
  callerOptions.extra = sippArgs(callerFile);
  // Bounded: a scenario waiting for what never comes fails.
  auto caller = test::runSipp(callerOptions, dir.path().string(), 20s);
  exchange.successfulCalls = caller.successfulCalls;
  exchange.failedCalls = caller.failedCalls;
  exchange.callerMessages = normaliseGeneratedValues(parseSippTrace(caller.messages));
  if (callee) {
    exchange.calleeMessages = normaliseGeneratedValues(parseSippTrace(settledTrace(*callee)));
    callee->process().signal(SIGKILL);
    callee->process().waitExit(5s);
  }
  return exchange;
}

std::unique_ptr<BackgroundProcess> startProxy(Proxy proxy, const ProxyPrograms& programs,
                                              const TempDir& dir,
                                              const std::filesystem::path& cfg) {
  // A group of its own: Kamailio's workers are stopped with it, even when
  // its main process has to be killed.
  constexpr auto kOwnGroup = BackgroundProcess::ProcessGroup::Own;
  if (proxy == Proxy::Kamailio) {
    return std::make_unique<BackgroundProcess>(
        programs.kamailio,
        std::vector<std::string>{"-DD", "-E", "-f", cfg.string(), "-Y", dir.path().string()},
        dir.path().string(), kOwnGroup);
  }
  return std::make_unique<BackgroundProcess>(
      programs.kemid, std::vector<std::string>{"-DD", "-E", "-f", cfg.string()},
      dir.path().string(), kOwnGroup);
}

// Stops the proxy and every process it forked, and waits until its port is
// free for the next run.
void stopProxy(BackgroundProcess& proxy) {
  proxy.signal(SIGTERM);
  proxy.waitExit(10s);
  proxy.signalGroup(SIGKILL);
  proxy.waitExit(5s);
  waitFor([] { return !proxyPortBound(); }, 5s);
}

std::string replaceAll(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// A case's setup.sql applied by sqlite3 to a new database file, in the
// run's own directory so that each proxy starts from the same data; what
// went wrong, or "".
std::string createCaseDatabase(const std::filesystem::path& setup,
                               const std::filesystem::path& database) {
  auto created =
      test::runProcess("sqlite3", {"-bail", database.string(), ".read " + setup.string()});
  if (created.exitCode == 0) return "";
  return "setup.sql: sqlite3 failed (" + std::to_string(created.exitCode) + "): " + created.err;
}

// A case with a whole configuration of its own (cases/stock): its config.sh
// writes proxy.cfg, and what that includes, into the run directory. What
// went wrong, or "".
std::string writeCaseConfig(const std::filesystem::path& configScript, const TempDir& dir,
                            const std::filesystem::path& database) {
  auto written =
      test::runProcess("bash", {configScript.string(), dir.path().string(), database.string()});
  if (written.exitCode == 0) return "";
  return "config.sh failed (" + std::to_string(written.exitCode) + "): " + written.err;
}

// A case that gives redis.port (ndb_redis) gets an empty redis-server of
// its own on that port for each proxy run; null when it gives none, or
// with `why` when the server did not start.
std::unique_ptr<test::RedisServer> startCaseRedis(const std::filesystem::path& caseDir,
                                                  std::string& why) {
  const auto portFile = caseDir / "redis.port";
  if (!std::filesystem::exists(portFile)) return nullptr;
  const int port = std::stoi(readFile(portFile));
  auto server = test::RedisServer::start(why, static_cast<std::uint16_t>(port));
  if (!server) why = "redis.port: " + why;
  return server;
}

}  // namespace

const char* proxyName(Proxy proxy) {
  return proxy == Proxy::Kamailio ? "Kamailio" : "kemid";
}

void PrintTo(const ConformanceCase& c, std::ostream* out) {
  *out << c.name;
}

std::vector<ConformanceCase> findCases(const std::filesystem::path& casesDir) {
  std::vector<ConformanceCase> cases;
  for (const auto& module : std::filesystem::directory_iterator(casesDir)) {
    if (!module.is_directory()) continue;
    for (const auto& c : std::filesystem::directory_iterator(module.path())) {
      if (std::filesystem::exists(c.path() / "route.lua") ||
          std::filesystem::exists(c.path() / "config.sh")) {
        cases.push_back(
            {module.path().filename().string() + "/" + c.path().filename().string(), c.path()});
      }
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const ConformanceCase& a, const ConformanceCase& b) { return a.name < b.name; });
  return cases;
}

CaseOutcome runCase(const ConformanceCase& c, Proxy proxy, const ProxyPrograms& programs) {
  TempDir dir;
  CaseOutcome outcome;
  std::string redisWhy;
  const auto redis = startCaseRedis(c.dir, redisWhy);
  if (!redisWhy.empty()) {
    outcome.proxyLog = redisWhy;
    return outcome;
  }
  const auto database = dir.path() / "case.sqlite";
  if (std::filesystem::exists(c.dir / "setup.sql")) {
    outcome.proxyLog = createCaseDatabase(c.dir / "setup.sql", database);
    if (!outcome.proxyLog.empty()) return outcome;
  }
  std::filesystem::path cfg;
  if (std::filesystem::exists(c.dir / "config.sh")) {
    outcome.proxyLog = writeCaseConfig(c.dir / "config.sh", dir, database);
    if (!outcome.proxyLog.empty()) return outcome;
    cfg = dir.path() / "proxy.cfg";
  } else {
    auto script =
        dir.write("route.lua", readFile(programs.prelude) + readFile(c.dir / "route.lua"));
    std::string modules;
    if (std::filesystem::exists(c.dir / "modules.cfg")) modules = readFile(c.dir / "modules.cfg");
    modules = replaceAll(std::move(modules), "${CASE_DB}", database.string());
    modules = replaceAll(std::move(modules), "${CASE_DIR}", c.dir.string());
    if (redis)
      modules = replaceAll(std::move(modules), "${REDIS_PORT}", std::to_string(redis->port()));
    cfg = dir.write("proxy.cfg", proxyConfig(proxy, programs, modules, script));
  }

  // Started is told by the port being bound: it must be free first.
  if (!waitFor([] { return !proxyPortBound(); }, 5s)) {
    outcome.proxyLog = "127.0.0.1:" + std::to_string(kProxyPort) + " is in use by another process";
    return outcome;
  }
  auto proxyProcess = startProxy(proxy, programs, dir, cfg);
  outcome.proxyStarted =
      waitFor([&] { return !proxyProcess->running() || proxyPortBound(); }, 10s) &&
      proxyProcess->running();
  if (!outcome.proxyStarted) {
    stopProxy(*proxyProcess);
    outcome.proxyLog = proxyProcess->stderrText();
    return outcome;
  }

  for (const auto& callerFile : callerScenarios(c.dir)) {
    outcome.exchanges.push_back(playExchange(callerFile, dir));
  }

  stopProxy(*proxyProcess);
  outcome.proxyLog = proxyProcess->stderrText();
  outcome.scriptResults = scriptResults(outcome.proxyLog);
  return outcome;
}

std::string kamailioUnavailableReason(const ProxyPrograms& programs) {
  if (!std::filesystem::exists(programs.kamailio)) return programs.kamailio + " is not installed";
  if (!std::filesystem::exists(std::filesystem::path(programs.kamailioMods) / "app_lua.so")) {
    return "Kamailio's app_lua.so is not installed (kamailio-lua-modules)";
  }
  auto version = test::runProcess(programs.kamailio, {"-v"});
  if (version.out.find("kamailio 5.6") == std::string::npos) {
    return "the reference is Kamailio 5.6; found: " + version.out.substr(0, version.out.find('\n'));
  }
  return "";
}

}  // namespace kemid::conformance
