#pragma once
// The one header a module includes to use a database: db_url in, a
// DbConnection out (docs/database.md).
//
//   auto conn = db::connect(ctx.host, dbUrl);   // in the init hook
//   if (!conn) return HookResult::failure(conn.error());
//   auto rows = conn.value()->query({.table = "subscriber",
//                                    .keys = {{"username", std::string(user)}},
//                                    .columns = {"ha1"}});

#include <memory>
#include <string_view>

#include "db/db_connection.h"
#include "db/db_result.h"
#include "db/db_url.h"
#include "db/db_value.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::db {

// kemid's embedded database, the db_url its modules and kemictl use when a
// config gives none (Kamailio's modules default to a MySQL URL instead).
inline constexpr std::string_view kDefaultDbUrl = "sqlite:///var/lib/kemid/kemid.sqlite";

// A connection for `url` through the driver module that serves its scheme.
// Errors: a malformed URL, no driver module loaded for the scheme ("load
// db_mysql.so"), or the driver's own (cannot open, cannot reach). The error
// is also logged.
DbResult<std::unique_ptr<DbConnection>> connect(ModuleHost& host, std::string_view url);

}  // namespace kemid::db
