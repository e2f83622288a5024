// usrloc db_mode 1, 2, 3 on a temporary SQLite database: the rows written
// (Kamailio's location columns), write-back flushing, database-only
// lookups, preload, and a database that fails.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cached_location_table.h"
#include "db/db.h"
#include "db_only_location_table.h"
#include "support/plugin_harness.h"
#include "support/sqlite_database.h"
#include "usrloc_api.h"
#include "usrloc_module.h"

namespace kemid::usrloc {
namespace {

constexpr std::int64_t kStart = 1'800'000'000;

Binding binding(std::string contact, std::string ruid, std::int64_t expires) {
  Binding b;
  b.contact = std::move(contact);
  b.ruid = std::move(ruid);
  b.expires = expires;
  b.callId = "call-1";
  b.cseq = 1;
  b.userAgent = "phone";
  b.socket = "udp:127.0.0.1:5060";
  b.lastModified = kStart;
  return b;
}

int add(LocationTable& table, std::string_view aor, Binding b, std::int64_t now = kStart) {
  return table.update(aor, now, [&](std::vector<Binding>& bs) {
    bs.push_back(b);
    return 1;
  });
}

// The location table's rows as column -> text, in id order.
std::vector<std::map<std::string, std::string>> rows(test::SqliteDatabase& db) {
  auto result = db.connection().query({.table = "location", .orderBy = "id"});
  EXPECT_TRUE(result.ok()) << result.error();
  std::vector<std::map<std::string, std::string>> out;
  if (!result) return out;
  for (const db::DbRow& row : result->rows) {
    std::map<std::string, std::string> r;
    for (std::size_t i = 0; i < row.size(); ++i) r[result->columns[i]] = db::toText(row[i]);
    out.push_back(std::move(r));
  }
  return out;
}

class UsrlocDatabase : public ::testing::Test {
 protected:
  // A module in `mode` over the test database, with a clock the test sets.
  std::unique_ptr<UsrlocModule> module(int mode, bool useDomain = false) {
    auto conn = db::connect(plugin.host(), db.url());
    EXPECT_TRUE(conn.ok()) << conn.error();
    UsrlocSettings settings;
    settings.preload = {"location"};
    settings.dbMode = mode;
    settings.useDomain = useDomain;
    settings.database.useDomain = useDomain;
    settings.database.natFlagMask = 1u << 6;
    settings.timerIntervalSeconds = 0;
    return std::make_unique<UsrlocModule>(
        settings, [this] { return now; }, std::move(conn.value()));
  }

  test::PluginHarness plugin{*kemid_module_descriptor()};
  test::SqliteDatabase db{plugin.host()};
  std::int64_t now = kStart;
};

TEST_F(UsrlocDatabase, WriteThroughWritesKamailiosColumnsAtOnce) {
  auto ul = module(1);
  Binding b = binding("sip:alice@10.0.0.1:5062", "uloc-1", kStart + 3600);
  b.cflags = 1u << 6;  // behind NAT: keepalive
  b.path = "<sip:edge.example.com;lr>";
  b.instance = "\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"";
  ASSERT_EQ(add(*ul->table("location"), "alice", b), 1);

  auto written = rows(db);
  ASSERT_EQ(written.size(), 1u);
  auto& row = written[0];
  EXPECT_EQ(row["ruid"], "uloc-1");
  EXPECT_EQ(row["username"], "alice");
  EXPECT_EQ(row["domain"], "NULL");  // use_domain off: not written
  EXPECT_EQ(row["contact"], "sip:alice@10.0.0.1:5062");
  EXPECT_EQ(row["received"], "NULL");
  EXPECT_EQ(row["path"], "<sip:edge.example.com;lr>");
  EXPECT_EQ(row["expires"], db::formatDateTime({kStart + 3600}));
  EXPECT_EQ(row["q"], "-1");  // no q, as Kamailio stores Q_UNSPECIFIED
  EXPECT_EQ(row["callid"], "call-1");
  EXPECT_EQ(row["cseq"], "1");
  EXPECT_EQ(row["last_modified"], db::formatDateTime({kStart}));
  EXPECT_EQ(row["flags"], "0");
  EXPECT_EQ(row["cflags"], "64");
  EXPECT_EQ(row["user_agent"], "phone");
  EXPECT_EQ(row["socket"], "udp:127.0.0.1:5060");
  EXPECT_EQ(row["methods"], "NULL");                                              // every method
  EXPECT_EQ(row["instance"], "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");  // unquoted
  EXPECT_EQ(row["reg_id"], "0");
  EXPECT_EQ(row["connection_id"], "-1");
  EXPECT_EQ(row["keepalive"], "1");

  // A refresh updates the same row.
  ul->table("location")->update("alice", kStart + 10, [](std::vector<Binding>& bs) {
    bs[0].expires = kStart + 7200;
    bs[0].cseq = 2;
    bs[0].q = 500;
    return 2;
  });
  written = rows(db);
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0]["expires"], db::formatDateTime({kStart + 7200}));
  EXPECT_EQ(written[0]["cseq"], "2");
  EXPECT_EQ(written[0]["q"], "0.5");

