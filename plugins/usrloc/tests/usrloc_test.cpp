// usrloc: the memory table, expiry, preload/db_mode, RPC answers.

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "core/statistics_registry.h"
#include "memory_location_table.h"
#include "support/plugin_harness.h"
#include "usrloc_api.h"
#include "usrloc_module.h"

namespace kemid::usrloc {
namespace {

Binding binding(std::string contact, std::int64_t expires, int q = -1) {
  Binding b;
  b.contact = std::move(contact);
  b.expires = expires;
  b.q = q;
  return b;
}

std::string json(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

TEST(MemoryLocationTable, KeepsBindingsBestFirstAndDropsExpiredOnes) {
  MemoryLocationTable table("location", {.shards = 4}, false);
  table.update("alice", 100, [](std::vector<Binding>& bs) {
    bs.push_back(binding("sip:a@1", 200));
    bs.push_back(binding("sip:a@2", 150, 500));
    bs.push_back(binding("sip:a@3", 300, 800));
    return 1;
  });
  auto found = table.find("alice", 100);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].contact, "sip:a@3");
  EXPECT_EQ(found[1].contact, "sip:a@2");
  EXPECT_EQ(found[2].contact, "sip:a@1");
  EXPECT_EQ(table.aorCount(), 1u);
  EXPECT_EQ(table.bindingCount(), 3u);

