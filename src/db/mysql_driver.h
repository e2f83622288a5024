#pragma once
// The MySQL/MariaDB driver: db_url "mysql://user:password@host[:port]/db"
// on Poco::Data's MySQL connector. Used by the db_mysql module and, linked
// in directly, by kemictl.

#include <chrono>
#include <memory>
#include <string>

#include "db/db_registry.h"

namespace kemid::db_mysql {

struct MysqlSettings {
  std::chrono::seconds connectTimeout{2};  // connect_timeout
  std::chrono::seconds ioTimeout{2};       // timeout_interval: each read and write
  std::size_t maxSessions = 4;
};

class MysqlDriver final : public db::DbDriver {
 public:
  explicit MysqlDriver(MysqlSettings settings);
  ~MysqlDriver() override;

  db::DbResult<std::unique_ptr<db::DbConnection>> connect(const db::DbUrl& url) override;

 private:
  MysqlSettings settings_;
};

// Poco's connection string for `url` ("host=..;port=..;user=..;..."); an
// error when a part contains ';', which that format cannot carry.
db::DbResult<std::string> connectionString(const db::DbUrl& url);

}  // namespace kemid::db_mysql
