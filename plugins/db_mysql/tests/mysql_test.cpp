// db_mysql against a real MariaDB server: the suite starts its own
// mariadbd as the current user, in a temporary data directory, on a free
// loopback port, and stops it at the end. Skipped, saying why, when
// mariadbd is not installed (scripts/setup.sh installs it).

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <sstream>

#include "db/db.h"
#include "db/kamailio_schema.h"
#include "support/mariadb_server.h"
#include "support/plugin_harness.h"
#include "support/process.h"

namespace kemid::db_mysql {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Where Debian's kamailio-mysql-modules puts Kamailio's schema.
const fs::path kKamailioSchema = "/usr/share/kamailio/mysql";

class MysqlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    skipReason() = test::MariaDbServer::unavailableReason();
    if (!skipReason().empty()) return;
    std::string why;
    server() = test::MariaDbServer::start(why).release();
    if (server() == nullptr) skipReason() = why;
  }
  static void TearDownTestSuite() {
    delete server();
    server() = nullptr;
  }
  static test::MariaDbServer*& server() {
    static test::MariaDbServer* instance = nullptr;
    return instance;
  }
  static std::string& skipReason() {
    static std::string reason;
    return reason;
  }

  void SetUp() override {
    if (server() == nullptr) GTEST_SKIP() << skipReason();
    plugin.setParam("connect_timeout", std::int64_t{2});
    ASSERT_TRUE(plugin.init().ok());
  }

  std::unique_ptr<db::DbConnection> open() {
    auto conn = db::connect(plugin.host(), server()->url());
    EXPECT_TRUE(conn.ok()) << conn.error();
    return conn.ok() ? std::move(conn.value()) : nullptr;
  }

  void resetSchema(db::DbConnection& conn) {
    for (const db::TableDef& table : db::kamailioTables()) {
      ASSERT_TRUE(conn.raw("DROP TABLE IF EXISTS `" + std::string(table.name) + "`").ok());
    }
    auto created = db::createKamailioSchema(conn);
    ASSERT_TRUE(created.ok()) << created.error();
  }

  test::PluginHarness plugin{*kemid_module_descriptor()};
};

TEST_F(MysqlTest, SchemaMatchesKamailiosMysqlTables) {
  auto conn = open();
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(conn->dialect(), db::SqlDialect::MySQL);
  resetSchema(*conn);
  auto columns = conn->raw(
      "SELECT column_name, column_type, is_nullable, column_default FROM "
      "information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? "
      "ORDER BY ordinal_position",
      {std::string("location")});
  ASSERT_TRUE(columns.ok()) << columns.error();
  ASSERT_EQ(columns->rows.size(), 23u);
  EXPECT_EQ(columns->rows[0][0], db::DbValue(std::string("id")));
  EXPECT_EQ(columns->rows[0][1], db::DbValue(std::string("int(10) unsigned")));
  EXPECT_EQ(columns->rows[7][0], db::DbValue(std::string("expires")));
  EXPECT_EQ(columns->rows[7][1], db::DbValue(std::string("datetime")));
  EXPECT_EQ(columns->rows[8][1], db::DbValue(std::string("float(10,2)")));
  EXPECT_EQ(db::tableVersion(*conn, "location").value(), 9);
  EXPECT_EQ(db::tableVersion(*conn, "subscriber").value(), 7);
}

// Kamailio's .sql files loaded as kamdbctl loads them into `kamailio`,
// ours created by createKamailioSchema in `kemid`: same columns, types,
// nullability and defaults, same versions.
TEST_F(MysqlTest, SchemaColumnsEqualThoseOfKamailiosSqlFiles) {
  if (!fs::exists(kKamailioSchema / "usrloc-create.sql")) {
    GTEST_SKIP() << "Kamailio's MySQL schema is not installed (apt-get install "
                    "kamailio-mysql-modules): "
                 << kKamailioSchema;
  }
  auto ours = open();
  auto theirs = db::connect(plugin.host(), server()->url("secret", "kamailio"));
  ASSERT_NE(ours, nullptr);
  ASSERT_TRUE(theirs.ok()) << theirs.error();
  resetSchema(*ours);
  for (const db::TableDef& table : db::kamailioTables()) {
    ASSERT_TRUE(theirs.value()->raw("DROP TABLE IF EXISTS `" + std::string(table.name) + "`").ok());
  }
  for (const char* file :
       {"standard-create.sql", "usrloc-create.sql", "auth_db-create.sql", "permissions-create.sql",
        "htable-create.sql", "dispatcher-create.sql"}) {
    std::string statement;
    std::istringstream text(test::readFile(kKamailioSchema / file));
    while (std::getline(text, statement, ';')) {
      if (statement.find_first_not_of(" \n\t") == std::string::npos) continue;
      auto done = theirs.value()->raw(statement);
      ASSERT_TRUE(done.ok()) << done.error();
    }
  }
  const std::string columns =
      "SELECT column_name, column_type, is_nullable, column_default, column_key, extra FROM "
      "information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? "
      "ORDER BY ordinal_position";
  const std::string indexes =
      "SELECT index_name, non_unique, seq_in_index, column_name FROM "
      "information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? "
      "ORDER BY index_name, seq_in_index";
  for (const db::TableDef& table : db::kamailioTables()) {
    const std::string name(table.name);
    for (const std::string& sql : {columns, indexes}) {
      auto a = ours->raw(sql, {name});
      auto b = theirs.value()->raw(sql, {name});
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_FALSE(b->rows.empty()) << name;
      EXPECT_EQ(a->rows, b->rows) << name << ": " << sql;
    }
    EXPECT_EQ(db::tableVersion(*ours, name).value(),
              db::tableVersion(*theirs.value(), name).value())
        << name;
  }
}

