// The test helper other modules' tests use: a module under test connects
// to it through db::connect as it would in kemid.

#include "support/sqlite_database.h"

#include <gtest/gtest.h>

#include "core/kemi_registry.h"
#include "core/module_host.h"
#include "core/rpc_registry.h"
#include "db/db.h"
#include "db/kamailio_schema.h"

namespace kemid::test {
namespace {

TEST(SqliteDatabase, AModuleConnectsByUrlAndSeesKamailiosTables) {
  KemiRegistry kemi;
  RpcRegistry rpc;
  ModuleHost host{kemi, rpc};
  SqliteDatabase database(host);
  auto conn = db::connect(host, database.url());
  ASSERT_TRUE(conn.ok()) << conn.error();
  ASSERT_TRUE(conn.value()
                  ->insert("subscriber", {{"username", std::string("alice")},
                                          {"domain", std::string("example.com")}})
                  .ok());
  auto rows = database.connection().query({.table = "subscriber", .columns = {"username"}});
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], db::DbValue(std::string("alice")));
  EXPECT_EQ(db::tableVersion(database.connection(), "location").value(), 9);
}

}  // namespace
}  // namespace kemid::test