  // At 160 the q=0.5 binding has expired: reads skip it, the timer removes it.
  EXPECT_EQ(table.find("alice", 160).size(), 2u);
  EXPECT_EQ(table.removeExpired(160), 1u);
  EXPECT_EQ(table.bindingCount(), 2u);
  EXPECT_EQ(table.expiredCount(), 1u);
  EXPECT_EQ(table.removeExpired(400), 2u);
  EXPECT_EQ(table.aorCount(), 0u);
  EXPECT_TRUE(table.find("alice", 400).empty());
}

TEST(MemoryLocationTable, AnAorLeftWithoutBindingsIsGone) {
  MemoryLocationTable table("location", {.shards = 2}, false);
  table.update("bob", 0, [](std::vector<Binding>& bs) {
    bs.push_back(binding("sip:b@1", 0));
    return 0;
  });
  EXPECT_EQ(table.aorCount(), 1u);
  EXPECT_EQ(table.update("bob", 0,
                         [](std::vector<Binding>& bs) {
                           bs.clear();
                           return 3;
                         }),
            3);
  EXPECT_EQ(table.aorCount(), 0u);
  EXPECT_EQ(table.bindingCount(), 0u);
}

TEST(MemoryLocationTable, RefusesNewAorsPastItsBound) {
  MemoryLocationTable table("location", {.shards = 2, .maxAors = 1}, false);
  auto add = [](std::vector<Binding>& bs) {
    bs.push_back(binding("sip:x@1", 0));
    return 1;
  };
  EXPECT_EQ(table.update("a", 0, add), 1);
  EXPECT_EQ(table.update("b", 0, add), MemoryLocationTable::kTableFull);
  EXPECT_TRUE(table.find("b", 0).empty());
}

TEST(MemoryLocationTable, ConcurrentRegistrationsKeepTheCountsRight) {
  MemoryLocationTable table("location", {.shards = 8}, false);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&table, w] {
      for (int i = 0; i < 500; ++i) {
        const std::string aor = "user" + std::to_string(i % 50);
        table.update(aor, 0, [&](std::vector<Binding>& bs) {
          const std::string contact = "sip:" + aor + "@w" + std::to_string(w);
          std::erase_if(bs, [&](const Binding& b) { return b.contact == contact; });
          bs.push_back(binding(contact, 0));
          return 1;
        });
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(table.aorCount(), 50u);
  EXPECT_EQ(table.bindingCount(), 200u);  // one per worker and AoR
  EXPECT_EQ(table.snapshot().size(), 50u);
}

// nathelper reads one share of the AoRs per second: the shares cover the
// table once, the same way for the memory table and the default (filtered
// snapshot) that database-only tables use.
TEST(MemoryLocationTable, SharesPartitionTheAors) {
  MemoryLocationTable table("location", {.shards = 8}, false);
  for (int i = 0; i < 40; ++i) {
    table.update("user" + std::to_string(i), 0, [](std::vector<Binding>& bs) {
      bs.push_back(binding("sip:u@1", 0));
      return 1;
    });
  }
  std::set<std::string> seen;
  for (std::size_t part = 0; part < 3; ++part) {
    const auto share = table.snapshotShare(part, 3);
    EXPECT_LT(share.size(), 40u);
    for (const AorBindings& record : share) {
      EXPECT_EQ(aorShare(record.aor, 3), part);
      EXPECT_TRUE(seen.insert(record.aor).second);
    }
    EXPECT_EQ(share.size(), table.LocationTable::snapshotShare(part, 3).size());
  }
  EXPECT_EQ(seen.size(), 40u);
}

TEST(UsrlocTimer, RemovesExpiredBindingsEveryInterval) {
  std::atomic<std::int64_t> now{100};
  UsrlocModule module({.preload = {"location"}, .timerIntervalSeconds = 1},
                      [&] { return now.load(); });
  module.table("location")->update("alice", now, [](std::vector<Binding>& bs) {
    bs.push_back(binding("sip:a@1", 150));
    return 1;
  });
  module.startTimer();
  now = 200;
  for (int i = 0; i < 30 && module.table("location")->bindingCount() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(module.table("location")->bindingCount(), 0u);
  EXPECT_EQ(module.table("location")->expiredCount(), 1u);
  module.stopTimer();
}

struct UsrlocPlugin : ::testing::Test {
  test::PluginHarness plugin{*kemid_module_descriptor()};
};

TEST_F(UsrlocPlugin, PublishesItsPreloadedTables) {
  plugin.setParam("preload", std::string("location"));
  plugin.setParam("use_domain", std::int64_t{1});
  plugin.setParam("nat_bflag", std::int64_t{6});
  ASSERT_TRUE(plugin.init().ok());
  auto* api = plugin.host().findApi<UsrlocApi>();
  ASSERT_NE(api, nullptr);
  EXPECT_NE(api->table("location"), nullptr);
  EXPECT_EQ(api->table("other"), nullptr);
  EXPECT_TRUE(api->useDomain());
  EXPECT_EQ(api->natFlagMask(), 1u << 6);
  EXPECT_NE(api->newRuid(), api->newRuid());
}

TEST_F(UsrlocPlugin, DatabaseModesNeedTheDriverOfDbUrl) {
  plugin.setParam("db_mode", std::int64_t{2});
  HookResult result = plugin.init();
  ASSERT_FALSE(result.ok());
  // Kamailio's default db_url, and no db_mysql loaded.
  EXPECT_NE(result.error.find("load db_mysql.so"), std::string::npos) << result.error;
}

TEST_F(UsrlocPlugin, RpcAddLookupRemoveAsKamailioAnswers) {
  plugin.setParam("preload", std::string("location"));
  ASSERT_TRUE(plugin.init().ok());
  auto add =
      plugin.callRpc("ul.add", {std::string("location"), std::string("bob"),
                                std::string("sip:bob@1.2.3.4"), 0, 0.5, std::string(""), 0, 0, 0});
  ASSERT_EQ(add.fault.code, 0) << add.fault.message;
  EXPECT_EQ(json(add.result), "{}");

  auto found = plugin.callRpc("ul.lookup", {std::string("location"), std::string("bob@x.org")});
  ASSERT_EQ(found.fault.code, 0);
  const std::string text = json(found.result);
  EXPECT_NE(text.find(R"("AoR":"bob","Contacts":[{"Contact":{"Address":"sip:bob@1.2.3.4",)"
                      R"("Expires":"permanent","Q":0.5,)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("Received":"[not set]","Path":"[not set]","State":"CS_NEW")"),
            std::string::npos);

  auto missing = plugin.callRpc("ul.lookup", {std::string("location"), std::string("nobody")});
  EXPECT_EQ(missing.fault.code, 500);
  EXPECT_EQ(missing.fault.message, "AOR not found in location table");
  auto noTable = plugin.callRpc("ul.rm", {std::string("nolocation"), std::string("bob")});
  EXPECT_EQ(noTable.fault.code, 500);
  EXPECT_EQ(noTable.fault.message, "Domain table not found");

  auto noContact = plugin.callRpc(
      "ul.rm_contact", {std::string("location"), std::string("bob"), std::string("sip:zzz@1")});
  EXPECT_EQ(noContact.fault.code, 404);
  EXPECT_EQ(noContact.fault.message, "Contact not found");

  auto dump = plugin.callRpc("ul.dump", {std::string("brief")});
  EXPECT_EQ(json(dump.result),
            R"({"Domains":[{"Domain":{"Domain":"location","Size":1024,"AoRs":[{"AoR":"bob"}],)"
            R"("Stats":{"Records":1}}}]})");

  auto removed = plugin.callRpc("ul.rm_contact", {std::string("location"), std::string("bob"),
                                                  std::string("sip:bob@1.2.3.4")});
  EXPECT_EQ(removed.fault.code, 0);
  EXPECT_EQ(plugin.callRpc("ul.lookup", {std::string("location"), std::string("bob")}).fault.code,
            500);
}

TEST_F(UsrlocPlugin, CountsUsersAndContactsUnderKamailiosNames) {
  plugin.setParam("preload", std::string("location"));
  ASSERT_TRUE(plugin.init().ok());
  auto* api = plugin.host().findApi<UsrlocApi>();
  api->table("location")->update("alice", api->now(), [](std::vector<Binding>& bs) {
    bs.push_back(binding("sip:a@1", 0));
    bs.push_back(binding("sip:a@2", 0));
    return 1;
  });
  std::map<std::string, std::uint64_t> stats;
  for (const Statistic& s : plugin.host().statistics().statistics()) {
    if (s.group == "usrloc") stats[s.name] = s.value;
  }
  EXPECT_EQ(stats, (std::map<std::string, std::uint64_t>{{"location_contacts", 2},
                                                         {"location_expires", 0},
                                                         {"location_users", 1},
                                                         {"registered_users", 1}}));
}

// Every parameter Kamailio 5.6's usrloc accepts (probed with kamailio -c).
TEST_F(UsrlocPlugin, AcceptsEveryKamailio56Parameter) {
  for (std::string_view name : {
           "close_expired_tcp", "cseq_delay",       "db_check_update",
           "db_clean_tcp",      "db_insert_null",   "db_insert_update",
           "db_load",           "db_mode",          "db_ops_ruid",
           "db_raw_fetch_type", "db_timer_clean",   "db_update_as_insert",
           "desc_time_order",   "expires_type",     "fetch_rows",
           "handle_lost_tcp",   "hash_size",        "ka_filter",
           "ka_loglevel",       "ka_mode",          "ka_timeout",
           "load_rank",         "matching_mode",    "nat_bflag",
           "rm_expired_delay",  "server_id_filter", "skip_remote_socket",
           "timer_interval",    "timer_procs",      "use_domain",
           "version_table",
       }) {
    EXPECT_NO_THROW(plugin.setParam(name, std::int64_t{0})) << name;
  }
  for (std::string_view name : {
           "callid_column",    "cflags_column",    "connection_id_column",
           "contact_column",   "cseq_column",      "db_url",
           "domain_column",    "expires_column",   "instance_column",
           "ka_domain",        "ka_from",          "ka_logmsg",
           "ka_method",        "keepalive_column", "methods_column",
           "partition_column", "path_column",      "preload",
           "received_column",  "reg_id_column",    "ruid_column",
           "server_id_column", "socket_column",    "user_agent_column",
           "user_column",      "xavp_contact",     "q_column",
           "flags_column",
       }) {
    EXPECT_NO_THROW(plugin.setParam(name, std::string("x"))) << name;
  }
}

}  // namespace
}  // namespace kemid::usrloc
