// db_redis against a real redis-server: the suite starts its own on a free
// loopback port (tests/support/redis_server.h). Skipped, saying why, when
// redis-server is not installed (scripts/setup.sh installs it).

#include <gtest/gtest.h>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <algorithm>
#include <thread>

#include "db/db.h"
#include "db/kamailio_schema.h"
#include "db/redis_session.h"
#include "support/plugin_harness.h"
#include "support/redis_server.h"

namespace kemid::db_redis {
namespace {

using namespace std::chrono_literals;

class RedisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server() = test::RedisServer::start(skipReason()); }
  static void TearDownTestSuite() { server().reset(); }
  static std::unique_ptr<test::RedisServer>& server() {
    static std::unique_ptr<test::RedisServer> instance;
    return instance;
  }
  static std::string& skipReason() {
    static std::string reason;
    return reason;
  }

  void SetUp() override {
    if (server() == nullptr) GTEST_SKIP() << skipReason();
    plugin.setParam("timeout_interval", std::int64_t{500});
    ASSERT_TRUE(plugin.init().ok());
    inspect = std::make_unique<RedisSession>(db::DbUrl::parse(server()->url(3)).value(),
                                             RedisSessionOptions{});
    ASSERT_FALSE(inspect->run({"FLUSHDB"}).isError());
    conn = open(server()->url(3));
    ASSERT_NE(conn, nullptr);
  }

  std::unique_ptr<db::DbConnection> open(const std::string& url) {
    auto opened = db::connect(plugin.host(), url);
    EXPECT_TRUE(opened.ok()) << opened.error();
    return opened.ok() ? std::move(opened.value()) : nullptr;
  }

  std::vector<std::string> members(const std::string& set) {
    std::vector<std::string> out;
    for (const RedisReply& r : inspect->run({"SMEMBERS", set}).elements) out.push_back(r.text);
    std::sort(out.begin(), out.end());
    return out;
  }
  bool exists(const std::string& key) { return inspect->run({"EXISTS", key}).integer == 1; }

  std::vector<db::DbField> contact(const std::string& user, const std::string& address,
                                   db::DbDateTime expires) {
    return {{"username", user},
            {"domain", std::string("example.com")},
            {"contact", address},
            {"expires", expires},
            {"q", 0.5},
            {"cseq", std::int64_t{7}},
            {"path", db::DbValue{}},
            {"partition", std::int64_t{0}},
            {"keepalive", std::int64_t{0}}};
  }

  test::PluginHarness plugin{*kemid_module_descriptor()};
  std::unique_ptr<RedisSession> inspect;  // looks at the server directly
  std::unique_ptr<db::DbConnection> conn;
};

TEST_F(RedisTest, ReplaceQueryUpdateDeleteWithTypedValues) {
  EXPECT_EQ(conn->dialect(), db::SqlDialect::None);
  const db::DbDateTime expires{1893456000};
  auto replaced = conn->replace("location", {{"ruid", std::string("r1")}},
                                contact("alice", "sip:alice@192.0.2.1", expires));
  ASSERT_TRUE(replaced.ok()) << replaced.error();
  EXPECT_EQ(replaced.value(), 1u);

  auto rows = conn->query(
      {.table = "location",
       .keys = {{"username", std::string("alice")}, {"domain", std::string("example.com")}},
       .columns = {"contact", "expires", "q", "cseq", "path"}});
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], db::DbValue(std::string("sip:alice@192.0.2.1")));
  EXPECT_EQ(rows->rows[0][1], db::DbValue(expires));
  EXPECT_EQ(rows->rows[0][2], db::DbValue(0.5));
  EXPECT_EQ(rows->rows[0][3], db::DbValue(std::int64_t{7}));
  EXPECT_EQ(rows->rows[0][4], db::DbValue{});

  // replace again: the same row gets the new values.
  ASSERT_TRUE(
      conn->replace("location", {{"ruid", std::string("r1")}}, {{"cseq", std::int64_t{8}}}).ok());
  auto updated =
      conn->update("location", {{"ruid", std::string("r1")}}, {{"path", std::string("<sip:p>")}});
  ASSERT_TRUE(updated.ok()) << updated.error();
  EXPECT_EQ(updated.value(), 1u);
  rows = conn->query({.table = "location", .keys = {{"ruid", std::string("r1")}}});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][*rows->columnIndex("cseq")], db::DbValue(std::int64_t{8}));
  EXPECT_EQ(rows->rows[0][*rows->columnIndex("path")], db::DbValue(std::string("<sip:p>")));
  EXPECT_EQ(rows->rows[0][*rows->columnIndex("contact")],
            db::DbValue(std::string("sip:alice@192.0.2.1")));

  auto removed = conn->remove("location", {{"ruid", std::string("r1")}});
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed.value(), 1u);
  EXPECT_TRUE(conn->query({.table = "location"})->rows.empty());
}

