// permissions' address and trusted tables, their sources, and the module's
// KEMI and RPC through its descriptor.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "address_table.h"
#include "core/message_context.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"
#include "support/process.h"
#include "support/sqlite_database.h"
#include "table_sources.h"
#include "trusted_table.h"

namespace kemid::permissions {
namespace {

IpAddress ip(std::string_view text) {
  return IpAddress::parse(text).value();
}

std::shared_ptr<const AddressTable> table(std::string_view text) {
  auto parsed = parseAddressText(text);
  EXPECT_TRUE(parsed.ok()) << parsed.error();
  return parsed.value();
}

constexpr std::string_view kList =
    "# group address mask port tag\n"
    "1 127.0.0.1 32 0 local-any\n"
    "1 10.0.0.0 8 5060 ten-net\n"
    "2 192.168.1.10\n"
    "2 127.0.0.0 24 5070 lo-subnet\n"
    "3 ::1 128 0 six\n"
    "4 example.com 0 0 dom\n"
    "5 172.16.0.1 0 5060\n"
    "   \n"
    "6 2001:db8:: 32 # a comment ends the data\n";

TEST(AddressTable, WholeAddressesMatchTheirGroupOnAnyPortWhenThePortIsZero) {
  auto t = table(kList);
  EXPECT_TRUE(t->find(1, ip("127.0.0.1"), 5060));
  EXPECT_TRUE(t->find(1, ip("127.0.0.1"), 1));
  EXPECT_FALSE(t->find(2, ip("127.0.0.1"), 9));  // not in 127.0.0.0/24 on port 9
  EXPECT_EQ(t->find(1, ip("127.0.0.1"), 5060)->tag, "local-any");
  EXPECT_TRUE(t->find(3, ip("::1"), 5060));
  EXPECT_TRUE(t->find(2, ip("192.168.1.10"), 7));  // no mask: a whole address
}

TEST(AddressTable, APortOtherThanZeroMustBeEqual) {
  auto t = table(kList);
  EXPECT_TRUE(t->find(5, ip("172.16.0.1"), 5060));
  EXPECT_FALSE(t->find(5, ip("172.16.0.1"), 5061));
  EXPECT_FALSE(t->find(5, ip("172.16.0.1"), 0));
}

TEST(AddressTable, SubnetsMatchEveryAddressInside) {
  auto t = table(kList);
  EXPECT_TRUE(t->find(1, ip("10.200.3.4"), 5060));
  EXPECT_EQ(t->find(1, ip("10.200.3.4"), 5060)->tag, "ten-net");
  EXPECT_FALSE(t->find(1, ip("11.0.0.1"), 5060));
  EXPECT_FALSE(t->find(1, ip("10.0.0.1"), 5070));
  EXPECT_TRUE(t->find(2, ip("127.0.0.99"), 5070));
  EXPECT_FALSE(t->find(2, ip("127.0.1.1"), 5070));
  EXPECT_TRUE(t->find(6, ip("2001:db8:1::5"), 1));
  EXPECT_FALSE(t->find(6, ip("2001:db9::5"), 1));
  EXPECT_FALSE(t->find(6, ip("10.0.0.1"), 1));  // another family
}

TEST(AddressTable, GroupOfPrefersWholeAddressesThenTheLowestSubnetGroup) {
  auto t = table(
      "7 10.1.0.0 16 0\n"
      "3 10.0.0.0 8 0\n"
      "9 10.1.2.3 32 0\n");
  EXPECT_EQ(t->groupOf(ip("10.1.2.3"), 1)->group, 9u);
  EXPECT_EQ(t->groupOf(ip("10.1.2.4"), 1)->group, 3u);
  EXPECT_EQ(t->groupOf(ip("10.9.2.4"), 1)->group, 3u);
  EXPECT_FALSE(t->groupOf(ip("192.0.2.1"), 1));
}

TEST(AddressTable, NamesThatAreNotAddressesAreDomains) {
  auto t = table(kList);
  EXPECT_TRUE(t->findDomain(4, "example.com", 5060));
  EXPECT_EQ(t->groupOfDomain("example.com", 1)->group, 4u);
  EXPECT_FALSE(t->findDomain(4, "example.org", 5060));
}

TEST(AddressTable, DumpsInKamailiosBucketOrder) {
  auto t = table(kList);
  // Buckets measured on Kamailio 5.6 with the same file.
  std::vector<std::pair<std::uint32_t, std::string>> seen;
  for (const auto& [bucket, entry] : t->addressesInDumpOrder()) {
    seen.emplace_back(bucket, entry->address.text());
  }
  EXPECT_EQ(seen, (std::vector<std::pair<std::uint32_t, std::string>>{
                      {0, "::1"}, {3, "192.168.1.10"}, {68, "172.16.0.1"}, {98, "127.0.0.1"}}));
  ASSERT_EQ(t->subnets().size(), 3u);
  EXPECT_EQ(t->subnets()[0].address.text(), "10.0.0.0");
  EXPECT_EQ(t->subnets()[1].address.text(), "127.0.0.0");
  EXPECT_EQ(t->domainsInDumpOrder().front().first, 105u);
}

TEST(AddressTable, RefusesAMaskLongerThanTheAddress) {
  EXPECT_FALSE(parseAddressText("1 10.0.0.0 33\n").ok());
  EXPECT_FALSE(parseAddressText("1\n").ok());  // a group without an address
}

TEST(TrustedTable, MatchesSourceProtoAndPatternsInPriorityOrder) {
  TrustedTable t;
  std::string error;
  ASSERT_TRUE(t.add({"10.0.0.1", "any", std::nullopt, std::nullopt, "low", 1}, error));
  ASSERT_TRUE(t.add({"10.0.0.1", "UDP", "^sip:alice@", std::nullopt, "high", 9}, error));
  ASSERT_TRUE(t.add({"10.0.0.2", "tcp", std::nullopt, "^sip:bob@", "tcp", 0}, error));
  ASSERT_TRUE(t.add({"10.0.0.3", "none", std::nullopt, std::nullopt, "skipped", 0}, error));
  EXPECT_FALSE(t.add({"10.0.0.4", "quic", std::nullopt, std::nullopt, std::nullopt, 0}, error));

  using Tags = std::vector<std::optional<std::string>>;
  EXPECT_EQ(t.match("10.0.0.1", "udp", "sip:alice@a", "sip:x@y", false), Tags{"high"});
  EXPECT_EQ(t.match("10.0.0.1", "udp", "sip:carol@a", "sip:x@y", false), Tags{"low"});
  EXPECT_EQ(t.match("10.0.0.1", "udp", "sip:alice@a", "sip:x@y", true), (Tags{"high", "low"}));
  EXPECT_TRUE(t.match("10.0.0.2", "udp", "sip:a@a", "sip:bob@y", false).empty());
  EXPECT_EQ(t.match("10.0.0.2", "tcp", "sip:a@a", "sip:bob@y", false), Tags{"tcp"});
  EXPECT_TRUE(t.match("10.0.0.3", "udp", "sip:a@a", "sip:b@y", false).empty());
}

// ---- through the descriptor -------------------------------------------------

std::unique_ptr<SipMessage> request() {
  std::string error;
  auto msg = SipMessage::parse(
      "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
      "From: <sip:alice@127.0.0.1>;tag=1\r\n"
      "To: <sip:bob@127.0.0.1>\r\n"
      "Call-ID: c1\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n",
      error);
  EXPECT_NE(msg, nullptr) << error;
  return msg;
}

class PermissionsModuleTest : public ::testing::Test {
 protected:
  void init(std::string_view list) {
    plugin_.setParam("address_file", dir_.write("address.list", std::string(list)).string());
    ASSERT_TRUE(plugin_.init().ok());
    message_ = request();
    context_.message = message_.get();
    context_.received.source = Endpoint{"127.0.0.1", 5070};
  }
  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, args));
  }

  test::TempDir dir_;
  test::PluginHarness plugin_{*kemid_module_descriptor()};
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(PermissionsModuleTest, AllowFunctionsReturnKamailiosCodes) {
  init(kList);
  EXPECT_EQ(call("allow_source_address", {std::int64_t{1}}), 1);
  EXPECT_EQ(call("allow_source_address", {std::int64_t{2}}), 1);  // 127.0.0.0/24 port 5070
  EXPECT_EQ(call("allow_source_address", {std::int64_t{4}}), -1);
  EXPECT_EQ(call("allow_source_address_group"), 1);
  EXPECT_EQ(
      call("allow_address", {std::int64_t{1}, std::string_view("10.1.1.1"), std::int64_t{5060}}),
      1);
  EXPECT_EQ(call("allow_address", {std::int64_t{1}, std::string_view("10.1.1.1"), std::int64_t{5}}),
            -1);
  EXPECT_EQ(
      call("allow_address", {std::int64_t{4}, std::string_view("example.com"), std::int64_t{5}}),
      1);
  EXPECT_EQ(call("allow_address_group", {std::string_view("127.0.0.7"), std::int64_t{5070}}), 2);
  EXPECT_EQ(call("allow_address_group", {std::string_view("8.8.8.8"), std::int64_t{5070}}), -1);
  EXPECT_EQ(call("allow_trusted"), -1);  // no db_url: no trusted table
}

