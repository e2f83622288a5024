// htable: declarations, the table's semantics (expiry, initval, counters,
// Kamailio's slot order), iterators, and the module through its KEMI table
// and RPC commands.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/module_abi.h"
#include "hash_table.h"
#include "support/plugin_harness.h"
#include "table_declaration.h"
#include "table_iterators.h"

namespace kemid::htable {
namespace {

TableDeclaration parsed(std::string_view text) {
  std::string error;
  auto decl = parseTableDeclaration(text, error);
  EXPECT_TRUE(decl) << error;
  return decl.value_or(TableDeclaration{});
}

TEST(TableDeclaration, ReadsEveryAttribute) {
  TableDeclaration d =
      parsed("ipban=>size=8;autoexpire=300;initval=0;updateexpire=0;dbtable=bans;dbmode=1;");
  EXPECT_EQ(d.name, "ipban");
  EXPECT_EQ(d.sizeExponent, 8);
  EXPECT_EQ(d.autoexpire, 300);
  EXPECT_EQ(d.initval, 0);
  EXPECT_FALSE(d.updateexpire);
  EXPECT_EQ(d.dbtable, "bans");
  EXPECT_EQ(d.dbmode, 1);
  TableDeclaration plain = parsed("a=>");
  EXPECT_EQ(plain.sizeExponent, 4);  // 16 slots, as Kamailio's default
  EXPECT_FALSE(plain.initval);
  EXPECT_TRUE(plain.updateexpire);
  EXPECT_EQ(parsed("a=>size=1").sizeExponent, 3);
  EXPECT_EQ(parsed("a=>size=40").sizeExponent, 14);
}

TEST(TableDeclaration, RefusesWhatIsNotOne) {
  EXPECT_NE(checkTableDeclaration("ipban size=8"), "");
  EXPECT_NE(checkTableDeclaration("=>size=8"), "");
  EXPECT_NE(checkTableDeclaration("a=>size=big"), "");
  EXPECT_NE(checkTableDeclaration("a=>colour=4"), "");
  EXPECT_NE(checkTableDeclaration("a=>size"), "");
  EXPECT_EQ(checkTableDeclaration("a=>size=4;autoexpire=10"), "");
}

class Table : public ::testing::Test {
 protected:
  HashTable make(std::string_view declaration) {
    return HashTable(parsed(declaration), [this] { return now; });
  }
  std::int64_t now = 1'000'000;
};

TEST_F(Table, OrdersKeysInKamailiosSlots) {
  // Measured with Kamailio: k1 in slot 6, k2 in slot 3 of 16.
  HashTable t = make("a=>size=4");
  EXPECT_EQ(t.slotOf("k1"), 6u);
  EXPECT_EQ(t.slotOf("k2"), 3u);
  EXPECT_EQ(t.slotOf("127.0.0.1"), 7u);
}

TEST_F(Table, SetsGetsAndRemoves) {
  HashTable t = make("a=>");
  EXPECT_FALSE(t.get("k"));
  EXPECT_TRUE(t.set("k", Value::string("v")));
  EXPECT_EQ(t.get("k"), Value::string("v"));
  EXPECT_TRUE(t.set("k", Value::integer(3)));
  EXPECT_EQ(t.get("k"), Value::integer(3));
  EXPECT_EQ(t.size(), 1u);
  EXPECT_TRUE(t.remove("k"));
  EXPECT_FALSE(t.remove("k"));
  EXPECT_EQ(t.size(), 0u);
}

TEST_F(Table, AutoexpireAndUpdateexpire) {
  HashTable renewed = make("a=>autoexpire=10");
  HashTable kept = make("b=>autoexpire=10;updateexpire=0");
  renewed.set("k", Value::integer(1));
  kept.set("k", Value::integer(1));
  now += 8;
  renewed.set("k", Value::integer(2));
  kept.set("k", Value::integer(2));
  now += 5;
  EXPECT_EQ(renewed.get("k"), Value::integer(2));
  EXPECT_FALSE(kept.get("k"));  // expired 10 s after it was created
  std::vector<Item> gone = kept.removeExpired();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].name, "k");
  EXPECT_EQ(gone[0].value, Value::integer(2));
  now += 10;
  EXPECT_EQ(renewed.removeExpired().size(), 1u);
  EXPECT_EQ(renewed.size(), 0u);
}

TEST_F(Table, ExplicitExpiryOnlyInTablesWithAutoexpire) {
  HashTable never = make("n=>");
  never.set("k", Value::string("v"), 5);
  never.setExpire("k", 5);
  EXPECT_EQ(never.item("k")->expires, 0);
  HashTable t = make("a=>autoexpire=1000");
  t.set("k", Value::string("v"), 5);
  t.set("other", Value::string("v"));
  EXPECT_EQ(t.item("k")->expires, now + 5);
  EXPECT_EQ(t.item("other")->expires, now + 1000);
  t.setExpire("other", 3);
  now += 6;
  EXPECT_FALSE(t.get("k"));
  EXPECT_FALSE(t.get("other"));
}

