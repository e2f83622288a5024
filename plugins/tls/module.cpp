// tls: Kamailio 5.6's tls module for kemid's stream transport. The
// modparams and the `config` file (tls.cfg) make the profiles; the module
// publishes a TlsProvider (core/tls.h) that makes one OpenSSL session per
// connection of a `listen=tls:` socket, provides the $tls_* pseudo-variables
// and answers tls.* RPC commands.

#include <Poco/Dynamic/Var.h>

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <memory>

#include "core/config_error.h"
#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "core/rpc_answer.h"
#include "pv/pv_api.h"
#include "tls_kemi.h"
#include "tls_module.h"
#include "tls_pv.h"
#include "tls_rpc.h"

namespace kemid::tls {
namespace {

constexpr Logger kLog{"tls"};

constexpr ParamDef text(std::string_view name, std::string_view defaultValue = {}) {
  return ParamDef{.name = name, .type = ParamType::Str, .strDefault = defaultValue};
}
constexpr ParamDef flag(std::string_view name, std::int64_t defaultValue) {
  return ParamDef{.name = name,
                  .type = ParamType::Int,
                  .intDefault = defaultValue,
                  .minValue = 0,
                  .maxValue = 1};
}
constexpr ParamDef ignoredInt(std::string_view name, std::int64_t defaultValue) {
  return ParamDef{
      .name = name, .type = ParamType::Int, .intDefault = defaultValue, .noEffect = true};
}
constexpr ParamDef ignoredText(std::string_view name, std::string_view defaultValue = {}) {
  return ParamDef{
      .name = name, .type = ParamType::Str, .strDefault = defaultValue, .noEffect = true};
}

std::string checkMethod(std::string_view value) {
  return parseMethod(value) ? "" : "unknown TLS method \"" + std::string(value) + "\"";
}
std::string checkVerifyClient(std::string_view value) {
  for (std::string_view known : {"off", "on", "optional", "optional_no_ca"}) {
    if (value == known) return "";
  }
  return "expected off, on, optional or optional_no_ca";
}

constexpr std::array kParams{
    ParamDef{.name = "tls_method",
             .type = ParamType::Str,
             .strDefault = "TLSv1",
             .checkString = &checkMethod},
    text("certificate", "cert.pem"),
    text("private_key", "cert.pem"),
    text("ca_list"),
    text("ca_path"),
    text("crl"),
    flag("verify_certificate", 0),
    ParamDef{.name = "verify_depth", .type = ParamType::Int, .intDefault = 9, .minValue = 0},
    flag("require_certificate", 0),
    ParamDef{.name = "verify_client",
             .type = ParamType::Str,
             .strDefault = "off",
             .checkString = &checkVerifyClient},
    text("cipher_list"),
    text("server_name"),
    text("config"),
    flag("send_close_notify", 0),
    // The transport closes idle connections by its own settings.
    ignoredInt("connection_timeout", 600),
    // kemid always disables compression and renegotiation.
    ignoredInt("tls_disable_compression", 1),
    ignoredInt("renegotiation", 0),
    ignoredInt("ssl_release_buffers", -1),
    ignoredInt("ssl_freelist_max_len", -1),
    ignoredInt("ssl_max_send_fragment", -1),
    ignoredInt("ssl_read_ahead", 0),
    ignoredInt("con_ct_wq_max", 65536),
    ignoredInt("ct_wq_max", 10485760),
    ignoredInt("ct_wq_blk_size", 4096),
    ignoredInt("tls_log", 3),
    ignoredInt("tls_debug", 3),
    ignoredInt("low_mem_threshold1", -1),
    ignoredInt("low_mem_threshold2", -1),
    ignoredInt("tls_force_run", 0),
    ignoredInt("session_cache", 0),
    ignoredText("session_id", "kamailio-tls-5.x.y"),
    ignoredText("xavp_cfg"),
    ignoredText("event_callback"),
    ignoredText("rand_engine", "cryptorand"),
    ignoredText("engine"),
    ignoredText("engine_config"),
    ignoredText("engine_algorithms"),
};

// A string modparam as tls.options shows it: null when unset.
Poco::Dynamic::Var optionalText(const std::string& value) {
  return value.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value);
}

// tls.options: the modparams in Kamailio's order and names.
Poco::JSON::Object::Ptr optionsOf(const ModuleParams& p, const TlsModparams& m) {
  auto o = rpc::orderedObject();
  const auto number = [&](std::string_view name) {
    return static_cast<Poco::Int64>(p.getInt(name));
  };
  o->set("force_run", number("tls_force_run"));
  o->set("method", m.method);
  o->set("verify_certificate", number("verify_certificate"));
  o->set("verify_depth", number("verify_depth"));
  o->set("require_certificate", number("require_certificate"));
  o->set("verify_client", p.getString("verify_client"));
  o->set("private_key", optionalText(resolvePath(m.privateKey, m.configDir)));
  o->set("ca_list", optionalText(resolvePath(m.caList, m.configDir)));
  o->set("certificate", optionalText(resolvePath(m.certificate, m.configDir)));
  o->set("cipher_list", optionalText(m.cipherList));
  o->set("session_cache", number("session_cache"));
  o->set("session_id", p.getString("session_id"));
  o->set("config", optionalText(resolvePath(m.config, m.configDir)));
  o->set("log", number("tls_log"));
  o->set("debug", number("tls_debug"));
  o->set("connection_timeout", number("connection_timeout"));
  o->set("disable_compression", number("tls_disable_compression"));
  o->set("ssl_release_buffers", number("ssl_release_buffers"));
  o->set("ssl_freelist_max", number("ssl_freelist_max_len"));
  o->set("ssl_max_send_fragment", number("ssl_max_send_fragment"));
  o->set("ssl_read_ahead", number("ssl_read_ahead"));
  o->set("send_close_notify", number("send_close_notify"));
  o->set("low_mem_threshold1", number("low_mem_threshold1"));
  o->set("low_mem_threshold2", number("low_mem_threshold2"));
  o->set("ct_wq_max", number("ct_wq_max"));
  o->set("con_ct_wq_max", number("con_ct_wq_max"));
  o->set("ct_wq_blk_size", number("ct_wq_blk_size"));
  return o;
}

HookResult provideVariables(TlsModule& module) {
  ModuleHost* host = module.pvHost();
  auto* pv = host != nullptr ? host->findApi<pv::PvApi>() : nullptr;
  if (pv == nullptr) return HookResult::success();
  module.pvFound();
  if (!providePseudoVariables(*pv, module)) {
    return HookResult::failure("tls: cannot register the $tls_* pseudo-variables");
  }
  return HookResult::success();
}

// A server profile for an address kemid does not serve TLS on is a mistake
// Kamailio refuses to start with. A listen line with a host name may be
// that address: it is given the benefit of the doubt.
HookResult checkListeners(const ContextSet& contexts, const CoreSettings& core) {
  for (const auto& pc : contexts.profiles()) {
    const ResolvedProfile& p = pc->profile;
    if (p.role != TlsRole::Server || p.scope != ProfileScope::Address) continue;
    const bool served =
        std::any_of(core.listen.begin(), core.listen.end(), [&](const ListenAddress& l) {
          if (!l.serves(Transport::Tls, core)) return false;
          std::string host = l.host;
          if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
          in6_addr ignored{};
          const bool literal = inet_pton(AF_INET, host.c_str(), &ignored) == 1 ||
                               inet_pton(AF_INET6, host.c_str(), &ignored) == 1;
          return (!literal || host == p.address.ip) &&
                 l.portFor(Transport::Tls, core) == p.address.port;
        });
    if (!served)
      return HookResult::failure("tls: " + p.name + " (" + p.where +
                                 "): no listening TLS socket found");
  }
  return HookResult::success();
}

HookResult init(ModuleInitContext& ctx) {
  TlsModparams modparams = TlsModparams::fromParams(ctx.params, ctx.config.sourceFile);
  auto options = optionsOf(ctx.params, modparams);
  // Without enable_tls Kamailio's tls module loads nothing (its functions
  // and variables stay, answering as for a message not over TLS).
  const bool enabled = ctx.config.core.enableTls;
  if (!enabled) kLog.warn("tls support is disabled (set enable_tls=yes to enable it)");
  std::unique_ptr<TlsModule> module;
  try {
    module = std::make_unique<TlsModule>(std::move(modparams), std::move(options),
                                         ctx.params.getInt("send_close_notify") != 0, enabled);
  } catch (const std::exception& e) {
    return HookResult::failure(std::string("tls: ") + e.what());
  }
  if (HookResult served = checkListeners(*module->contexts(), ctx.config.core); !served.ok()) {
    return served;
  }
  module->setConnectionTimeout(static_cast<int>(ctx.params.getInt("connection_timeout")));
  module->waitForPv(ctx.host);
  if (HookResult provided = provideVariables(*module); !provided.ok()) return provided;
  if (!ctx.host.publishApi<TlsProvider>(*module)) {
    return HookResult::failure("tls: a TLS provider is already published");
  }
  ctx.state = std::move(module);
  return HookResult::success();
}

// Every module is initialised: pv too when it was loaded after tls.
HookResult start(ModuleState* state) {
  auto* module = static_cast<TlsModule*>(state);
  return module != nullptr ? provideVariables(*module) : HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kS{Str};

// Kamailio 5.6's KSR.tls.
constexpr std::array kKemi{
    KemiFunctionDef{"is_peer_verified", Int, kNone, &kemiIsPeerVerified},
    KemiFunctionDef{"set_connect_server_id", Int, kS, &kemiSetConnectServerId},
    KemiFunctionDef{"cget", XVal, kS, &kemiCget},
};

constexpr std::array kRpc{
    RpcCommandDef{"tls.list", "List the established TLS connections.", &rpcList},
    RpcCommandDef{"tls.info", "Summary of the TLS connections.", &rpcInfo},
    RpcCommandDef{"tls.options", "The tls module's parameters.", &rpcOptions},
    RpcCommandDef{"tls.reload", "Reload the TLS config file and its certificates.", &rpcReload},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "tls",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
    .start = &start,
};

}  // namespace
}  // namespace kemid::tls

KEMID_MODULE(kemid::tls::kDescriptor)
