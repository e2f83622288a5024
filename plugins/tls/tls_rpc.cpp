#include "tls_rpc.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <chrono>

#include "core/log.h"
#include "core/rpc_answer.h"
#include "tls_module.h"

namespace kemid::tls {
namespace {

constexpr Logger kLog{"tls"};

// Kamailio's tls_max_connections default: kemid has no such limit.
constexpr int kMaxConnections = 2048;

TlsModule* moduleOf(RpcCall& call) {
  auto* module = static_cast<TlsModule*>(call.state);
  if (module == nullptr) rpc::fail(call, 500, "TLS support not loaded");
  return module;
}

std::string withoutNewline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

// One object per TLS connection; the source is the peer, the
// destination the local socket, as Kamailio lists them.
void rpcList(RpcCall& call) {
  TlsModule* module = moduleOf(call);
  if (module == nullptr) return;
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  const auto now = std::chrono::steady_clock::now();
  for (const auto& s : module->sessions().all()) {
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - s->since).count();
    auto entry = rpc::orderedObject();
    entry->set("id", static_cast<Poco::Int64>(s->connection));
    entry->set("timeout", std::max<Poco::Int64>(0, module->connectionTimeout() - age));
    entry->set("src_ip", s->remote.ip);
    entry->set("src_port", static_cast<int>(s->remote.port));
    entry->set("dst_ip", s->local.ip);
    entry->set("dst_port", static_cast<int>(s->local.port));
    entry->set("cipher", s->established ? withoutNewline(s->description) : "unknown");
    entry->set("ct_wq_size", 0);
    entry->set("enc_rd_buf", 0);
    // Kamailio's connection flags: 2 once the handshake is done.
    entry->set("flags", s->established ? 2 : 0);
    entry->set("state", s->established ? "established" : "pre-init");
    list->add(entry);
  }
  *call.result = list;
}

void rpcInfo(RpcCall& call) {
  TlsModule* module = moduleOf(call);
  if (module == nullptr) return;
  auto info = rpc::orderedObject();
  info->set("max_connections", kMaxConnections);
  info->set("opened_connections", static_cast<Poco::Int64>(module->sessions().size()));
  info->set("clear_text_write_queued_bytes", 0);
  *call.result = info;
}

void rpcOptions(RpcCall& call) {
  TlsModule* module = moduleOf(call);
  if (module == nullptr) return;
  *call.result = module->options();
}

// The old profiles stay in use when the new ones cannot be loaded; the
// answer says which step failed, the log says why (file and line).
void rpcReload(RpcCall& call) {
  TlsModule* module = moduleOf(call);
  if (module == nullptr) return;
  const TlsModule::ReloadResult result = module->reload();
  if (result.ok()) {
    *call.result = std::string("Ok. TLS configuration reloaded.");
    return;
  }
  if (result.stage == TlsModule::ReloadStage::NoConfigFile) {
    rpc::fail(call, 500, "No TLS configuration file configured");
    return;
  }
  kLog.err("tls.reload: ", result.error);
  rpc::fail(call, 500,
            result.stage == TlsModule::ReloadStage::ReadingFile
                ? "Error while loading TLS configuration file (consult server log)"
                : "Error while fixing TLS configuration (consult server log)");
}

}  // namespace kemid::tls
