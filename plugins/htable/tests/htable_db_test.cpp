// htable over a database: a table with dbtable loaded at start from
// Kamailio's htable schema, written back at stop with dbmode=1, reloaded
// by RPC.

#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include "core/module_abi.h"
#include "db/db.h"
#include "support/plugin_harness.h"
#include "support/sqlite_database.h"

namespace kemid::htable {
namespace {

class HtableDb : public ::testing::Test {
 protected:
  // The htable table is Kamailio's, as SqliteDatabase creates it (kemictl db init).
  void SetUp() override {
    const std::int64_t now = std::time(nullptr);
    row("s", 0, 0, "text", 0);
    row("i", 0, 1, "42", 0);
    row("old", 0, 0, "gone", now - 10);
    row("soon", 0, 0, "kept", now + 100);
    row("arr", 1, 0, "a0", 0);
    row("arr", 1, 1, "7", 0);
  }
  void row(std::string name, std::int64_t keyType, std::int64_t valueType, std::string value,
           std::int64_t expires) {
    auto r = db.connection().insert("htable", {{"key_name", name},
                                               {"key_type", keyType},
                                               {"value_type", valueType},
                                               {"key_value", value},
                                               {"expires", expires}});
    ASSERT_TRUE(r.ok()) << r.error();
  }
  KemiValue get(std::string_view key) { return plugin.callKemi("sht_get", &ctx, {"t", key}); }

  test::PluginHarness plugin{*kemid_module_descriptor()};
  test::SqliteDatabase db{plugin.host()};
  MessageContext ctx;
};

TEST_F(HtableDb, LoadsAtStartAndSavesAtStop) {
  plugin.setParam("db_url", db.url());
  plugin.setParam("htable", std::string("t=>size=4;autoexpire=3600;dbtable=htable;dbmode=1;"));
  ASSERT_TRUE(plugin.init().ok());
  EXPECT_EQ(get("s"), KemiValue{std::string("text")});
  EXPECT_EQ(get("i"), KemiValue{std::int64_t{42}});
  EXPECT_EQ(get("old"), KemiValue{});  // expired in the table
  EXPECT_EQ(get("soon"), KemiValue{std::string("kept")});
  EXPECT_EQ(get("arr[0]"), KemiValue{std::string("a0")});
  EXPECT_EQ(get("arr[1]"), KemiValue{std::int64_t{7}});
  EXPECT_EQ(get("arr::size"), KemiValue{std::int64_t{2}});

  plugin.callKemi("sht_seti", &ctx, {"t", "new", std::int64_t{5}});
  plugin.callKemi("sht_rm", &ctx, {"t", "s"});
  plugin.shutdown();
  auto rows = db.connection().query({.table = "htable",
                                     .keys = {{"key_name", std::string("new")}},
                                     .columns = {"value_type", "key_value"}});
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(db::asInt(rows->rows[0][0]), 1);
  EXPECT_EQ(db::asString(rows->rows[0][1]), "5");
  auto gone = db.connection().query({.table = "htable", .keys = {{"key_name", std::string("s")}}});
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->rows.empty());
}

TEST_F(HtableDb, ReloadReadsTheTableAgain) {
  plugin.setParam("db_url", db.url());
  plugin.setParam("htable", std::string("t=>dbtable=htable;"));
  ASSERT_TRUE(plugin.init().ok());
  plugin.callKemi("sht_sets", &ctx, {"t", "s", "changed"});
  plugin.callKemi("sht_sets", &ctx, {"t", "extra", "x"});
  test::RpcOutcome out = plugin.callRpc("htable.reload", {std::string("t")});
  EXPECT_EQ(out.fault.code, 0) << out.fault.message;
  EXPECT_EQ(get("s"), KemiValue{std::string("text")});
  EXPECT_EQ(get("extra"), KemiValue{});
}

TEST_F(HtableDb, AMissingTableStopsTheStart) {
  plugin.setParam("db_url", db.url());
  plugin.setParam("htable", std::string("t=>dbtable=nosuch;"));
  HookResult r = plugin.init();
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("nosuch"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace kemid::htable
