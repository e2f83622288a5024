// dispatcher: load balancing and failover over destination sets (list_file
// or db_url), with OPTIONS probing, as Kamailio's dispatcher module.

#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "db/db.h"
#include "db/kamailio_schema.h"
#include "dispatcher_kemi.h"
#include "dispatcher_module.h"
#include "prober.h"

namespace kemid::dispatcher {
namespace {

const Logger kLog{"dispatcher"};

constexpr ParamDef text(std::string_view name, std::string_view value) {
  return ParamDef{.name = name, .type = ParamType::Str, .strDefault = value};
}
constexpr ParamDef number(std::string_view name, std::int64_t value) {
  return ParamDef{.name = name, .type = ParamType::Int, .intDefault = value};
}
constexpr ParamDef ignoredText(std::string_view name, std::string_view value) {
  return ParamDef{.name = name, .type = ParamType::Str, .strDefault = value, .noEffect = true};
}
constexpr ParamDef ignoredInt(std::string_view name, std::int64_t value) {
  return ParamDef{.name = name, .type = ParamType::Int, .intDefault = value, .noEffect = true};
}

constexpr std::array kParams{
    text("list_file", "/etc/kamailio/dispatcher.list"),
    text("db_url", ""),
    text("table_name", "dispatcher"),
    text("setid_col", "setid"),
    text("destination_col", "destination"),
    text("flags_col", "flags"),
    text("priority_col", "priority"),
    text("attrs_col", "attrs"),
    number("force_dst", 1),
    number("flags", 0),
    number("use_default", 0),
    text("xavp_dst", "_dsdst_"),
    ignoredInt("xavp_dst_mode", 0),
    ignoredText("xavp_ctx", "_dsctx_"),
    ignoredInt("xavp_ctx_mode", 0),
    text("hash_pvar", ""),
    text("setid_pvname", ""),
    text("attrs_pvname", ""),
    number("ds_probing_threshold", 1),
    number("ds_inactive_threshold", 1),
    text("ds_ping_method", "OPTIONS"),
    text("ds_ping_from", "sip:dispatcher@localhost"),
    ParamDef{.name = "ds_ping_interval", .type = ParamType::Int, .minValue = 0},
    ignoredInt("ds_ping_latency_stats", 0),
    ignoredInt("ds_latency_estimator_alpha", 900),
    text("ds_ping_reply_codes", ""),
    ParamDef{.name = "ds_probing_mode", .type = ParamType::Int, .minValue = 0, .maxValue = 3},
    number("ds_hash_size", 0),
    number("ds_hash_expire", 7200),
    number("ds_hash_initexpire", 7200),
    ignoredInt("ds_hash_check_interval", 30),
    text("outbound_proxy", ""),
    ignoredText("ds_default_socket", ""),
    ignoredText("ds_default_sockname", ""),
    ignoredInt("ds_timer_mode", 0),
    text("event_callback", ""),
    ignoredInt("ds_attrs_none", 0),
    ignoredText("ds_db_extra_attrs", ""),
    ignoredInt("ds_load_mode", 0),
    number("reload_delta", 5),
    ignoredInt("ds_dns_mode", 1),
    ignoredInt("ds_dns_interval", 600),
    ignoredInt("ds_dns_ttl", 0),
};

// The dispatcher table's versions Kamailio 5.6 reads (4 has attrs).
constexpr std::int64_t kTableVersion = 4;

// ds_ping_reply_codes: "code=404;class=3;...". As Kamailio, codes outside
// 100..699, classes outside 1..6 and other names are left out.
void parseReplyCodes(const std::string& textValue, DispatcherSettings& s) {
  std::istringstream in(textValue);
  std::string item;
  while (std::getline(in, item, ';')) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) continue;
    std::string name = item.substr(0, eq);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const int value = std::atoi(item.c_str() + eq + 1);
    if (name == "code" && value >= 100 && value < 700) {
      s.pingReplyCodes.push_back(value);
    } else if (name == "class" && value >= 1 && value < 7) {
      s.pingReplyClasses.push_back(value);
    }
  }
}

