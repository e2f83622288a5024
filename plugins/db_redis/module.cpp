// db_redis: the Redis driver for db_url "redis://host[:port]/<db number>"
// (Kamailio's db_redis). Other modules reach it through the database
// registry (db/db.h); it has no KEMI functions. Layout and limits:
// docs/database.md.

#include <array>
#include <memory>
#include <string>

#include "core/module_abi.h"
#include "core/module_params.h"
#include "db/db_registry.h"
#include "db/redis_driver.h"

namespace kemid::db_redis {
namespace {

std::string checkKeys(std::string_view value) {
  RedisLayout layout;
  db::DbResult<bool> added = layout.addKeys(value);
  return added ? std::string() : added.error();
}

constexpr std::array kParams{
    // "<table>=entry:<cols>[&<map>:<cols>...];...": the entry and mapping
    // keys of tables (defaults for version, location and subscriber).
    ParamDef{.name = "keys", .type = ParamType::Str, .repeatable = true, .checkString = &checkKeys},
    // The password when the URL gives none.
    ParamDef{.name = "db_pass", .type = ParamType::Str},
    // kemid extensions: milliseconds to connect, and to wait for each reply
    // (or for a free pooled connection).
    ParamDef{.name = "connect_timeout", .type = ParamType::Int, .intDefault = 2000, .minValue = 1},
    ParamDef{.name = "timeout_interval", .type = ParamType::Int, .intDefault = 2000, .minValue = 1},
    // Kamailio's column types come from kemid's built-in copy of its schema;
    // other tables' columns read back as text.
    ParamDef{.name = "schema_path",
             .type = ParamType::Str,
             .strDefault = "/usr/share/kamailio/db_redis/kamailio",
             .noEffect = true},
    ParamDef{.name = "verbosity", .type = ParamType::Int, .intDefault = 1, .noEffect = true},
    // Only the set mappings (0) and plain TCP (0) are implemented.
    ParamDef{.name = "mapping_struct_type", .type = ParamType::Int, .minValue = 0, .maxValue = 0},
    ParamDef{.name = "opt_tls", .type = ParamType::Int, .minValue = 0, .maxValue = 0},
    ParamDef{.name = "ca_path", .type = ParamType::Str, .noEffect = true},
    ParamDef{.name = "hash_value", .type = ParamType::Str, .strDefault = "DUMMY", .noEffect = true},
    ParamDef{.name = "hash_expires", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
};

struct DbRedisState : ModuleState {
  explicit DbRedisState(RedisSettings settings) : driver(std::move(settings)) {}
  RedisDriver driver;
  std::unique_ptr<db::DbRegistry> registry;  // when this module published it
};

HookResult init(ModuleInitContext& ctx) {
  auto layout = std::make_shared<RedisLayout>();
  for (const ParamValue& value : ctx.params.getAll("keys")) {
    db::DbResult<bool> added = layout->addKeys(std::get<std::string>(value));
    if (!added) return HookResult::failure("db_redis keys: " + added.error());
  }
  RedisSettings settings;
  settings.layout = std::move(layout);
  settings.session.connectTimeout = std::chrono::milliseconds(ctx.params.getInt("connect_timeout"));
  settings.session.ioTimeout = std::chrono::milliseconds(ctx.params.getInt("timeout_interval"));
  settings.session.password = ctx.params.getString("db_pass");
  auto state = std::make_unique<DbRedisState>(std::move(settings));
  HookResult registered = db::registerDriver(ctx.host, "redis", state->driver, state->registry);
  if (!registered.ok()) return registered;
  ctx.state = std::move(state);
  return HookResult::success();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "db_redis",
    .params = kParams,
    .init = &init,
};

}  // namespace
}  // namespace kemid::db_redis

KEMID_MODULE(kemid::db_redis::kDescriptor)
