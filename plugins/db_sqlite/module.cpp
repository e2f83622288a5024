// db_sqlite: the SQLite driver for db_url "sqlite://..." (Kamailio's
// db_sqlite). Other modules reach it through the database registry
// (db/db.h); it has no KEMI functions.

#include <array>
#include <memory>
#include <string>

#include "core/module_abi.h"
#include "core/module_params.h"
#include "db/db_registry.h"
#include "db/sqlite_driver.h"

namespace kemid::db_sqlite {
namespace {

std::string checkJournalMode(std::string_view value) {
  std::string file;
  std::string mode;
  if (parseJournalMode(value, file, mode)) return {};
  return "expected \"<database>=<mode>\" with mode DELETE, TRUNCATE, PERSIST, MEMORY, WAL or "
         "OFF";
}

constexpr std::array kParams{
    // A database opened read-only (one per modparam), named as in its URL.
    ParamDef{.name = "db_set_readonly", .type = ParamType::Str, .repeatable = true},
    // "database=MODE": SQLite's journal mode for that database.
    ParamDef{.name = "db_set_journal_mode",
             .type = ParamType::Str,
             .repeatable = true,
             .checkString = &checkJournalMode},
};

struct DbSqliteState : ModuleState {
  explicit DbSqliteState(SqliteSettings settings) : driver(std::move(settings)) {}
  SqliteDriver driver;
  std::unique_ptr<db::DbRegistry> registry;  // when this module published it
};

HookResult init(ModuleInitContext& ctx) {
  SqliteSettings settings;
  for (const ParamValue& value : ctx.params.getAll("db_set_readonly")) {
    settings.readonly.insert(std::get<std::string>(value));
  }
  for (const ParamValue& value : ctx.params.getAll("db_set_journal_mode")) {
    std::string file;
    std::string mode;
    if (parseJournalMode(std::get<std::string>(value), file, mode)) {
      settings.journalModes[file] = mode;
    }
  }
  auto state = std::make_unique<DbSqliteState>(std::move(settings));
  HookResult registered = db::registerDriver(ctx.host, "sqlite", state->driver, state->registry);
  if (!registered.ok()) return registered;
  ctx.state = std::move(state);
  return HookResult::success();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "db_sqlite",
    .params = kParams,
    .init = &init,
};

}  // namespace
}  // namespace kemid::db_sqlite

KEMID_MODULE(kemid::db_sqlite::kDescriptor)
