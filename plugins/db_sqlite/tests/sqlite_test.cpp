// db_sqlite through the module (its init registers the driver) and the
// API a module uses (db::connect), on temporary files.

#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <thread>

#include "core/config_error.h"
#include "db/db.h"
#include "db/kamailio_schema.h"
#include "support/plugin_harness.h"

namespace kemid::db_sqlite {
namespace {

namespace fs = std::filesystem;

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("kemid-sqlite-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    file = (dir / "kemid.sqlite").string();
  }
  void TearDown() override { fs::remove_all(dir); }

  std::unique_ptr<db::DbConnection> open(const std::string& url) {
    if (!initialised) {
      HookResult done = plugin.init();
      EXPECT_TRUE(done.ok()) << done.error;
      initialised = true;
    }
    auto conn = db::connect(plugin.host(), url);
    EXPECT_TRUE(conn.ok()) << conn.error();
    return conn.ok() ? std::move(conn.value()) : nullptr;
  }

  void createSubscriberTable(db::DbConnection& conn) {
    for (const std::string& sql :
         db::createStatements(*db::findTable("subscriber"), db::SqlDialect::SQLite)) {
      ASSERT_TRUE(conn.raw(sql).ok());
    }
  }

  test::PluginHarness plugin{*kemid_module_descriptor()};
  bool initialised = false;
  fs::path dir;
  std::string file;
};

TEST_F(SqliteTest, CreateInsertQueryUpdateDelete) {
  auto conn = open("sqlite://" + file);
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(conn->dialect(), db::SqlDialect::SQLite);
  createSubscriberTable(*conn);

  auto inserted = conn->insert("subscriber", {{"username", std::string("alice")},
                                              {"domain", std::string("example.com")},
                                              {"ha1", std::string("abc")}});
  ASSERT_TRUE(inserted.ok()) << inserted.error();
  EXPECT_EQ(inserted.value(), 1u);
  ASSERT_TRUE(conn->insert("subscriber", {{"username", std::string("bob")},
                                          {"domain", std::string("example.com")}})
                  .ok());

  auto rows = conn->query({.table = "subscriber",
                           .keys = {{"domain", std::string("example.com")}},
                           .columns = {"username", "ha1", "id"},
                           .orderBy = "username"});
  ASSERT_TRUE(rows.ok()) << rows.error();
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"username", "ha1", "id"}));
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(rows->rows[0][0], db::DbValue(std::string("alice")));
  EXPECT_EQ(rows->rows[0][1], db::DbValue(std::string("abc")));
  EXPECT_EQ(rows->rows[0][2], db::DbValue(std::int64_t{1}));
  EXPECT_EQ(rows->rows[1][1], db::DbValue(std::string("")));  // the column's default

  auto updated = conn->update("subscriber", {{"username", std::string("bob")}},
                              {{"password", std::string("secret")}});
  ASSERT_TRUE(updated.ok()) << updated.error();
  EXPECT_EQ(updated.value(), 1u);
  auto none = conn->update("subscriber", {{"username", std::string("carol")}},
                           {{"password", std::string("x")}});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none.value(), 0u);

  auto removed = conn->remove("subscriber", {{"username", std::string("alice")}});
  ASSERT_TRUE(removed.ok()) << removed.error();
  EXPECT_EQ(removed.value(), 1u);
  auto left = conn->query({.table = "subscriber", .columns = {"username", "password"}});
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->rows.size(), 1u);
  EXPECT_EQ(left->rows[0][1], db::DbValue(std::string("secret")));
}

// A zone away from UTC, so that a conversion through UTC would show.
class BerlinTime {
 public:
  BerlinTime() {
    ::setenv("TZ", "Europe/Berlin", 1);
    ::tzset();
  }
  ~BerlinTime() {
    ::unsetenv("TZ");
    ::tzset();
  }
};

TEST_F(SqliteTest, TypesOfLocationColumnsRoundTrip) {
  BerlinTime zone;
  auto conn = open("sqlite://" + file);
  ASSERT_NE(conn, nullptr);
  for (const std::string& sql :
       db::createStatements(*db::findTable("location"), db::SqlDialect::SQLite)) {
    ASSERT_TRUE(conn->raw(sql).ok());
  }
  const db::DbDateTime expires{1893456000};
  ASSERT_TRUE(conn->insert("location", {{"ruid", std::string("r1")},
                                        {"username", std::string("alice")},
                                        {"contact", std::string("sip:alice@192.0.2.1")},
                                        {"expires", expires},
                                        {"q", 0.5},
                                        {"cseq", std::int64_t{42}},
                                        {"received", db::DbNull{}}})
                  .ok());
  auto rows =
      conn->query({.table = "location",
                   .keys = {{"expires", db::DbDateTime{1000}, db::DbOp::Gt}},
                   .columns = {"expires", "q", "cseq", "received", "domain", "last_modified"}});
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->rows.size(), 1u);
  const db::DbRow& row = rows->rows[0];
  EXPECT_EQ(row[0], db::DbValue(expires));
  EXPECT_EQ(row[1], db::DbValue(0.5));
  EXPECT_EQ(row[2], db::DbValue(std::int64_t{42}));
  EXPECT_EQ(row[3], db::DbValue(db::DbNull{}));
  EXPECT_EQ(row[4], db::DbValue(db::DbNull{}));
  EXPECT_EQ(db::formatDateTime(std::get<db::DbDateTime>(row[5])), "2000-01-01 00:00:01");

  // Stored as Kamailio stores it: local time text (1893456000 is
  // 2030-01-01 00:00:00 UTC).
  auto text = conn->raw("SELECT CAST(expires AS TEXT) FROM location");
  ASSERT_TRUE(text.ok()) << text.error();
  EXPECT_EQ(text->rows[0][0], db::DbValue(std::string("2030-01-01 01:00:00")));
}