  // Removal deletes it.
  ul->table("location")->update("alice", kStart + 20, [](std::vector<Binding>& bs) {
    bs.clear();
    return 3;
  });
  EXPECT_TRUE(rows(db).empty());
}

TEST_F(UsrlocDatabase, WriteThroughExpiryRemovesTheRowsOnTheTimer) {
  auto ul = module(1);
  LocationTable& table = *ul->table("location");
  add(table, "alice", binding("sip:a@1", "r1", kStart + 2));
  add(table, "alice", binding("sip:a@2", "r2", kStart + 100));
  add(table, "bob", binding("sip:b@1", "r3", 0));  // permanent
  ASSERT_EQ(rows(db).size(), 3u);
  now = kStart + 3;
  EXPECT_EQ(ul->expireNow(), 1u);
  auto left = rows(db);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0]["ruid"], "r2");
  EXPECT_EQ(left[1]["ruid"], "r3");
  EXPECT_EQ(table.find("alice", now).size(), 1u);
}

TEST_F(UsrlocDatabase, RemovingAnAorDeletesItsRows) {
  auto ul = module(1);
  LocationTable& table = *ul->table("location");
  add(table, "alice", binding("sip:a@1", "r1", kStart + 60));
  add(table, "alice", binding("sip:a@2", "r2", kStart + 60));
  add(table, "bob", binding("sip:b@1", "r3", kStart + 60));
  EXPECT_TRUE(table.removeAor("alice"));
  auto left = rows(db);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["username"], "bob");
}

TEST_F(UsrlocDatabase, UseDomainWritesTheDomainColumn) {
  auto ul = module(1, true);
  add(*ul->table("location"), "alice@example.com", binding("sip:a@1", "r1", kStart + 60));
  auto written = rows(db);
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0]["username"], "alice");
  EXPECT_EQ(written[0]["domain"], "example.com");
}

TEST_F(UsrlocDatabase, ConcurrentWriteThroughChangesLeaveTheTableAsMemory) {
  auto ul = module(1);
  LocationTable& table = *ul->table("location");
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t) {
    writers.emplace_back([&table, t] {
      for (int i = 0; i < 15; ++i) {
        const std::string aor = "user" + std::to_string(i % 3);
        const std::string ruid = aor + "-r" + std::to_string(i % 4);  // unique, as ruids are
        table.update(aor, kStart, [&](std::vector<Binding>& bs) {
          auto it =
              std::find_if(bs.begin(), bs.end(), [&](const Binding& b) { return b.ruid == ruid; });
          if (it == bs.end()) {
            bs.push_back(binding("sip:" + ruid + "@h", ruid, kStart + 60));
          } else if ((t + i) % 2 == 0) {
            bs.erase(it);
          } else {
            it->cseq += 1;
          }
          return 0;
        });
      }
    });
  }
  for (std::thread& w : writers) w.join();
  std::multiset<std::string> inMemory;
  for (const AorBindings& record : table.snapshot()) {
    for (const Binding& b : record.bindings) {
      inMemory.insert(record.aor + "/" + b.ruid + "/" + std::to_string(b.cseq));
    }
  }
  std::multiset<std::string> inTable;
  for (auto& row : rows(db)) {
    inTable.insert(row["username"] + "/" + row["ruid"] + "/" + row["cseq"]);
  }
  EXPECT_EQ(inTable, inMemory);
}

TEST_F(UsrlocDatabase, WriteBackWritesOnFlushOnly) {
  auto ul = module(2);
  LocationTable& table = *ul->table("location");
  add(table, "alice", binding("sip:a@1", "r1", kStart + 60));
  add(table, "alice", binding("sip:a@2", "r2", kStart + 60));
  EXPECT_TRUE(rows(db).empty());
  EXPECT_EQ(table.find("alice", now).size(), 2u);

  EXPECT_EQ(ul->expireNow(), 0u);  // the timer flushes
  ASSERT_EQ(rows(db).size(), 2u);

  table.update("alice", now, [](std::vector<Binding>& bs) {
    std::erase_if(bs, [](const Binding& b) { return b.ruid == "r1"; });
    return 3;
  });
  EXPECT_EQ(rows(db).size(), 2u);  // not yet
  EXPECT_TRUE(ul->flushAll());
  auto left = rows(db);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["ruid"], "r2");
}