TEST_F(PermissionsModuleTest, ReloadSwapsTheTableAndIsRefusedTooSoon) {
  init("1 127.0.0.1\n");
  EXPECT_EQ(call("allow_source_address", {std::int64_t{1}}), 1);
  dir_.write("address.list", "2 127.0.0.1\n");
  test::RpcOutcome reloaded = plugin_.callRpc("permissions.addressReload");
  ASSERT_EQ(reloaded.fault.code, 0) << reloaded.fault.message;
  EXPECT_EQ(reloaded.result.toString(), "Reload OK");
  EXPECT_EQ(call("allow_source_address", {std::int64_t{1}}), -1);
  EXPECT_EQ(call("allow_source_address", {std::int64_t{2}}), 1);

  test::RpcOutcome again = plugin_.callRpc("permissions.addressReload");
  EXPECT_EQ(again.fault.code, 500);
  EXPECT_EQ(again.fault.message, "ongoing reload");
}

TEST_F(PermissionsModuleTest, DumpsAnswerInKamailiosShape) {
  init(kList);
  auto dump = plugin_.callRpc("permissions.addressDump").result.extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(dump->size(), 4u);
  auto first = dump->getObject(0);
  EXPECT_EQ(first->getValue<int>("table"), 0);
  EXPECT_EQ(first->getValue<int>("group"), 3);
  EXPECT_EQ(first->getObject("item")->getValue<std::string>("ip"), "::1");
  EXPECT_EQ(first->getObject("item")->getValue<std::string>("tag"), "six");
  EXPECT_EQ(dump->getObject(1)->getObject("item")->getValue<std::string>("tag"), "NULL");

  auto subnets = plugin_.callRpc("permissions.subnetDump").result.extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(subnets->size(), 3u);
  EXPECT_EQ(subnets->getObject(1)->getValue<int>("id"), 1);
  EXPECT_EQ(subnets->getObject(1)->getObject("item")->getValue<int>("mask"), 24);
  EXPECT_EQ(subnets->getObject(2)->getObject("item")->getValue<std::string>("tag"),
            "");  // as Kamailio

  test::RpcOutcome trusted = plugin_.callRpc("permissions.trustedDump");
  EXPECT_EQ(trusted.fault.message, "No trusted table");
}