HookResult init(ModuleInitContext& ctx) {
  const ModuleParams& p = ctx.params;
  DispatcherSettings s{
      .listFile = p.getString("list_file"),
      .dbUrl = p.getString("db_url"),
      .columns = {.table = p.getString("table_name"),
                  .setId = p.getString("setid_col"),
                  .destination = p.getString("destination_col"),
                  .flags = p.getString("flags_col"),
                  .priority = p.getString("priority_col"),
                  .attrs = p.getString("attrs_col")},
      .flags = static_cast<int>(p.getInt("flags")),
      .useDefault = p.getInt("use_default") != 0,
      .forceDst = p.getInt("force_dst") != 0,
      .xavpDst = p.getString("xavp_dst"),
      .probingThreshold = static_cast<int>(p.getInt("ds_probing_threshold")),
      .inactiveThreshold = static_cast<int>(p.getInt("ds_inactive_threshold")),
      .pingMethod = p.getString("ds_ping_method"),
      .pingFrom = p.getString("ds_ping_from"),
      .pingInterval = static_cast<int>(p.getInt("ds_ping_interval")),
      .probingMode = static_cast<int>(p.getInt("ds_probing_mode")),
      .pingReplyCodes = {},
      .pingReplyClasses = {},
      .outboundProxy = p.getString("outbound_proxy"),
      .hashSize = static_cast<int>(p.getInt("ds_hash_size")),
      .hashExpire = p.getInt("ds_hash_expire"),
      .hashInitExpire = p.getInt("ds_hash_initexpire"),
      .hashPvar = p.getString("hash_pvar"),
      .setidPvname = p.getString("setid_pvname"),
      .attrsPvname = p.getString("attrs_pvname"),
      .reloadDelta = p.getInt("reload_delta"),
      .eventCallback = p.getString("event_callback"),
  };
  parseReplyCodes(p.getString("ds_ping_reply_codes"), s);
  if (!s.dbUrl.empty()) {
    auto db = db::connect(ctx.host, s.dbUrl);
    if (!db) return HookResult::failure("dispatcher: " + db.error());
    auto version = db::tableVersion(*db.value(), s.columns.table);
    if (!version) return HookResult::failure("dispatcher: failed to query table version");
    if (!version.value() || *version.value() < 1 || *version.value() > kTableVersion) {
      return HookResult::failure("dispatcher: invalid table version (use kamdbctl reinit)");
    }
  }
  auto ds = std::make_unique<DispatcherModule>(std::move(s), ctx.host);
  if (auto error = ds->reload()) {
    kLog.err(*error);
    return HookResult::failure(ds->settings().dbUrl.empty()
                                   ? "dispatcher: no dispatching list loaded from file"
                                   : "dispatcher: could not initiate a connect to the database");
  }
  SipNetwork* network = ctx.host.network();
  if (ds->settings().pingInterval > 0 && network != nullptr) {
    auto prober = std::make_unique<Prober>(*ds, *network);
    Prober* running = prober.get();
    ctx.host.addReplyHook([running](MessageContext& reply) {
      return reply.message != nullptr && running->takeReply(*reply.message) ? HookVerdict::Absorbed
                                                                            : HookVerdict::Pass;
    });
    ds->setProber(std::move(prober));
    running->start();
  }
  DispatcherModule* state = ds.get();
  ctx.host.statistics().addMetric(
      StatisticsRegistry::Owner::Module, "kemid_dispatcher_destination_up",
      "Whether a dispatcher destination may be selected (1) or not (0).", MetricType::Gauge,
      [state](std::vector<MetricSample>& out) {
        auto list = state->list();
        for (const auto& [id, set] : list->sets()) {
          for (const auto& d : set->destinations) {
            out.push_back(
                MetricSample::labelled("destination", std::to_string(id) + " " + d->uri,
                                       skipped(d->flags.load(std::memory_order_relaxed)) ? 0 : 1));
          }
        }
      });
  ctx.host.statistics().addMetric(
      StatisticsRegistry::Owner::Module, "kemid_dispatcher_destination_calls",
      "Calls counted on a dispatcher destination (algorithm 10).", MetricType::Gauge,
      [state](std::vector<MetricSample>& out) {
        auto list = state->list();
        for (const auto& [id, set] : list->sets()) {
          for (const auto& d : set->destinations) {
            out.push_back(MetricSample::labelled("destination", std::to_string(id) + " " + d->uri,
                                                 d->load.load(std::memory_order_relaxed)));
          }
        }
      });
  ctx.state = std::move(ds);
  return HookResult::success();
}

void shutdown(ModuleState* state) {
  if (auto* ds = static_cast<DispatcherModule*>(state); ds != nullptr && ds->prober() != nullptr) {
    ds->prober()->stop();
  }
}

constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kInt{KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kStr{KemiType::Str};
constexpr std::array<KemiType, kMaxKemiParams> kIntInt{KemiType::Int, KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kIntStr{KemiType::Int, KemiType::Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{KemiType::Str, KemiType::Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrInt{KemiType::Str, KemiType::Str,
                                                          KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kIntIntInt{KemiType::Int, KemiType::Int,
                                                          KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kIntIntStr{KemiType::Int, KemiType::Int,
                                                          KemiType::Str};

constexpr std::array kKemi{
    KemiFunctionDef{"ds_select", KemiType::Int, kIntInt, &kemiSelect},
    KemiFunctionDef{"ds_select_limit", KemiType::Int, kIntIntInt, &kemiSelectLimit},
    KemiFunctionDef{"ds_select_dst", KemiType::Int, kIntInt, &kemiSelectDst},
    KemiFunctionDef{"ds_select_dst_limit", KemiType::Int, kIntIntInt, &kemiSelectDstLimit},
    KemiFunctionDef{"ds_select_domain", KemiType::Int, kIntInt, &kemiSelectDomain},
    KemiFunctionDef{"ds_select_domain_limit", KemiType::Int, kIntIntInt, &kemiSelectDomainLimit},
    KemiFunctionDef{"ds_select_routes", KemiType::Int, kStrStr, &kemiSelectRoutes},
    KemiFunctionDef{"ds_select_routes_limit", KemiType::Int, kStrStrInt, &kemiSelectRoutesLimit},
    KemiFunctionDef{"ds_next_dst", KemiType::Int, kNone, &kemiNextDst},
    KemiFunctionDef{"ds_next_domain", KemiType::Int, kNone, &kemiNextDomain},
    KemiFunctionDef{"ds_set_dst", KemiType::Int, kNone, &kemiSetDst},
    KemiFunctionDef{"ds_set_domain", KemiType::Int, kNone, &kemiSetDomain},
    KemiFunctionDef{"ds_mark_dst", KemiType::Int, kNone, &kemiMarkDst},
    KemiFunctionDef{"ds_mark_dst_state", KemiType::Int, kStr, &kemiMarkDstState},
    KemiFunctionDef{"ds_is_from_lists", KemiType::Int, kNone, &kemiIsFromLists},
    KemiFunctionDef{"ds_is_from_list", KemiType::Int, kInt, &kemiIsFromList},
    KemiFunctionDef{"ds_is_from_list_mode", KemiType::Int, kIntInt, &kemiIsFromListMode},
    KemiFunctionDef{"ds_is_from_list_uri", KemiType::Int, kIntIntStr, &kemiIsFromListUri},
    KemiFunctionDef{"ds_list_exists", KemiType::Int, kInt, &kemiListExists},
    KemiFunctionDef{"ds_is_active", KemiType::Int, kInt, &kemiIsActive},
    KemiFunctionDef{"ds_is_active_uri", KemiType::Int, kIntStr, &kemiIsActiveUri},
    KemiFunctionDef{"ds_load_update", KemiType::Int, kNone, &kemiLoadUpdate},
    KemiFunctionDef{"ds_load_unset", KemiType::Int, kNone, &kemiLoadUnset},
    KemiFunctionDef{"ds_reload", KemiType::Int, kNone, &kemiReload},
};

constexpr std::array kRpc{
    RpcCommandDef{"dispatcher.list", "Return the content of dispatcher sets", &rpcList},
    RpcCommandDef{"dispatcher.reload", "Reload dispatcher destination sets", &rpcReload},
    RpcCommandDef{"dispatcher.set_state", "Set the state of a destination address", &rpcSetState},
    RpcCommandDef{"dispatcher.set_duid_state", "Set the state of a destination by duid",
                  &rpcSetDuidState},
    RpcCommandDef{"dispatcher.hash", "Compute the hash if the values", &rpcHash},
    RpcCommandDef{"dispatcher.ping_active", "Manage pinging on/off state", &rpcPingActive},
    RpcCommandDef{"dispatcher.add", "Add a destination address in memory", &rpcAdd},
    RpcCommandDef{"dispatcher.remove", "Remove a destination address from memory", &rpcRemove},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "dispatcher",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::dispatcher

KEMID_MODULE(kemid::dispatcher::kDescriptor)
