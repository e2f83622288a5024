// db_mysql: the MySQL/MariaDB driver for db_url "mysql://..." (Kamailio's
// db_mysql). Other modules reach it through the database registry
// (db/db.h); it has no KEMI functions.

#include <array>
#include <memory>

#include "core/module_abi.h"
#include "core/module_params.h"
#include "db/db_registry.h"
#include "db/mysql_driver.h"

namespace kemid::db_mysql {
namespace {

constexpr std::array kParams{
    // Seconds to wait for the server when connecting.
    ParamDef{.name = "connect_timeout", .type = ParamType::Int, .intDefault = 2, .minValue = 1},
    // Seconds each read and write on the connection may take.
    ParamDef{.name = "timeout_interval", .type = ParamType::Int, .intDefault = 2, .minValue = 1},
    // kemid reopens a lost session once per call, whatever these say.
    ParamDef{.name = "auto_reconnect", .type = ParamType::Int, .intDefault = 1, .noEffect = true},
    ParamDef{.name = "retries", .type = ParamType::Int, .intDefault = 1, .noEffect = true},
    ParamDef{.name = "ping_interval", .type = ParamType::Int, .intDefault = 300, .noEffect = true},
    // timeout_interval bounds both directions.
    ParamDef{.name = "send_timeout", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
    ParamDef{.name = "receive_timeout", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
    ParamDef{.name = "insert_delayed", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
    ParamDef{
        .name = "update_affected_found", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
    ParamDef{.name = "opt_ssl_mode", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
    ParamDef{.name = "server_timezone", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
    ParamDef{.name = "unsigned_type", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
};

struct DbMysqlState : ModuleState {
  explicit DbMysqlState(MysqlSettings settings) : driver(settings) {}
  MysqlDriver driver;
  std::unique_ptr<db::DbRegistry> registry;  // when this module published it
};

HookResult init(ModuleInitContext& ctx) {
  MysqlSettings settings;
  settings.connectTimeout = std::chrono::seconds(ctx.params.getInt("connect_timeout"));
  settings.ioTimeout = std::chrono::seconds(ctx.params.getInt("timeout_interval"));
  auto state = std::make_unique<DbMysqlState>(settings);
  HookResult registered = db::registerDriver(ctx.host, "mysql", state->driver, state->registry);
  if (!registered.ok()) return registered;
  ctx.state = std::move(state);
  return HookResult::success();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "db_mysql",
    .params = kParams,
    .init = &init,
};

}  // namespace
}  // namespace kemid::db_mysql

KEMID_MODULE(kemid::db_mysql::kDescriptor)