TEST(PermissionsDb, ReadsKamailiosAddressAndTrustedTables) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  test::SqliteDatabase db(plugin.host());
  // The address and trusted tables (version 6) are Kamailio's, as
  // SqliteDatabase creates them (kemictl db init).
  for (const char* sql : {
           "INSERT INTO address (grp, ip_addr, mask, port, tag) VALUES"
           " (1, '127.0.0.1', 32, 0, 'lo'), (2, '10.0.0.0', 8, 0, NULL)",
           "INSERT INTO trusted (src_ip, proto, from_pattern, ruri_pattern, tag, priority)"
           " VALUES ('127.0.0.1', 'any', '^sip:alice@', NULL, 'peer-a', 0)",
       }) {
    ASSERT_TRUE(db.connection().raw(sql).ok()) << sql;
  }
  plugin.setParam("db_url", db.url());
  plugin.setParam("peer_tag_avp", std::string("$avp(tag)"));
  ASSERT_TRUE(plugin.init().ok());

  auto msg = request();
  MessageContext ctx;
  ctx.message = msg.get();
  ctx.received.source = Endpoint{"127.0.0.1", 5070};
  auto call = [&](std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin.callKemi(name, &ctx, args));
  };
  EXPECT_EQ(call("allow_source_address", {std::int64_t{1}}), 1);
  EXPECT_EQ(call("allow_address_group", {std::string_view("10.2.3.4"), std::int64_t{1}}), 2);
  EXPECT_EQ(call("allow_trusted"), 1);

  auto dump = plugin.callRpc("permissions.trustedDump").result.extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(dump->size(), 1u);
  auto item = dump->getObject(0)->getObject("item");
  EXPECT_EQ(item->getValue<std::string>("pattern"), "^sip:alice@");
  EXPECT_EQ(item->getValue<std::string>("ruri_pattern"), "NULL");
  EXPECT_EQ(item->getValue<int>("proto"), 0);
}

TEST(PermissionsDb, RefusesATableOfAnotherVersion) {
  test::PluginHarness plugin{*kemid_module_descriptor()};
  test::SqliteDatabase db(plugin.host());
  ASSERT_TRUE(db.connection()
                  .raw("UPDATE version SET table_version = 5 WHERE table_name = 'address'")
                  .ok());
  plugin.setParam("db_url", db.url());
  plugin.setParam("load_backends", std::int64_t{1});
  EXPECT_FALSE(plugin.init().ok());
}

}  // namespace
}  // namespace kemid::permissions
