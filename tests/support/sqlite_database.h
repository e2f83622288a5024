#pragma once
// A database for the tests of a module that uses one (usrloc, auth_db): a
// temporary SQLite file with Kamailio's tables, and the SQLite driver
// registered on the test's ModuleHost as loading db_sqlite.so would, so the
// module under test connects with db::connect(host, url()) as in kemid.
//
//   test::PluginHarness plugin{*kemid_module_descriptor()};
//   test::SqliteDatabase db(plugin.host());
//   plugin.setParam("db_url", db.url());
//   ASSERT_TRUE(plugin.init().ok());
//   db.connection().query({.table = "location"});   // what the module wrote

#include <memory>
#include <string>

#include "db/db_registry.h"
#include "db/sqlite_driver.h"
#include "support/process.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::test {

class SqliteDatabase {
 public:
  // Creates the file with Kamailio's tables; a failure fails the test.
  explicit SqliteDatabase(ModuleHost& host);

  // "sqlite:///tmp/.../kemid.sqlite"
  const std::string& url() const { return url_; }
  // The test's own connection to the same file.
  db::DbConnection& connection() { return *connection_; }

 private:
  TempDir dir_;
  std::string url_;
  db_sqlite::SqliteDriver driver_{{}};
  std::unique_ptr<db::DbRegistry> registry_;  // when this one published it
  std::unique_ptr<db::DbConnection> connection_;
};

}  // namespace kemid::test
