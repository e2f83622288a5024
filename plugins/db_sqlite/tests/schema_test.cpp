// Kamailio's schema as db_sqlite creates it: `kemictl db init`'s tables have
// the columns Kamailio's own kamailio-sqlite schema gives them, in order,
// and a database made from Kamailio's .sql files is one kemid reads.

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "db/db.h"
#include "db/kamailio_schema.h"
#include "support/plugin_harness.h"

namespace kemid::db_sqlite {
namespace {

namespace fs = std::filesystem;

// Where Debian's kamailio-sqlite-modules puts Kamailio's schema.
const fs::path kKamailioSchema = "/usr/share/kamailio/db_sqlite";

std::vector<std::string> columnsOf(db::DbConnection& conn, const std::string& table) {
  auto rows = conn.raw("SELECT name FROM pragma_table_info(?) ORDER BY cid", {table});
  EXPECT_TRUE(rows.ok()) << rows.error();
  std::vector<std::string> names;
  if (rows.ok()) {
    for (const db::DbRow& row : rows->rows) names.push_back(db::asString(row[0]).value_or(""));
  }
  return names;
}

// Runs a .sql file of Kamailio's, one statement per ';'.
void runSqlFile(db::DbConnection& conn, const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string statement;
  while (std::getline(text, statement, ';')) {
    if (statement.find_first_not_of(" \n\t") == std::string::npos) continue;
    auto done = conn.raw(statement);
    ASSERT_TRUE(done.ok()) << done.error();
  }
}

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("kemid-schema-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    ASSERT_TRUE(plugin.init().ok());
  }
  void TearDown() override { fs::remove_all(dir); }

  std::unique_ptr<db::DbConnection> open(const std::string& name) {
    auto conn = db::connect(plugin.host(), "sqlite://" + (dir / name).string());
    EXPECT_TRUE(conn.ok()) << conn.error();
    return conn.ok() ? std::move(conn.value()) : nullptr;
  }

  test::PluginHarness plugin{*kemid_module_descriptor()};
  fs::path dir;
};

TEST_F(SchemaTest, CreatesKamailiosTablesWithTheirVersionsOnce) {
  auto conn = open("kemid.sqlite");
  ASSERT_NE(conn, nullptr);
  auto first = db::createKamailioSchema(*conn);
  ASSERT_TRUE(first.ok()) << first.error();
  ASSERT_EQ(first->size(), 8u);
  for (const db::SchemaOutcome& outcome : first.value()) EXPECT_TRUE(outcome.created);
  EXPECT_EQ(db::tableVersion(*conn, "location").value(), 9);
  EXPECT_EQ(db::tableVersion(*conn, "subscriber").value(), 7);
  EXPECT_EQ(db::tableVersion(*conn, "version").value(), 1);
  EXPECT_EQ(db::tableVersion(*conn, "acc").value(), std::nullopt);

  auto second = db::createKamailioSchema(*conn);
  ASSERT_TRUE(second.ok()) << second.error();
  for (const db::SchemaOutcome& outcome : second.value()) EXPECT_FALSE(outcome.created);
  EXPECT_EQ(second->at(1).version, 9);
  auto versions = conn->raw("SELECT COUNT(*) FROM version");
  EXPECT_EQ(db::asInt(versions->rows[0][0]), 8);
}

TEST_F(SchemaTest, RequireTableVersionExplainsAMismatch) {
  auto conn = open("kemid.sqlite");
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(db::createKamailioSchema(*conn).ok());
  EXPECT_TRUE(db::requireTableVersion(*conn, "subscriber", 7).ok());
  auto older = db::requireTableVersion(*conn, "subscriber", 8);
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error(), "db_url '" + conn->url().text +
                               "': table 'subscriber' has version 7, expected 8 (Kamailio 5.6's "
                               "schema; migrate the table)");
  auto missing = db::requireTableVersion(*conn, "acc", 5);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("table 'acc' has no row in 'version'"), std::string::npos)
      << missing.error();
}

TEST_F(SchemaTest, ColumnsMatchKamailiosOwnSchema) {
  if (!fs::exists(kKamailioSchema / "usrloc-create.sql")) {
    GTEST_SKIP() << "Kamailio's SQLite schema is not installed (apt-get install "
                    "kamailio-sqlite-modules): "
                 << kKamailioSchema;
  }
  auto ours = open("ours.sqlite");
  auto theirs = open("theirs.sqlite");
  ASSERT_NE(ours, nullptr);
  ASSERT_NE(theirs, nullptr);
  ASSERT_TRUE(db::createKamailioSchema(*ours).ok());
  for (const char* file :
       {"standard-create.sql", "usrloc-create.sql", "auth_db-create.sql", "permissions-create.sql",
        "htable-create.sql", "dispatcher-create.sql"}) {
    runSqlFile(*theirs, kKamailioSchema / file);
  }
  for (const std::string table : {"version", "location", "location_attrs", "subscriber", "trusted",
                                  "address", "htable", "dispatcher"}) {
    const std::vector<std::string> expected = columnsOf(*theirs, table);
    ASSERT_FALSE(expected.empty()) << table;
    EXPECT_EQ(columnsOf(*ours, table), expected) << table;
    // Declared types, defaults and NOT NULL as well.
    auto info = "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)";
    auto a = ours->raw(info, {table});
    auto b = theirs->raw(info, {table});
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->rows, b->rows) << table;
    EXPECT_EQ(db::tableVersion(*ours, table).value(), db::tableVersion(*theirs, table).value())
        << table;
  }
}

TEST_F(SchemaTest, ADatabaseMadeByKamailiosSchemaIsUsedAsItIs) {
  if (!fs::exists(kKamailioSchema / "auth_db-create.sql")) {
    GTEST_SKIP() << "Kamailio's SQLite schema is not installed: " << kKamailioSchema;
  }
  auto conn = open("kamailio.sqlite");
  ASSERT_NE(conn, nullptr);
  for (const char* file :
       {"standard-create.sql", "usrloc-create.sql", "auth_db-create.sql", "permissions-create.sql",
        "htable-create.sql", "dispatcher-create.sql"}) {
    runSqlFile(*conn, kKamailioSchema / file);
  }
  auto outcome = db::createKamailioSchema(*conn);
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  for (const db::SchemaOutcome& table : outcome.value()) EXPECT_FALSE(table.created) << table.table;
  ASSERT_TRUE(conn->insert("location", {{"ruid", std::string("r")},
                                        {"username", std::string("alice")},
                                        {"expires", db::DbDateTime{1893456000}}})
                  .ok());
  auto rows = conn->query({.table = "location", .columns = {"expires", "q"}});
  ASSERT_TRUE(rows.ok()) << rows.error();
  EXPECT_EQ(rows->rows.at(0).at(0), db::DbValue(db::DbDateTime{1893456000}));
  EXPECT_EQ(rows->rows.at(0).at(1), db::DbValue(1.0));
}

}  // namespace
}  // namespace kemid::db_sqlite
