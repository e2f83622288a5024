#include "support/sqlite_database.h"

#include <gtest/gtest.h>

#include "db/db.h"
#include "db/kamailio_schema.h"

namespace kemid::test {

SqliteDatabase::SqliteDatabase(ModuleHost& host)
    : url_("sqlite://" + (dir_.path() / "kemid.sqlite").string()) {
  const HookResult registered = db::registerDriver(host, "sqlite", driver_, registry_);
  EXPECT_TRUE(registered.ok()) << registered.error;
  auto connection = db::connect(host, url_);
  if (!connection) {
    ADD_FAILURE() << connection.error();
    return;
  }
  connection_ = std::move(connection.value());
  auto schema = db::createKamailioSchema(*connection_);
  EXPECT_TRUE(schema.ok()) << schema.error();
}

}  // namespace kemid::test
