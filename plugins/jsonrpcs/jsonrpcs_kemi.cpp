#include "jsonrpcs_kemi.h"

#include <array>

#include "core/log.h"
#include "core/module_host.h"
#include "pv/pv_api.h"
#include "rpc_exec.h"

namespace kemid::jsonrpcs {
namespace {

constexpr Logger kLog{"jsonrpcs"};

using enum KemiType;
using pv::PvValue;

JsonrpcsModule& moduleOf(const KemiCall& call) {
  return *static_cast<JsonrpcsModule*>(call.state);
}

// exec(cmd): 1 once the command ran (even when it answered with a fault),
// -1 when cmd is not a JSON document (the kept answer is left as it was).
KemiValue kemiExec(KemiCall& call) {
  auto reply = executeRpc(moduleOf(call).dispatcher(), call.strArg(0));
  if (!reply) return std::int64_t{-1};
  keepReply(std::move(*reply));
  return std::int64_t{1};
}

// response(): the body of the last answer, "" before the first.
KemiValue kemiResponse(KemiCall&) {
  return lastReply().body;
}

constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};

// In Kamailio 5.6 execx takes the command as exec does (measured: no
// pseudo-variables are evaluated in it); dispatch (xhttp) is not offered.
constexpr std::array kKemi{
    KemiFunctionDef{"exec", Int, kStr, &kemiExec},
    KemiFunctionDef{"execx", Int, kStr, &kemiExec},
    KemiFunctionDef{"response", XVal, kNoParams, &kemiResponse},
};

PvValue readReply(std::string_view inner, std::optional<int>, MessageContext&) {
  const RpcExecReply& reply = lastReply();
  if (inner == "code") return PvValue::integer(reply.code);
  // Null before the first command, as in Kamailio.
  if (reply.code == 0) return {};
  if (inner == "text") return PvValue::string(reply.text);
  if (inner == "body") return PvValue::string(reply.body);
  kLog.err("unknown inner name [", inner, "] of $jsonrpl");
  return {};
}

}  // namespace

JsonrpcsModule::JsonrpcsModule(ModuleHost& host) : host_(host), dispatcher_(host.rpc()) {}

std::span<const KemiFunctionDef> jsonrpcsFunctions() {
  return kKemi;
}

bool provideReplyVariable(ModuleHost& host) {
  auto* pv = host.findApi<pv::PvApi>();
  if (pv == nullptr) {
    kLog.err("pv is not loaded: $jsonrpl is not available");
    return false;
  }
  if (!pv->provide("jsonrpl", &readReply)) {
    kLog.err("cannot name $jsonrpl (taken)");
    return false;
  }
  return true;
}

}  // namespace kemid::jsonrpcs
