#include "rpc_commands.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "core/log.h"
#include "core/rpc_answer.h"
#include "ksr_binding.h"
#include "module_state.h"

namespace kemid::app_lua {
namespace {

constexpr Logger kLog{"app_lua"};
constexpr int kFaultCode = 500;
constexpr std::string_view kReloadFailed = "Reload Failed";

AppLuaModule& moduleOf(const RpcCall& call) {
  return *static_cast<AppLuaModule*>(call.state);
}

void fault(RpcCall& call, std::string message) {
  rpc::fail(call, kFaultCode, std::move(message));
}

}  // namespace

void rpcReload(RpcCall& call) {
  std::optional<std::size_t> index;
  if (!call.params.empty() && !call.params[0].isEmpty()) {
    long long value = -1;
    try {
      value = call.params[0].convert<long long>();
    } catch (const Poco::Exception&) {
      fault(call, std::string(kReloadFailed));
      kLog.err("app_lua.reload: the index must be an integer");
      return;
    }
    // Kamailio treats a negative index as "all scripts".
    if (value >= 0) index = static_cast<std::size_t>(value);
  }
  const ReloadResult result = moduleOf(call).engine().reloadScripts(index);
  if (result.ok()) return;
  kLog.err("app_lua.reload: ", result.error);
  // A script that does not load is worth showing to the operator; the
  // other refusals answer exactly as Kamailio does.
  fault(call, result.status == ReloadResult::Status::ScriptError
                  ? std::string(kReloadFailed) + ": " + result.error
                  : std::string(kReloadFailed));
}

void rpcList(RpcCall& call) {
  const auto& scripts = moduleOf(call).engine().scripts();
  if (scripts.empty()) {
    *call.result = std::string("No scripts loaded");
    return;
  }
  auto line = [&](std::size_t i) { return std::to_string(i) + ": [" + scripts[i] + "]"; };
  // One line is one string, as Kamailio's JSON-RPC answers; several become
  // an array (Kamailio's jsonrpcs would keep only the last).
  if (scripts.size() == 1) {
    *call.result = line(0);
    return;
  }
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array();
  for (std::size_t i = 0; i < scripts.size(); ++i) lines->add(line(i));
  *call.result = lines;
}

void rpcApiList(RpcCall& call) {
  const auto& exports = moduleOf(call).engine().registry().all();
  Poco::JSON::Array::Ptr methods = new Poco::JSON::Array();
  for (const KemiExport& e : exports) {
    Poco::JSON::Object::Ptr func = rpc::orderedObject();
    func->set("ret", std::string(kemiTypeName(e.def->returns)));
    func->set("module", e.module);
    func->set("name", std::string(e.def->name));
    func->set("params", kemiParamsText(*e.def));
    Poco::JSON::Object::Ptr method = rpc::orderedObject();
    method->set("func", func);
    methods->add(method);
  }
  Poco::JSON::Object::Ptr result = rpc::orderedObject();
  result->set("msize", static_cast<int>(exports.size()));
  result->set("methods", methods);
  *call.result = result;
}

}  // namespace kemid::app_lua
