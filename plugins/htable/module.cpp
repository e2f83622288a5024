// htable: named in-memory hash tables shared by all workers, as Kamailio's
// htable module: declared by modparam, read and written from KEMI
// (KSR.htable.*), pseudo-variables ($sht & co, through pv) and RPC
// (htable.*); expired items removed by a timer; a table with dbtable loaded
// from db_url at start and, with dbmode=1, saved back at stop.

#include <array>
#include <ctime>
#include <memory>
#include <set>
#include <string>

#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "db/db.h"
#include "htable_kemi.h"
#include "htable_module.h"
#include "htable_pv.h"
#include "htable_rpc.h"
#include "pv/pv_api.h"
#include "table_declaration.h"

namespace kemid::htable {
namespace {

constexpr ParamDef ignoredInt(std::string_view name, std::int64_t defaultValue) {
  return ParamDef{
      .name = name, .type = ParamType::Int, .intDefault = defaultValue, .noEffect = true};
}
constexpr ParamDef column(std::string_view name, std::string_view defaultName) {
  return ParamDef{.name = name, .type = ParamType::Str, .strDefault = defaultName};
}

std::string checkDeclaration(std::string_view value) {
  return checkTableDeclaration(value);
}

constexpr std::array kParams{
    ParamDef{.name = "htable",
             .type = ParamType::Str,
             .repeatable = true,
             .checkString = &checkDeclaration},
    ParamDef{.name = "db_url", .type = ParamType::Str},
    column("key_name_column", "key_name"),
    column("key_type_column", "key_type"),
    column("value_type_column", "value_type"),
    column("key_value_column", "key_value"),
    column("expires_column", "expires"),
    ParamDef{.name = "array_size_suffix",
             .type = ParamType::Str,
             .strDefault = "::size",
             .noEffect = true},
    ParamDef{.name = "timer_interval", .type = ParamType::Int, .intDefault = 20, .minValue = 0},
    ignoredInt("fetch_rows", 100),
    ignoredInt("db_expires", 0),
    ignoredInt("enable_dmq", 0),
    ignoredInt("dmq_init_sync", 0),
    ignoredInt("timer_procs", 0),
    ParamDef{.name = "event_callback", .type = ParamType::Str},
    // 0 and 1 choose which Kamailio process runs the callback; kemid runs
    // it once before the first message either way.
    ignoredInt("event_callback_mode", 0),
};

HookResult connectDatabase(ModuleInitContext& ctx, HtableModule& module) {
  const ModuleParams& p = ctx.params;
  const std::string url = p.getString("db_url");
  if (url.empty()) return HookResult::success();
  auto conn = db::connect(ctx.host, url);
  if (!conn) return HookResult::failure("htable: " + conn.error());
  module.setDatabase(std::move(conn.value()),
                     HtableColumns{.keyName = p.getString("key_name_column"),
                                   .keyType = p.getString("key_type_column"),
                                   .valueType = p.getString("value_type_column"),
                                   .keyValue = p.getString("key_value_column"),
                                   .expires = p.getString("expires_column")});
  return HookResult::success();
}

HookResult init(ModuleInitContext& ctx) {
  std::vector<TableDeclaration> declarations;
  std::set<std::string> names;
  for (const ParamValue& value : ctx.params.getAll("htable")) {
    std::string error;
    auto decl = parseTableDeclaration(std::get<std::string>(value), error);
    if (!decl) return HookResult::failure("htable: " + error);
    if (!names.insert(decl->name).second) {
      return HookResult::failure("htable: table " + decl->name + " is declared twice");
    }
    declarations.push_back(std::move(*decl));
  }
  auto module = std::make_unique<HtableModule>(
      std::move(declarations), [] { return static_cast<std::int64_t>(std::time(nullptr)); },
      static_cast<int>(ctx.params.getInt("timer_interval")));
  if (HookResult connected = connectDatabase(ctx, *module); !connected.ok()) return connected;
  for (HashTable* table : module->tables()) {
    if (table->declaration().dbtable.empty()) continue;
    std::string error;
    if (!module->load(*table, error)) return HookResult::failure("htable: " + error);
  }
  if (std::string error; !module->shareTables(ctx.params.getString("db_url"), error)) {
    return HookResult::failure("htable: " + error);
  }
  if (auto* pv = ctx.host.findApi<pv::PvApi>()) {
    if (!providePseudoVariables(*pv, *module)) {
      return HookResult::failure("htable: cannot register the $sht pseudo-variables");
    }
  }
  module->setEventCallback(ctx.host, ctx.params.getString("event_callback"));
  module->startTimer();
  ctx.state = std::move(module);
  return HookResult::success();
}

// A failing callback is logged by the engine and does not stop kemid, as
// in Kamailio.
HookResult start(ModuleState* state) {
  if (auto* module = static_cast<HtableModule*>(state)) module->runModInitEvent();
  return HookResult::success();
}

void shutdown(ModuleState* state) {
  if (auto* module = static_cast<HtableModule*>(state)) {
    module->stopTimer();
    module->stopSharing();
    module->storeAll();
  }
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kS{Str};
constexpr std::array<KemiType, kMaxKemiParams> kSS{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSI{Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kSSS{Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSI{Str, Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kSSSI{Str, Str, Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kSSII{Str, Str, Int, Int};

// Kamailio 5.6's KSR.htable, in its order (app_lua.api_list).
constexpr std::array kKemi{
    KemiFunctionDef{"sht_lock", Int, kSS, &kemiLock},
    KemiFunctionDef{"sht_unlock", Int, kSS, &kemiUnlock},
    KemiFunctionDef{"sht_reset", Int, kS, &kemiReset},
    KemiFunctionDef{"sht_iterator_start", Int, kSS, &kemiIteratorStart},
    KemiFunctionDef{"sht_iterator_next", Int, kS, &kemiIteratorNext},
    KemiFunctionDef{"sht_iterator_end", Int, kS, &kemiIteratorEnd},
    KemiFunctionDef{"sht_iterator_rm", Int, kS, &kemiIteratorRm},
    KemiFunctionDef{"sht_iterator_sets", Int, kSS, &kemiIteratorSets},
    KemiFunctionDef{"sht_iterator_seti", Int, kSI, &kemiIteratorSeti},
    KemiFunctionDef{"sht_iterator_setex", Int, kSI, &kemiIteratorSetex},
    KemiFunctionDef{"sht_rm", Int, kSS, &kemiRm},
    KemiFunctionDef{"sht_rm_name_re", Int, kSS, &kemiRmNameRe},
    KemiFunctionDef{"sht_rm_value_re", Int, kSS, &kemiRmValueRe},
    KemiFunctionDef{"sht_rm_name", Int, kSSS, &kemiRmName},
    KemiFunctionDef{"sht_rm_value", Int, kSSS, &kemiRmValue},
    KemiFunctionDef{"sht_match_name", Int, kSSS, &kemiMatchName},
    KemiFunctionDef{"sht_match_str_value", Int, kSSS, &kemiMatchStrValue},
    KemiFunctionDef{"sht_get", XVal, kSS, &kemiGet},
    KemiFunctionDef{"sht_gete", XVal, kSS, &kemiGetEmpty},
    KemiFunctionDef{"sht_getw", XVal, kSS, &kemiGetWithNull},
    KemiFunctionDef{"sht_sets", Int, kSSS, &kemiSets},
    KemiFunctionDef{"sht_seti", Int, kSSI, &kemiSeti},
    KemiFunctionDef{"sht_setex", Int, kSSI, &kemiSetex},
    KemiFunctionDef{"sht_setxi", Int, kSSII, &kemiSetxi},
    KemiFunctionDef{"sht_setxs", Int, kSSSI, &kemiSetxs},
    KemiFunctionDef{"sht_is_null", Int, kSS, &kemiIsNull},
    KemiFunctionDef{"sht_inc", Int, kSS, &kemiInc},
    KemiFunctionDef{"sht_dec", Int, kSS, &kemiDec},
};

constexpr std::array kRpc{
    RpcCommandDef{"htable.get", "Get one key from a hash table.", &rpcGet},
    RpcCommandDef{"htable.delete", "Delete one key from a hash table.", &rpcDelete},
    RpcCommandDef{"htable.sets", "Set a string value in a hash table.", &rpcSets},
    RpcCommandDef{"htable.seti", "Set an integer value in a hash table.", &rpcSeti},
    RpcCommandDef{"htable.setex", "Set the expire time of a hash table item.", &rpcSetex},
    RpcCommandDef{"htable.setxs", "Set a string value with expire time.", &rpcSetxs},
    RpcCommandDef{"htable.setxi", "Set an integer value with expire time.", &rpcSetxi},
    RpcCommandDef{"htable.dump", "Dump the content of a hash table.", &rpcDump},
    RpcCommandDef{"htable.reload", "Reload a hash table from the database.", &rpcReload},
    RpcCommandDef{"htable.store", "Write a hash table to the database.", &rpcStore},
    RpcCommandDef{"htable.flush", "Empty a hash table.", &rpcFlush},
    RpcCommandDef{"htable.listTables", "List the hash tables.", &rpcListTables},
    RpcCommandDef{"htable.stats", "Statistics of the hash tables.", &rpcStats},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "htable",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
    .start = &start,
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::htable

KEMID_MODULE(kemid::htable::kDescriptor)