TEST_F(MysqlTest, InsertQueryUpdateReplaceDelete) {
  auto conn = open();
  ASSERT_NE(conn, nullptr);
  resetSchema(*conn);
  const db::DbDateTime expires{1893456000};
  ASSERT_EQ(conn->insert("location", {{"ruid", std::string("r1")},
                                      {"username", std::string("alice")},
                                      {"contact", std::string("sip:alice@192.0.2.1")},
                                      {"expires", expires},
                                      {"q", 0.5},
                                      {"cseq", std::int64_t{42}}})
                .value(),
            1u);
  auto rows = conn->query({.table = "location",
                           .keys = {{"username", std::string("alice")}},
                           .columns = {"contact", "expires", "q", "cseq", "received"}});
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], db::DbValue(std::string("sip:alice@192.0.2.1")));
  EXPECT_EQ(rows->rows[0][1], db::DbValue(expires));
  EXPECT_EQ(db::asDouble(rows->rows[0][2]), 0.5);
  EXPECT_EQ(rows->rows[0][3], db::DbValue(std::int64_t{42}));
  EXPECT_EQ(rows->rows[0][4], db::DbValue(db::DbNull{}));

  EXPECT_EQ(
      conn->update("location", {{"ruid", std::string("r1")}}, {{"cseq", std::int64_t{43}}}).value(),
      1u);
  const std::vector<db::DbField> account{{"username", std::string("bob")},
                                         {"domain", std::string("example.com")}};
  ASSERT_TRUE(conn->replace("subscriber", account, {{"ha1", std::string("one")}}).ok());
  ASSERT_TRUE(conn->replace("subscriber", account, {{"ha1", std::string("two")}}).ok());
  auto subscribers = conn->query({.table = "subscriber", .columns = {"ha1"}});
  ASSERT_TRUE(subscribers.ok());
  ASSERT_EQ(subscribers->rows.size(), 1u);
  EXPECT_EQ(subscribers->rows[0][0], db::DbValue(std::string("two")));

  EXPECT_EQ(
      conn->remove("location", {{"expires", db::DbDateTime{1893456001}, db::DbOp::Lt}}).value(),
      1u);
  EXPECT_TRUE(conn->query({.table = "location"})->rows.empty());
}

TEST_F(MysqlTest, MissingTableAndWrongPasswordAreErrors) {
  auto conn = open();
  ASSERT_NE(conn, nullptr);
  auto rows = conn->query({.table = "nosuchtable"});
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.error().find("query of nosuchtable"), std::string::npos) << rows.error();
  EXPECT_NE(rows.error().find("doesn't exist"), std::string::npos) << rows.error();

  auto denied = db::connect(plugin.host(), server()->url("wrong"));
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.error().find("db_url 'mysql://kemid:***@127.0.0.1:"), std::string::npos)
      << denied.error();
  EXPECT_NE(denied.error().find("Access denied"), std::string::npos) << denied.error();
}

TEST_F(MysqlTest, ServerDownGivesAnErrorInBoundedTimeThenReconnects) {
  auto conn = open();
  ASSERT_NE(conn, nullptr);
  resetSchema(*conn);
  server()->stop();
  const auto before = std::chrono::steady_clock::now();
  auto down = conn->query({.table = "subscriber"});
  const auto took = std::chrono::steady_clock::now() - before;
  ASSERT_FALSE(down.ok());
  EXPECT_NE(down.error().find("query of subscriber"), std::string::npos) << down.error();
  EXPECT_LT(took, 10s);

  std::string why;
  ASSERT_TRUE(server()->run(why)) << why;
  auto back = conn->query({.table = "subscriber"});
  EXPECT_TRUE(back.ok()) << back.error();
}

// The read ends after timeout_interval; the statement, which may have run,
// is not repeated on a new session.
TEST_F(MysqlTest, SlowStatementEndsAtTimeoutInterval) {
  test::PluginHarness quick{*kemid_module_descriptor()};
  quick.setParam("timeout_interval", std::int64_t{1});
  ASSERT_TRUE(quick.init().ok());
  auto conn = db::connect(quick.host(), server()->url());
  ASSERT_TRUE(conn.ok()) << conn.error();
  const auto before = std::chrono::steady_clock::now();
  auto slow = conn.value()->raw("SELECT SLEEP(8)");
  const auto took = std::chrono::steady_clock::now() - before;
  ASSERT_FALSE(slow.ok());
  EXPECT_NE(slow.error().find("Lost connection"), std::string::npos) << slow.error();
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 1900ms);
  EXPECT_TRUE(conn.value()->raw("SELECT 1").ok());
}

TEST_F(MysqlTest, UnreachableServerFailsWithinTheConnectTimeout) {
  const std::uint16_t closed = test::freeLoopbackPort();
  const auto before = std::chrono::steady_clock::now();
  auto conn = db::connect(plugin.host(),
                          "mysql://kemid:secret@127.0.0.1:" + std::to_string(closed) + "/kemid");
  ASSERT_FALSE(conn.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - before, 10s);
  EXPECT_NE(conn.error().find("cannot open"), std::string::npos) << conn.error();
}

}  // namespace
}  // namespace kemid::db_mysql