TEST_F(SqliteTest, ReplaceInsertsThenUpdates) {
  auto conn = open("sqlite://" + file);
  ASSERT_NE(conn, nullptr);
  createSubscriberTable(*conn);
  const std::vector<db::DbField> key{{"username", std::string("alice")},
                                     {"domain", std::string("d")}};
  ASSERT_EQ(conn->replace("subscriber", key, {{"ha1", std::string("one")}}).value(), 1u);
  ASSERT_EQ(conn->replace("subscriber", key, {{"ha1", std::string("two")}}).value(), 1u);
  auto rows = conn->query({.table = "subscriber", .columns = {"ha1"}});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], db::DbValue(std::string("two")));
}

// Workers share one connection: each call gets a session of its own, and
// SQLite's lock waits (busy timeout) instead of failing.
TEST_F(SqliteTest, ConcurrentWritersThroughOneConnectionAllSucceed) {
  auto conn = open("sqlite://" + file);
  ASSERT_NE(conn, nullptr);
  createSubscriberTable(*conn);
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string user = "u" + std::to_string(t) + "_" + std::to_string(i);
        if (!conn->insert("subscriber", {{"username", user}, {"domain", std::string("d")}})) {
          ++failures;
        }
        if (!conn->replace("subscriber",
                           {{"username", std::string("shared")}, {"domain", std::string("d")}},
                           {{"ha1", user}})) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto count = conn->raw("SELECT COUNT(*) FROM subscriber");
  ASSERT_TRUE(count.ok()) << count.error();
  EXPECT_EQ(db::asInt(count->rows[0][0]), kThreads * kEach + 1);
}

TEST_F(SqliteTest, RawQueryWithBoundParameters) {
  auto conn = open("sqlite://" + file);
  ASSERT_NE(conn, nullptr);
  createSubscriberTable(*conn);
  ASSERT_TRUE(conn->insert("subscriber", {{"username", std::string("o'brien")}}).ok());
  auto rows =
      conn->raw("SELECT COUNT(*) FROM subscriber WHERE username = ?", {std::string("o'brien")});
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(db::asInt(rows->rows[0][0]), 1);
}

TEST_F(SqliteTest, MissingTableIsAnErrorNamingUrlAndTable) {
  auto conn = open("sqlite://" + file);
  ASSERT_NE(conn, nullptr);
  auto rows = conn->query({.table = "nosuchtable"});
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.error().find("db_url 'sqlite://" + file + "': query of nosuchtable:"),
            std::string::npos)
      << rows.error();
  EXPECT_NE(rows.error().find("no such table"), std::string::npos) << rows.error();
}

TEST_F(SqliteTest, FileInAMissingDirectoryCannotBeOpened) {
  const std::string url = "sqlite://" + (dir / "missing" / "x.sqlite").string();
  ASSERT_TRUE(plugin.init().ok());
  initialised = true;
  auto conn = db::connect(plugin.host(), url);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().find("db_url '" + url + "': cannot open"), std::string::npos)
      << conn.error();
}

TEST_F(SqliteTest, ReadOnlyDatabaseRefusesWrites) {
  {
    auto conn = open("sqlite://" + file);
    ASSERT_NE(conn, nullptr);
    createSubscriberTable(*conn);
  }
  test::PluginHarness readonly{*kemid_module_descriptor()};
  readonly.setParam("db_set_readonly", file);
  ASSERT_TRUE(readonly.init().ok());
  auto conn = db::connect(readonly.host(), "sqlite://" + file);
  ASSERT_TRUE(conn.ok()) << conn.error();
  EXPECT_TRUE(conn.value()->query({.table = "subscriber"}).ok());
  auto inserted = conn.value()->insert("subscriber", {{"username", std::string("x")}});
  ASSERT_FALSE(inserted.ok());
  EXPECT_NE(inserted.error().find("insert into subscriber"), std::string::npos) << inserted.error();
}

// Kamailio names the database as its URL does after "sqlite:///": without
// the leading '/'.
TEST_F(SqliteTest, JournalModeParameterIsApplied) {
  plugin.setParam("db_set_journal_mode", file.substr(1) + "=WAL");
  auto conn = open("sqlite://" + file);
  ASSERT_NE(conn, nullptr);
  auto mode = conn->raw("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok()) << mode.error();
  EXPECT_EQ(db::asString(mode->rows.at(0).at(0)), "wal");
}

TEST_F(SqliteTest, MalformedJournalModeIsRefusedAtConfigTime) {
  EXPECT_THROW(plugin.setParam("db_set_journal_mode", file + "=FAST"), ConfigError);
}

}  // namespace
}  // namespace kemid::db_sqlite
