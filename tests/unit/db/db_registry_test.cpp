#include "db/db_registry.h"

#include <gtest/gtest.h>

#include "core/kemi_registry.h"
#include "core/module_host.h"
#include "core/rpc_registry.h"
#include "db/db.h"

namespace kemid::db {
namespace {

// A driver that answers with an error naming the URL it was given.
class RecordingDriver : public DbDriver {
 public:
  DbResult<std::unique_ptr<DbConnection>> connect(const DbUrl& url) override {
    lastUrl = url.text;
    return DbError{"reached driver for " + url.database};
  }
  std::string lastUrl;
};

class DbRegistryTest : public ::testing::Test {
 protected:
  KemiRegistry kemi;
  RpcRegistry rpc;
  ModuleHost host{kemi, rpc};
};

TEST_F(DbRegistryTest, NoDriverModuleLoadedNamesTheModuleToLoad) {
  auto conn = connect(host, "mysql://kemid:secret@127.0.0.1/kemid");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error(),
            "db_url 'mysql://kemid:***@127.0.0.1/kemid': no database module for 'mysql://' is "
            "loaded (load db_mysql.so before the modules using it)");
}

TEST_F(DbRegistryTest, MalformedUrlIsReportedBeforeAnyDriver) {
  auto conn = connect(host, "sqlite:/x");
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().find("no scheme://"), std::string::npos) << conn.error();
}

TEST_F(DbRegistryTest, FirstDriverPublishesTheRegistryAndOthersJoinIt) {
  RecordingDriver sqlite;
  RecordingDriver mysql;
  std::unique_ptr<DbRegistry> ownedBySqlite;
  std::unique_ptr<DbRegistry> ownedByMysql;
  ASSERT_TRUE(registerDriver(host, "sqlite", sqlite, ownedBySqlite).ok());
  ASSERT_TRUE(registerDriver(host, "mysql", mysql, ownedByMysql).ok());
  ASSERT_NE(ownedBySqlite, nullptr);
  EXPECT_EQ(ownedByMysql, nullptr);
  EXPECT_EQ(host.findApi<DbRegistry>(), ownedBySqlite.get());

  auto viaSqlite = connect(host, "sqlite:///tmp/a.sqlite");
  ASSERT_FALSE(viaSqlite.ok());
  EXPECT_EQ(viaSqlite.error(), "reached driver for tmp/a.sqlite");
  EXPECT_EQ(sqlite.lastUrl, "sqlite:///tmp/a.sqlite");
  auto viaMysql = connect(host, "mysql://u@h/kemid");
  EXPECT_EQ(viaMysql.error(), "reached driver for kemid");

  auto unknown = connect(host, "postgres://u@h/kemid");
  EXPECT_NE(unknown.error().find("load db_postgres.so"), std::string::npos) << unknown.error();
}

TEST_F(DbRegistryTest, SecondDriverForTheSameSchemeIsRefused) {
  RecordingDriver first;
  RecordingDriver second;
  std::unique_ptr<DbRegistry> owner;
  std::unique_ptr<DbRegistry> unused;
  ASSERT_TRUE(registerDriver(host, "sqlite", first, owner).ok());
  HookResult again = registerDriver(host, "sqlite", second, unused);
  EXPECT_EQ(again.error, "another module already serves db_url scheme 'sqlite://'");
}

}  // namespace
}  // namespace kemid::db
