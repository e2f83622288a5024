#include "http/core_rpc.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/rpc_registry.h"
#include "core/statistics_registry.h"

#ifndef KEMID_VERSION
#define KEMID_VERSION "0.0.0"
#endif

namespace kemid {

namespace {

constexpr int kBadRequest = 400;
constexpr int kNotImplemented = 500;

const CoreRpcState& stateOf(const RpcCall& call) {
  return *static_cast<const CoreRpcState*>(call.state);
}

Poco::JSON::Object::Ptr orderedObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

// ctime() without its newline: "Thu Nov 26 04:58:20 2026".
std::string ctimeText(std::chrono::system_clock::time_point at) {
  std::time_t t = std::chrono::system_clock::to_time_t(at);
  char buf[64] = {};
  ::ctime_r(&t, buf);
  std::string text(buf);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string compilerText() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "gcc " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
         std::to_string(__GNUC_PATCHLEVEL__);
#else
  return "unknown";
#endif
}

std::vector<std::string> stringParams(const RpcCall& call) {
  std::vector<std::string> out;
  for (const auto& p : call.params) out.push_back(p.convert<std::string>());
  return out;
}

void listMethods(RpcCall& call) {
  Poco::JSON::Array::Ptr names = new Poco::JSON::Array();
  for (const std::string& name : stateOf(call).registry().names()) names->add(name);
  *call.result = names;
}

void methodHelp(RpcCall& call) {
  if (call.params.size() != 1 || !call.params[0].isString()) {
    call.fault->code = kBadRequest;
    call.fault->message = "Method name expected";
    return;
  }
  const auto* command = stateOf(call).registry().find(call.params[0].extract<std::string>());
  if (command == nullptr) {
    call.fault->code = kBadRequest;
    call.fault->message = "Command not found";
    return;
  }
  *call.result = std::string(command->def->help);
}

// As Kamailio: signatures are not described.
void methodSignature(RpcCall& call) {
  call.fault->code = kNotImplemented;
  call.fault->message = "Not Implemented Yet";
}

void version(RpcCall& call) {
  *call.result = coreVersionText();
}

void uptime(RpcCall& call) {
  const auto now = std::chrono::system_clock::now();
  const auto started = stateOf(call).started();
  auto result = orderedObject();
  result->set("now", ctimeText(now));
  result->set("up_since", ctimeText(started));
  result->set("uptime",
              static_cast<Poco::Int64>(
                  std::chrono::duration_cast<std::chrono::seconds>(now - started).count()));
  *call.result = result;
}

// "0d 0h 0m 49s".
std::string daysText(std::chrono::seconds up) {
  const auto s = up.count();
  return std::to_string(s / 86400) + "d " + std::to_string(s % 86400 / 3600) + "h " +
         std::to_string(s % 3600 / 60) + "m " + std::to_string(s % 60) + "s";
}

void runinfo(RpcCall& call) {
  const auto now = std::chrono::system_clock::now();
  const auto started = stateOf(call).started();
  const auto up = std::chrono::duration_cast<std::chrono::seconds>(now - started);
  auto result = orderedObject();
  result->set("name", std::string("kemid"));
  result->set("version", std::string(KEMID_VERSION));
  result->set("sourceid", std::string("unknown"));
  result->set("compiler", compilerText());
  result->set("compiled", std::string(""));
  result->set("time_now", ctimeText(now));
  result->set("time_started", ctimeText(started));
  result->set("uptime_secs", static_cast<Poco::Int64>(up.count()));
  result->set("utime_days", daysText(up));
  *call.result = result;
}

void info(RpcCall& call) {
  auto result = orderedObject();
  result->set("version", std::string("kemid " KEMID_VERSION));
  result->set("id", std::string("unknown "));
  result->set("compiler", compilerText());
  result->set("compiled", std::string(""));
  result->set("flags", std::string("USE_UDP"));
  *call.result = result;
}

// Kamailio lists its processes; kemid's are the threads of one process.
void psx(RpcCall& call) {
  Poco::JSON::Array::Ptr threads = new Poco::JSON::Array();
  std::vector<long> ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    try {
      ids.push_back(std::stol(entry.path().filename().string()));
    } catch (const std::exception&) {
    }
  }
  std::sort(ids.begin(), ids.end());
  int index = 0;
  for (long id : ids) {
    std::string name;
    std::ifstream comm("/proc/self/task/" + std::to_string(id) + "/comm");
    std::getline(comm, name);
    if (id == ::getpid()) name = "main process - " + name;
    auto entry = orderedObject();
    entry->set("IDX", index++);
    entry->set("PID", static_cast<Poco::Int64>(id));
    entry->set("DSC", name);
    threads->add(entry);
  }
  *call.result = threads;
}

// The statistics selectors every stats.* command requires ("all",
// "group:", names); none is a fault, as in Kamailio, and so is one that is
// not a string (an object, an array, a number).
std::optional<std::vector<std::string>> requiredSelectors(RpcCall& call) {
  if (call.params.empty()) {
    call.fault->code = kBadRequest;
    call.fault->message = "Too few or too many arguments";
    return std::nullopt;
  }
  for (const auto& p : call.params) {
    if (!p.isString()) {
      call.fault->code = kBadRequest;
      call.fault->message = "Invalid Parameters";
      return std::nullopt;
    }
  }
  return stringParams(call);
}

void getStatistics(RpcCall& call) {
  const auto selectors = requiredSelectors(call);
  if (!selectors) return;
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array();
  for (const Statistic& s : stateOf(call).statistics().statistics()) {
    if (statisticMatchesAny(s, *selectors)) {
      lines->add(s.group + ":" + s.name + " = " + std::to_string(s.value));
    }
  }
  *call.result = lines;
}

// stats.fetch and stats.fetchn: {"core.rcv_requests": value, ...}, the
// value a string or a number.
void fetchStatistics(RpcCall& call, bool numeric) {
  const auto selectors = requiredSelectors(call);
  if (!selectors) return;
  auto result = orderedObject();
  for (const Statistic& s : stateOf(call).statistics().statistics()) {
    if (!statisticMatchesAny(s, *selectors)) continue;
    const std::string key = s.group + "." + s.name;
    if (numeric) {
      result->set(key, static_cast<Poco::UInt64>(s.value));
    } else {
      result->set(key, std::to_string(s.value));
    }
  }
  *call.result = result;
}

void fetch(RpcCall& call) {
  fetchStatistics(call, false);
}

void fetchn(RpcCall& call) {
  fetchStatistics(call, true);
}

void resetStatistics(RpcCall& call) {
  if (const auto selectors = requiredSelectors(call)) stateOf(call).statistics().reset(*selectors);
}

constexpr std::array kCommands{
    RpcCommandDef{"system.listMethods", "Lists all RPC methods supported by the server.",
                  listMethods},
    RpcCommandDef{"system.methodHelp", "The help text of an RPC method.", methodHelp},
    RpcCommandDef{"system.methodSignature", "Not described; answers a fault.", methodSignature},
    RpcCommandDef{"core.version", "Returns the version string of the server.", version},
    RpcCommandDef{"core.uptime", "Returns uptime of SIP server.", uptime},
    RpcCommandDef{"core.runinfo", "Name, version, start time and uptime of the server.", runinfo},
    RpcCommandDef{"core.info", "Verbose info, including version number, compile flags, ...", info},
    RpcCommandDef{"core.psx", "Returns the description of running threads.", psx},
    RpcCommandDef{"stats.get_statistics", "Print the values of the statistics.", getStatistics},
    RpcCommandDef{"stats.fetch", "The selected statistics as an object of strings.", fetch},
    RpcCommandDef{"stats.fetchn", "The selected statistics as an object of numbers.", fetchn},
    RpcCommandDef{"stats.reset_statistics", "Reset the values of the statistics.", resetStatistics},
};

}  // namespace

std::span<const RpcCommandDef> coreRpcCommands() {
  return kCommands;
}

std::string coreVersionText() {
  return "kemid " KEMID_VERSION " (x86_64/linux) ";
}

}  // namespace kemid
