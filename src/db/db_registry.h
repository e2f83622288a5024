#pragma once
// Which driver serves which db_url scheme. Driver modules (db_sqlite,
// db_mysql) register their scheme from their init hook; modules that use a
// database ask for a connection by URL (db/db.h: db::connect). The registry
// is published to the other modules through ModuleHost under the name "db",
// by the first driver module that initialises, which owns it (module
// states outlive the published APIs: ModuleSet withdraws the APIs first).

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/module_abi.h"
#include "db/db_connection.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::db {

// What a driver module implements.
class DbDriver {
 public:
  virtual ~DbDriver() = default;
  // A connection for `url` (whose scheme is this driver's). May open the
  // database now to report a bad path or unreachable server early; a
  // connection that opened once reconnects by itself later.
  virtual DbResult<std::unique_ptr<DbConnection>> connect(const DbUrl& url) = 0;
};

class DbRegistry {
 public:
  static constexpr std::string_view kApiName = "db";
  static constexpr std::uint32_t kApiVersion = 1;

  // False when another driver already serves `scheme`.
  bool add(std::string scheme, DbDriver& driver);
  // The driver for `scheme`, or null.
  DbDriver* find(std::string_view scheme) const;

  // Parses `url` and asks its driver for a connection; errors name the URL
  // (password hidden) and, for an unknown scheme, the module to load.
  DbResult<std::unique_ptr<DbConnection>> connect(std::string_view url) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, DbDriver*, std::less<>> drivers_;
};

// For a driver's init hook: registers `driver` for `scheme` in the host's
// registry. When no driver published one yet, creates it, publishes it and
// hands it to `owner`, which the driver keeps in its module state.
HookResult registerDriver(ModuleHost& host, std::string scheme, DbDriver& driver,
                          std::unique_ptr<DbRegistry>& owner);

}  // namespace kemid::db