TEST_F(UsrlocDatabase, WriteBackKeepsWhatItCouldNotWriteForTheNextFlush) {
  auto ul = module(2);
  LocationTable& table = *ul->table("location");
  add(table, "alice", binding("sip:a@1", "r1", kStart + 60));
  ASSERT_TRUE(db.connection().raw("ALTER TABLE location RENAME TO location_away").ok());
  EXPECT_FALSE(ul->flushAll());
  ASSERT_TRUE(db.connection().raw("ALTER TABLE location_away RENAME TO location").ok());
  EXPECT_TRUE(ul->flushAll());
  EXPECT_EQ(rows(db).size(), 1u);
}

TEST_F(UsrlocDatabase, WriteThroughFailureUndoesTheChangeAndLookupsStillAnswer) {
  auto ul = module(1);
  LocationTable& table = *ul->table("location");
  add(table, "alice", binding("sip:a@1", "r1", kStart + 60));
  ASSERT_TRUE(db.connection().raw("ALTER TABLE location RENAME TO location_away").ok());
  EXPECT_EQ(add(table, "alice", binding("sip:a@2", "r2", kStart + 60)), kDatabaseError);
  // Memory answers lookups, without the change that failed.
  auto found = table.find("alice", now);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].contact, "sip:a@1");
}

TEST_F(UsrlocDatabase, DatabaseOnlyReadsAndWritesTheTable) {
  auto ul = module(3);
  LocationTable& table = *ul->table("location");
  add(table, "alice", binding("sip:a@1", "r1", kStart + 60));
  ASSERT_EQ(rows(db).size(), 1u);

  // A row another kemid wrote is found: nothing is cached.
  LocationDb other(db.connection(), "location", {});
  Binding better = binding("sip:a@2", "r2", kStart + 60);
  better.q = 900;
  better.instance = "\"<urn:uuid:1>\"";
  ASSERT_TRUE(other.write("alice", better).ok());
  auto found = table.find("alice", now);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].contact, "sip:a@2");  // best first
  EXPECT_EQ(found[0].q, 900);
  EXPECT_EQ(found[0].instance, "\"<urn:uuid:1>\"");  // stored unquoted, read as written
  EXPECT_EQ(found[1].contact, "sip:a@1");
  EXPECT_EQ(found[1].q, -1);
  EXPECT_EQ(found[1].socket, "udp:127.0.0.1:5060");
  EXPECT_EQ(found[1].methods, kAllMethods);
  EXPECT_EQ(found[1].instance, "");
  EXPECT_EQ(table.aorCount(), 1u);
  EXPECT_EQ(table.bindingCount(), 2u);
  EXPECT_EQ(table.snapshot().size(), 1u);

  table.update("alice", now, [](std::vector<Binding>& bs) {
    std::erase_if(bs, [](const Binding& b) { return b.ruid == "r1"; });
    return 3;
  });
  auto left = rows(db);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["ruid"], "r2");

  now = kStart + 61;
  EXPECT_TRUE(table.find("alice", now).empty());
  EXPECT_EQ(ul->expireNow(), 1u);
  EXPECT_TRUE(rows(db).empty());
}

TEST_F(UsrlocDatabase, DatabaseOnlyFailsChangesWhenTheTableCannotBeRead) {
  auto ul = module(3);
  ASSERT_TRUE(db.connection().raw("DROP TABLE location").ok());
  EXPECT_EQ(add(*ul->table("location"), "alice", binding("sip:a@1", "r1", kStart + 60)),
            kDatabaseError);
  EXPECT_TRUE(ul->table("location")->find("alice", now).empty());
}

// Through the module's init, as kemid starts it.
class UsrlocDatabasePlugin : public ::testing::Test {
 protected:
  void configure(int mode) {
    plugin.setParam("db_url", db.url());
    plugin.setParam("db_mode", std::int64_t{mode});
    plugin.setParam("preload", std::string("location"));
    plugin.setParam("timer_interval", std::int64_t{0});
  }

  test::PluginHarness plugin{*kemid_module_descriptor()};
  test::SqliteDatabase db{plugin.host()};
};