TEST_F(Table, CountersStartAtInitval) {
  HashTable plain = make("a=>");
  HashTable counted = make("n=>initval=5");
  EXPECT_FALSE(plain.add("c", 1));  // Kamailio: -255, nothing created
  EXPECT_FALSE(plain.get("c"));
  EXPECT_EQ(counted.add("c", 1), 6);
  EXPECT_EQ(counted.add("c", 1), 7);
  EXPECT_EQ(counted.add("d", -1), 4);
  plain.set("s", Value::string("12"));
  EXPECT_FALSE(plain.add("s", 1));  // strings are not counted
  plain.set("max", Value::integer(2147483647));
  EXPECT_EQ(plain.add("max", 1), -2147483648LL);  // a C int, as Kamailio's
}

TEST_F(Table, SlotsAreSharedSafelyBetweenThreads) {
  HashTable t = make("n=>size=2;initval=0");
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&t] {
      for (int i = 0; i < 1000; ++i) t.add("k" + std::to_string(i % 10), 1);
    });
  }
  for (auto& w : workers) w.join();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(t.get("k" + std::to_string(i)), Value::integer(400));
}

TEST_F(Table, IteratorsWalkSlotsAndSkipTheItemAfterARemoval) {
  HashTable t = make("a=>size=4");
  for (std::string k : {"k1", "k2", "k3", "k4"}) t.set(k, Value::string(k));
  TableIterators& it = TableIterators::forThisThread();
  ASSERT_TRUE(it.start("i", t));
  std::vector<std::string> keys;
  while (it.next("i")) keys.push_back(*it.key("i"));
  ASSERT_EQ(keys.size(), 4u);
  std::vector<std::string> inOrder;
  for (std::size_t s = 0; s < t.slotCount(); ++s) {
    for (const Item& i : t.slotItems(s)) inOrder.push_back(i.name);
  }
  EXPECT_EQ(keys, inOrder);
  // At the end it starts over.
  EXPECT_TRUE(it.next("i"));
  EXPECT_EQ(it.key("i"), keys[0]);
  EXPECT_TRUE(it.remove("i"));
  EXPECT_FALSE(t.get(keys[0]));
  EXPECT_TRUE(it.set("i", Value::integer(9)) || !it.key("i"));
  EXPECT_TRUE(it.end("i"));
  EXPECT_FALSE(it.end("i"));
  EXPECT_FALSE(it.next("i"));
}

// ---- the module -------------------------------------------------------------

class Module : public ::testing::Test {
 protected:
  void SetUp() override {
    plugin.setParam("htable", std::string("t=>size=4;"));
    plugin.setParam("htable", std::string("n=>size=3;initval=5;"));
    ASSERT_TRUE(plugin.init().ok());
  }
  KemiValue call(std::string_view name, std::vector<KemiArg> args) {
    return plugin.callKemi(name, &ctx, std::move(args));
  }
  std::string rpc(std::string_view name, std::vector<Poco::Dynamic::Var> params = {}) {
    test::RpcOutcome out = plugin.callRpc(name, std::move(params));
    if (out.fault.code != 0) return std::to_string(out.fault.code) + " " + out.fault.message;
    std::ostringstream text;
    Poco::JSON::Stringifier::condense(out.result, text);
    return text.str();
  }

  test::PluginHarness plugin{*kemid_module_descriptor()};
  MessageContext ctx;
};

constexpr std::int64_t I(std::int64_t n) {
  return n;
}

TEST_F(Module, RefusesABadDeclarationNamingWhatWasExpected) {
  test::PluginHarness bad{*kemid_module_descriptor()};
  EXPECT_THROW(bad.setParam("htable", std::string("ipban size=8")), std::exception);
  test::PluginHarness twice{*kemid_module_descriptor()};
  twice.setParam("htable", std::string("a=>size=4"));
  twice.setParam("htable", std::string("a=>size=5"));
  HookResult r = twice.init();
  EXPECT_NE(r.error.find("declared twice"), std::string::npos) << r.error;
}