TEST_F(RedisTest, KeysFollowKamailiosDbRedisLayout) {
  ASSERT_TRUE(conn->replace("location", {{"ruid", std::string("r1")}},
                            contact("alice", "sip:a@192.0.2.1", {1893456000}))
                  .ok());
  EXPECT_TRUE(exists("location:entry::r1"));
  EXPECT_EQ(inspect->run({"HGET", "location:entry::r1", "cseq"}).text, "7");
  EXPECT_EQ(inspect->run({"HGET", "location:entry::r1", "q"}).text, "0.500000");
  EXPECT_EQ(inspect->run({"HEXISTS", "location:entry::r1", "path"}).integer, 0);  // NULL
  EXPECT_EQ(members("location:usrdom::alice:example.com"),
            std::vector<std::string>{"location:entry::r1"});
  EXPECT_EQ(members("location::index::usrdom"),
            std::vector<std::string>{"location:usrdom::alice:example.com"});
  EXPECT_EQ(members("location:user::alice"), std::vector<std::string>{"location:entry::r1"});

  // A changed mapping column moves the row between sets; emptied sets leave
  // the index.
  ASSERT_TRUE(
      conn->update("location", {{"ruid", std::string("r1")}}, {{"username", std::string("bob")}})
          .ok());
  EXPECT_TRUE(members("location:usrdom::alice:example.com").empty());
  EXPECT_EQ(members("location::index::usrdom"),
            std::vector<std::string>{"location:usrdom::bob:example.com"});
  ASSERT_TRUE(conn->remove("location", {}).ok());
  EXPECT_TRUE(members("location::index::usrdom").empty());
  EXPECT_FALSE(exists("location:entry::r1"));
}

// A hash that is in no mapping set is invisible to a query by username (no
// scan), found by one on a column without mapping (scan).
TEST_F(RedisTest, QueriesByMappedColumnsReadOnlyTheirSet) {
  ASSERT_TRUE(conn->replace("location", {{"ruid", std::string("r1")}},
                            contact("alice", "sip:a@192.0.2.1", {1893456000}))
                  .ok());
  ASSERT_FALSE(inspect
                   ->run({"HSET", "location:entry::stray", "ruid", "stray", "username", "alice",
                          "contact", "sip:stray@192.0.2.9"})
                   .isError());
  auto byUser = conn->query({.table = "location", .keys = {{"username", std::string("alice")}}});
  ASSERT_TRUE(byUser.ok());
  EXPECT_EQ(byUser->rows.size(), 1u);
  auto byContact =
      conn->query({.table = "location", .keys = {{"contact", std::string("sip:stray@192.0.2.9")}}});
  ASSERT_TRUE(byContact.ok());
  EXPECT_EQ(byContact->rows.size(), 1u);
  EXPECT_EQ(conn->query({.table = "location"})->rows.size(), 2u);
}

TEST_F(RedisTest, RemovesExpiredRowsAsUsrlocsTimerAsks) {
  const db::DbDateTime now{1893456000};
  ASSERT_TRUE(conn->replace("location", {{"ruid", std::string("old")}},
                            contact("a", "sip:a@x", {now.seconds - 5}))
                  .ok());
  ASSERT_TRUE(conn->replace("location", {{"ruid", std::string("new")}},
                            contact("a", "sip:b@x", {now.seconds + 5}))
                  .ok());
  ASSERT_TRUE(
      conn->replace("location", {{"ruid", std::string("perm")}}, contact("a", "sip:c@x", {0}))
          .ok());
  auto removed = conn->remove(
      "location", {{"expires", now, db::DbOp::Lt}, {"expires", db::DbDateTime{0}, db::DbOp::Ne}});
  ASSERT_TRUE(removed.ok()) << removed.error();
  EXPECT_EQ(removed.value(), 1u);
  EXPECT_EQ(members("location:user::a"),
            (std::vector<std::string>{"location:entry::new", "location:entry::perm"}));
}

