#pragma once
// The Redis driver: db_url "redis://[user[:password]@]host[:port]/<db number>"
// on Poco::Redis (db/redis_connection.h), used by the db_redis module.

#include <memory>

#include "db/db_registry.h"
#include "db/redis_connection.h"

namespace kemid::db_redis {

class RedisDriver final : public db::DbDriver {
 public:
  explicit RedisDriver(RedisSettings settings) : settings_(std::move(settings)) {}

  db::DbResult<std::unique_ptr<db::DbConnection>> connect(const db::DbUrl& url) override {
    return RedisConnection::open(url, settings_);
  }

 private:
  RedisSettings settings_;
};

}  // namespace kemid::db_redis