TEST_F(Module, KemiAnswersAsKamailio) {
  EXPECT_EQ(call("sht_get", {"t", "a"}), KemiValue{});
  EXPECT_EQ(call("sht_gete", {"t", "a"}), KemiValue{std::string()});
  EXPECT_EQ(call("sht_getw", {"t", "a"}), KemiValue{std::string("<null>")});
  EXPECT_EQ(call("sht_get", {"n", "a"}), KemiValue{I(5)});
  EXPECT_EQ(call("sht_is_null", {"t", "a"}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_is_null", {"n", "a"}), KemiValue{I(-2)});
  EXPECT_EQ(call("sht_is_null", {"nope", "a"}), KemiValue{I(2)});
  EXPECT_EQ(call("sht_sets", {"t", "s", "hello"}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_sets", {"nope", "s", "hello"}), KemiValue{I(-1)});
  EXPECT_EQ(call("sht_seti", {"t", "i", I(42)}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_get", {"t", "i"}), KemiValue{I(42)});
  EXPECT_EQ(call("sht_is_null", {"t", "i"}), KemiValue{I(-1)});
  EXPECT_EQ(call("sht_inc", {"t", "i"}), KemiValue{I(43)});
  EXPECT_EQ(call("sht_inc", {"t", "s"}), KemiValue{I(-255)});
  EXPECT_EQ(call("sht_dec", {"n", "d"}), KemiValue{I(4)});
  EXPECT_EQ(call("sht_setxi", {"t", "x", I(3), I(10)}), KemiValue{I(0)});
  EXPECT_EQ(call("sht_setxs", {"t", "y", "v", I(10)}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_match_name", {"t", "eq", "s"}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_match_name", {"t", "xx", "s"}), KemiValue{I(-1)});
  EXPECT_EQ(call("sht_match_str_value", {"t", "eq", "42"}), KemiValue{I(-1)});  // ints never
  EXPECT_EQ(call("sht_rm_name", {"t", "eq", "s"}), KemiValue{I(-1)});           // only re and sw
  EXPECT_EQ(call("sht_rm_name", {"t", "sw", "s"}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_get", {"t", "s"}), KemiValue{});
  EXPECT_EQ(call("sht_rm_name_re", {"nope", "^x"}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_rm_name_re", {"t", "(("}), KemiValue{I(-1)});
  EXPECT_EQ(call("sht_lock", {"t", "i"}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_seti", {"t", "i", I(1)}), KemiValue{I(1)});  // the holder still writes
  EXPECT_EQ(call("sht_unlock", {"t", "i"}), KemiValue{I(1)});
  EXPECT_EQ(call("sht_unlock", {"t", "i"}), KemiValue{I(1)});  // not held: nothing happens
  EXPECT_EQ(call("sht_reset", {"t"}), KemiValue{I(0)});
  EXPECT_EQ(call("sht_get", {"t", "i"}), KemiValue{});
}

TEST_F(Module, RpcAnswersAsKamailio) {
  EXPECT_EQ(rpc("htable.seti", {"t", "k1", 7}), "\"Ok. Key set to new value.\"");
  EXPECT_EQ(rpc("htable.sets", {"t", "k2", "hello"}), "\"Ok. Key set to new value.\"");
  EXPECT_EQ(rpc("htable.get", {"t", "k2"}),
            R"({"item":{"name":"k2","value":"hello","flags":2,"expire":"NEVER"}})");
  EXPECT_EQ(rpc("htable.get", {"t", "kx"}), "500 Key name doesn't exist in htable.");
  EXPECT_EQ(rpc("htable.get", {"zz", "kx"}), "500 No such htable");
  EXPECT_EQ(rpc("htable.get", {"t"}), "500 Not enough parameters (htable name and key name)");
  EXPECT_EQ(rpc("htable.dump", {"t"}),
            R"([{"entry":3,"size":1,"slot":[{"name":"k2","value":"hello","type":"str"}]},)"
            R"({"entry":6,"size":1,"slot":[{"name":"k1","value":7,"type":"int"}]}])");
  EXPECT_EQ(rpc("htable.stats"), R"([{"name":"n","slots":8,"all":0,"min":0,"max":0},)"
                                 R"({"name":"t","slots":16,"all":2,"min":0,"max":1}])");
  EXPECT_EQ(rpc("htable.listTables"),
            R"([{"name":"n","dbtable":"","dbmode":0,"expire":0,"updateexpire":1,"size":8,)"
            R"("dmqreplicate":0},{"name":"t","dbtable":"","dbmode":0,"expire":0,)"
            R"("updateexpire":1,"size":16,"dmqreplicate":0}])");
  EXPECT_EQ(rpc("htable.delete", {"t", "k1"}), "\"Ok. Key deleted.\"");
  EXPECT_EQ(rpc("htable.delete", {"t", "k1"}), "404 Key not found in htable.");
  EXPECT_EQ(rpc("htable.reload", {"t"}), "500 No htable db_url");
  EXPECT_EQ(rpc("htable.flush", {"t"}), "\"Ok. Htable flushed.\"");
  EXPECT_EQ(rpc("htable.dump", {"t"}), "[]");
  // What RPC sets, the script reads.
  rpc("htable.sets", {"t", "192.0.2.1", "banned"});
  EXPECT_EQ(call("sht_match_name", {"t", "eq", "192.0.2.1"}), KemiValue{I(1)});
}

}  // namespace
}  // namespace kemid::htable