TEST_F(RedisTest, OrderByAndLimit) {
  for (int i : {3, 1, 2}) {
    ASSERT_TRUE(conn->insert("location", {{"ruid", "r" + std::to_string(i)},
                                          {"username", std::string("a")},
                                          {"cseq", std::int64_t{i * 10}}})
                    .ok());
  }
  auto rows = conn->query({.table = "location",
                           .keys = {{"username", std::string("a")}},
                           .columns = {"cseq"},
                           .orderBy = "cseq",
                           .descending = true,
                           .limit = 2});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(rows->rows[0][0], db::DbValue(std::int64_t{30}));
  EXPECT_EQ(rows->rows[1][0], db::DbValue(std::int64_t{20}));
}

TEST_F(RedisTest, TablesWithoutKeysAreReadButNotWritten) {
  ASSERT_FALSE(
      inspect->run({"HSET", "address:entry::1", "id", "1", "ip_addr", "127.0.0.1"}).isError());
  auto rows = conn->query({.table = "address", .keys = {{"ip_addr", std::string("127.0.0.1")}}});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][*rows->columnIndex("id")], db::DbValue(std::int64_t{1}));
  auto inserted = conn->insert("address", {{"id", std::int64_t{2}}});
  ASSERT_FALSE(inserted.ok());
  EXPECT_NE(inserted.error().find("keys"), std::string::npos) << inserted.error();
  EXPECT_FALSE(conn->query({.table = "bad name"}).ok());
}

TEST_F(RedisTest, TableVersionsComeFromKamailiosSchemaUnlessStored) {
  EXPECT_EQ(db::tableVersion(*conn, "location").value(), 9);
  EXPECT_TRUE(db::requireTableVersion(*conn, "location", 9).ok());
  EXPECT_FALSE(db::tableVersion(*conn, "no_such_table").value().has_value());
  ASSERT_TRUE(conn->replace("version", {{"table_name", std::string("location")}},
                            {{"table_version", std::int64_t{8}}})
                  .ok());
  EXPECT_TRUE(exists("version:entry::location"));
  EXPECT_EQ(db::tableVersion(*conn, "location").value(), 8);
}

TEST_F(RedisTest, RawSqlIsRefused) {
  auto raw = conn->raw("SELECT COUNT(*) FROM location", {});
  ASSERT_FALSE(raw.ok());
  EXPECT_NE(raw.error().find("raw SQL is not supported"), std::string::npos) << raw.error();
}

TEST_F(RedisTest, DatabaseNumberSeparatesData) {
  auto other = open(server()->url(4));
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(conn->insert("location", {{"ruid", std::string("r1")}}).ok());
  EXPECT_TRUE(other->query({.table = "location"})->rows.empty());
  EXPECT_FALSE(db::connect(plugin.host(), "redis://127.0.0.1:1/notanumber").ok());
}

TEST_F(RedisTest, ConcurrentWritersThroughOnePool) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string ruid = "t" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_TRUE(conn->replace("location", {{"ruid", ruid}},
                                  {{"username", std::string("shared")}, {"cseq", std::int64_t{i}}})
                        .ok());
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(members("location:user::shared").size(), 160u);
  EXPECT_EQ(conn->query({.table = "location", .keys = {{"username", std::string("shared")}}})
                ->rows.size(),
            160u);
}

TEST_F(RedisTest, DownServerIsAnErrorAndARestartedOneIsReconnected) {
  ASSERT_TRUE(conn->insert("location", {{"ruid", std::string("r1")}}).ok());
  server()->stop();
  const auto start = std::chrono::steady_clock::now();
  auto down = conn->query({.table = "location"});
  EXPECT_FALSE(down.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_FALSE(db::connect(plugin.host(), server()->url(3)).ok());
  std::string why;
  ASSERT_TRUE(server()->restart(why)) << why;
  // No persistence: the server comes back empty, and the pool reconnects.
  auto back = conn->query({.table = "location"});
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_TRUE(back->rows.empty());
  inspect = std::make_unique<RedisSession>(db::DbUrl::parse(server()->url(3)).value(),
                                           RedisSessionOptions{});
}

// A server that accepts the connection and never answers: the call fails
// after timeout_interval instead of hanging the worker.
TEST_F(RedisTest, SilentServerTimesOut) {
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
  auto quiet = open("redis://127.0.0.1:" + std::to_string(silent.address().port()) + "/0");
  ASSERT_NE(quiet, nullptr);
  const auto start = std::chrono::steady_clock::now();
  auto rows = quiet->query({.table = "location"});
  EXPECT_FALSE(rows.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

}  // namespace
}  // namespace kemid::db_redis