TEST_F(UsrlocDatabasePlugin, PreloadsTheRowsNotExpired) {
  const std::int64_t wallNow = std::time(nullptr);
  LocationDb writer(db.connection(), "location", {});
  ASSERT_TRUE(writer.write("alice", binding("sip:a@1", "r1", wallNow + 3600)).ok());
  ASSERT_TRUE(writer.write("alice", binding("sip:a@old", "r2", wallNow - 10)).ok());
  ASSERT_TRUE(writer.write("bob", binding("sip:b@1", "r3", 0)).ok());
  configure(1);
  ASSERT_TRUE(plugin.init().ok());
  auto* api = plugin.host().findApi<UsrlocApi>();
  ASSERT_NE(api, nullptr);
  auto alice = api->table("location")->find("alice", api->now());
  ASSERT_EQ(alice.size(), 1u);
  EXPECT_EQ(alice[0].contact, "sip:a@1");
  EXPECT_EQ(alice[0].ruid, "r1");
  EXPECT_EQ(alice[0].expires, wallNow + 3600);
  EXPECT_EQ(api->table("location")->find("bob", api->now()).size(), 1u);
  EXPECT_EQ(api->table("location")->aorCount(), 2u);

  // The timer removes the expired row.
  static_cast<UsrlocModule*>(plugin.state())->expireNow();
  EXPECT_EQ(rows(db).size(), 2u);
}

TEST_F(UsrlocDatabasePlugin, DbLoadOffStartsEmpty) {
  LocationDb writer(db.connection(), "location", {});
  ASSERT_TRUE(writer.write("alice", binding("sip:a@1", "r1", std::time(nullptr) + 60)).ok());
  configure(2);
  plugin.setParam("db_load", std::int64_t{0});
  ASSERT_TRUE(plugin.init().ok());
  EXPECT_EQ(plugin.host().findApi<UsrlocApi>()->table("location")->aorCount(), 0u);
}

TEST_F(UsrlocDatabasePlugin, WriteBackFlushesAtShutdownAndOnUlFlush) {
  configure(2);
  ASSERT_TRUE(plugin.init().ok());
  auto add = plugin.callRpc(
      "ul.add", {std::string("location"), std::string("bob"), std::string("sip:bob@10.0.0.2"), 3600,
                 1.0, std::string(""), 0, 0, 0});
  ASSERT_EQ(add.fault.code, 0) << add.fault.message;
  EXPECT_TRUE(rows(db).empty());
  auto flush = plugin.callRpc("ul.flush");
  ASSERT_EQ(flush.fault.code, 0);
  EXPECT_EQ(rows(db).size(), 1u);

  plugin.callRpc("ul.rm", {std::string("location"), std::string("bob")});
  EXPECT_EQ(rows(db).size(), 1u);
  plugin.shutdown();
  EXPECT_TRUE(rows(db).empty());
}

TEST_F(UsrlocDatabasePlugin, RefusesATableOfAnotherVersion) {
  ASSERT_TRUE(db.connection()
                  .raw("UPDATE version SET table_version = 8 WHERE table_name = 'location'")
                  .ok());
  configure(1);
  HookResult result = plugin.init();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error.find("location"), std::string::npos) << result.error;
  plugin.setParam("version_table", std::int64_t{0});
  EXPECT_TRUE(plugin.init().ok());
}

TEST_F(UsrlocDatabasePlugin, RpcAddFailsWhenTheDatabaseRefuses) {
  configure(1);
  ASSERT_TRUE(plugin.init().ok());
  ASSERT_TRUE(db.connection().raw("ALTER TABLE location RENAME TO location_away").ok());
  auto add = plugin.callRpc(
      "ul.add", {std::string("location"), std::string("bob"), std::string("sip:bob@10.0.0.2"), 3600,
                 1.0, std::string(""), 0, 0, 0});
  EXPECT_EQ(add.fault.code, 500);
  EXPECT_EQ(add.fault.message, "Failed to insert contact");
  auto lookup = plugin.callRpc("ul.lookup", {std::string("location"), std::string("bob")});
  EXPECT_EQ(lookup.fault.code, 500);  // not kept
}

TEST_F(UsrlocDatabasePlugin, ColumnNamesComeFromTheParameters) {
  ASSERT_TRUE(db.connection().raw("ALTER TABLE location RENAME COLUMN user_agent TO ua").ok());
  configure(1);
  plugin.setParam("user_agent_column", std::string("ua"));
  ASSERT_TRUE(plugin.init().ok());
  auto add = plugin.callRpc(
      "ul.add", {std::string("location"), std::string("bob"), std::string("sip:bob@10.0.0.2"), 3600,
                 1.0, std::string(""), 0, 0, 0});
  ASSERT_EQ(add.fault.code, 0);
  auto written = rows(db);
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0]["ua"], "kemid - RPC");
}

}  // namespace
}  // namespace kemid::usrloc
