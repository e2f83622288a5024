// usrloc: the user location tables registrar saves to and looks up in, as
// Kamailio's usrloc module (db_mode 0 in memory; 1, 2, 3 over the database
// of db_url). No KEMI functions, as in Kamailio 5.6; RPC ul.* and
// statistics.

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "db/db.h"
#include "db/kamailio_schema.h"
#include "usrloc_module.h"
#include "usrloc_rpc.h"

namespace kemid::usrloc {
namespace {

// A column name of the location table.
constexpr ParamDef column(std::string_view name, std::string_view defaultName) {
  return ParamDef{.name = name, .type = ParamType::Str, .strDefault = defaultName};
}
constexpr ParamDef ignoredInt(std::string_view name, std::int64_t defaultValue) {
  return ParamDef{
      .name = name, .type = ParamType::Int, .intDefault = defaultValue, .noEffect = true};
}
constexpr ParamDef ignoredStr(std::string_view name, std::string_view defaultValue) {
  return ParamDef{
      .name = name, .type = ParamType::Str, .strDefault = defaultValue, .noEffect = true};
}

constexpr std::array kParams{
    // 0: memory only, 1 write-through, 2 write-back, 3 database only.
    ParamDef{.name = "db_mode", .type = ParamType::Int, .minValue = 0, .maxValue = 3},
    ParamDef{.name = "preload", .type = ParamType::Str, .repeatable = true},
    ParamDef{.name = "use_domain", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    // Branch flag marking a contact behind NAT; -1: none.
    ParamDef{.name = "nat_bflag",
             .type = ParamType::Int,
             .intDefault = -1,
             .minValue = -1,
             .maxValue = 31},
    ParamDef{.name = "timer_interval", .type = ParamType::Int, .intDefault = 60, .minValue = 0},
    // The table has 2^hash_size shards.
    ParamDef{.name = "hash_size", .type = ParamType::Int, .intDefault = 10},
    ParamDef{.name = "matching_mode", .type = ParamType::Int, .minValue = 0, .maxValue = 3},
    ParamDef{.name = "desc_time_order", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "db_url",
             .type = ParamType::Str,
             .strDefault = "mysql://kamailio:kamailiorw@localhost/kamailio"},
    column("user_column", "username"),
    column("domain_column", "domain"),
    column("contact_column", "contact"),
    column("expires_column", "expires"),
    column("q_column", "q"),
    column("callid_column", "callid"),
    column("cseq_column", "cseq"),
    column("methods_column", "methods"),
    column("flags_column", "flags"),
    column("cflags_column", "cflags"),
    column("user_agent_column", "user_agent"),
    column("received_column", "received"),
    column("path_column", "path"),
    column("socket_column", "socket"),
    column("ruid_column", "ruid"),
    column("reg_id_column", "reg_id"),
    column("instance_column", "instance"),
    column("server_id_column", "server_id"),
    column("connection_id_column", "connection_id"),
    column("keepalive_column", "keepalive"),
    column("partition_column", "partition"),
    ignoredInt("cseq_delay", 20),
    ignoredInt("db_update_as_insert", 0),
    ignoredInt("db_check_update", 0),
    ignoredInt("db_insert_update", 0),
    ignoredInt("db_insert_null", 0),
    ignoredInt("db_ops_ruid", 1),
    ignoredInt("db_raw_fetch_type", 0),
    ignoredInt("db_clean_tcp", 0),
    ignoredInt("db_timer_clean", 0),
    ParamDef{.name = "db_load", .type = ParamType::Int, .intDefault = 1},
    ignoredInt("fetch_rows", 2000),
    ignoredInt("timer_procs", 0),
    ignoredInt("handle_lost_tcp", 0),
    ignoredInt("close_expired_tcp", 0),
    ignoredInt("expires_type", 0),
    ignoredInt("skip_remote_socket", 0),
    ignoredInt("server_id_filter", 0),
    ParamDef{.name = "version_table", .type = ParamType::Int, .intDefault = 1},
    ignoredInt("rm_expired_delay", 0),
    ignoredInt("load_rank", 0),
    ignoredStr("xavp_contact", ""),
    ignoredInt("ka_mode", 0),
    ignoredInt("ka_filter", 0),
    ignoredInt("ka_timeout", 0),
    ignoredInt("ka_loglevel", 255),
    ignoredStr("ka_from", "sip:server@kamailio.org"),
    ignoredStr("ka_domain", "kamailio.org"),
    ignoredStr("ka_method", "OPTIONS"),
    ignoredStr("ka_logmsg", " to-uri: [$tu] remote-addr: [$sas]"),
};

// Kamailio's location table version (5.6).
constexpr std::int64_t kLocationVersion = 9;

LocationColumns columnsFrom(const ModuleParams& p) {
  LocationColumns c;
  c.user = p.getString("user_column");
  c.domain = p.getString("domain_column");
  c.contact = p.getString("contact_column");
  c.expires = p.getString("expires_column");
  c.q = p.getString("q_column");
  c.callId = p.getString("callid_column");
  c.cseq = p.getString("cseq_column");
  c.methods = p.getString("methods_column");
  c.flags = p.getString("flags_column");
  c.cflags = p.getString("cflags_column");
  c.userAgent = p.getString("user_agent_column");
  c.received = p.getString("received_column");
  c.path = p.getString("path_column");
  c.socket = p.getString("socket_column");
  c.ruid = p.getString("ruid_column");
  c.regId = p.getString("reg_id_column");
  c.instance = p.getString("instance_column");
  c.serverId = p.getString("server_id_column");
  c.connectionId = p.getString("connection_id_column");
  c.keepalive = p.getString("keepalive_column");
  c.partition = p.getString("partition_column");
  return c;
}

// db_mode 1-3: the connection to db_url, with every preloaded table's
// version checked as Kamailio does at start.
db::DbResult<std::unique_ptr<db::DbConnection>> connectDatabase(ModuleInitContext& ctx,
                                                                const UsrlocSettings& settings) {
  auto conn = db::connect(ctx.host, ctx.params.getString("db_url"));
  if (!conn || ctx.params.getInt("version_table") == 0) return conn;
  for (const std::string& table : settings.preload) {
    auto checked = db::requireTableVersion(*conn.value(), table, kLocationVersion);
    if (!checked) return db::DbError{"usrloc: " + checked.error()};
  }
  return conn;
}

HookResult init(ModuleInitContext& ctx) {
  const ModuleParams& p = ctx.params;
  UsrlocSettings settings;
  for (const ParamValue& table : p.getAll("preload")) {
    settings.preload.push_back(std::get<std::string>(table));
  }
  settings.useDomain = p.getInt("use_domain") != 0;
  if (const std::int64_t flag = p.getInt("nat_bflag"); flag >= 0) {
    settings.natFlagMask = 1u << flag;
  }
  settings.matchingMode = static_cast<MatchingMode>(p.getInt("matching_mode"));
  settings.newestFirst = p.getInt("desc_time_order") != 0;
  // As Kamailio: 2^1 slots at least, 2^16 at most.
  settings.shards = std::size_t{1} << std::clamp<std::int64_t>(p.getInt("hash_size"), 1, 16);
  settings.timerIntervalSeconds = static_cast<int>(p.getInt("timer_interval"));
  settings.dbMode = static_cast<int>(p.getInt("db_mode"));
  settings.dbLoad = p.getInt("db_load") != 0;
  settings.database = {.columns = columnsFrom(p),
                       .useDomain = settings.useDomain,
                       .natFlagMask = settings.natFlagMask};
  std::unique_ptr<db::DbConnection> database;
  if (settings.dbMode != 0) {
    auto conn = connectDatabase(ctx, settings);
    if (!conn) return HookResult::failure(conn.error());
    database = std::move(conn.value());
  }
  auto module = std::make_unique<UsrlocModule>(std::move(settings), UsrlocModule::Clock{},
                                               std::move(database));
  // As Kamailio, a table that cannot be loaded stops the start.
  if (!module->loadFromDatabase()) {
    return HookResult::failure("usrloc: cannot load the location tables from the database");
  }
  module->registerStatistics(ctx.host.statistics());
  module->startTimer();
  ctx.host.publishApi<UsrlocApi>(*module);
  ctx.state = std::move(module);
  return HookResult::success();
}

void shutdown(ModuleState* state) {
  if (auto* module = static_cast<UsrlocModule*>(state)) {
    module->stopTimer();
    // db_mode 2: what the timer has not written yet.
    module->flushAll();
  }
}

constexpr std::array kRpc{
    RpcCommandDef{"ul.dump", "Dump the user location tables.", &rpcDump},
    RpcCommandDef{"ul.lookup", "Show the contacts of an AoR.", &rpcLookup},
    RpcCommandDef{"ul.rm", "Remove an AoR and its contacts.", &rpcRemoveAor},
    RpcCommandDef{"ul.rm_contact", "Remove one contact of an AoR.", &rpcRemoveContact},
    RpcCommandDef{"ul.add", "Add a contact to an AoR.", &rpcAdd},
    RpcCommandDef{"ul.flush", "Write cached changes to the database.", &rpcFlush},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "usrloc",
    .params = kParams,
    .rpc = kRpc,
    .init = &init,
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::usrloc

KEMID_MODULE(kemid::usrloc::kDescriptor)
