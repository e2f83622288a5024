// db_redis's key layout and value encoding, without a server.

#include <gtest/gtest.h>

#include "db/redis_layout.h"
#include "db/redis_session.h"

namespace kemid::db_redis {
namespace {

TEST(RedisLayoutTest, DefaultLocationKeysFollowKamailiosExample) {
  RedisLayout layout;
  const StoredRow row{{"ruid", "r1"},
                      {"username", "alice"},
                      {"domain", "example.com"},
                      {"partition", "0"},
                      {"keepalive", "1"}};
  EXPECT_EQ(layout.entryKey("location", row), "location:entry::r1");
  auto sets = layout.mappingKeys("location", row);
  ASSERT_EQ(sets.size(), 3u);
  EXPECT_EQ(sets[0].set, "location:usrdom::alice:example.com");
  EXPECT_EQ(sets[0].index, "location::index::usrdom");
  EXPECT_EQ(sets[1].set, "location:user::alice");
  EXPECT_EQ(sets[2].set, "location:timer::0:1");
}

TEST(RedisLayoutTest, LookupPrefersEntryThenFirstFittingMapping) {
  RedisLayout layout;
  auto byRuid = layout.lookup("location", {{"ruid", "r1"}, {"username", "alice"}});
  ASSERT_TRUE(byRuid);
  EXPECT_TRUE(byRuid->isEntry);
  EXPECT_EQ(byRuid->key, "location:entry::r1");
  auto byAor = layout.lookup("location", {{"username", "alice"}, {"domain", "example.com"}});
  ASSERT_TRUE(byAor);
  EXPECT_EQ(byAor->key, "location:usrdom::alice:example.com");
  // use_domain=0: usrloc queries by username alone.
  auto byUser = layout.lookup("location", {{"username", "alice"}});
  ASSERT_TRUE(byUser);
  EXPECT_FALSE(byUser->isEntry);
  EXPECT_EQ(byUser->key, "location:user::alice");
  EXPECT_FALSE(layout.lookup("location", {{"contact", "sip:a@b"}}));
  EXPECT_FALSE(layout.lookup("address", {{"id", "1"}}));
}

TEST(RedisLayoutTest, KeysParameterReplacesATablesDefinition) {
  RedisLayout layout;
  ASSERT_TRUE(layout
                  .addKeys("location=entry:ruid&usrdom:username,domain; acc=entry:callid,"
                           "time_hires&cid:callid")
                  .ok());
  EXPECT_EQ(layout.mappingKeys("location", {{"username", "a"}, {"domain", "d"}}).size(), 1u);
  EXPECT_EQ(layout.entryKey("acc", {{"callid", "c"}, {"time_hires", "1.5"}}), "acc:entry::c:1.5");
  EXPECT_FALSE(layout.entryKey("acc", {{"callid", "c"}}));
  EXPECT_FALSE(layout.addKeys("location=usrdom:username").ok());  // no entry
  EXPECT_FALSE(layout.addKeys("location").ok());
  EXPECT_FALSE(layout.addKeys("loc ation=entry:ruid").ok());
}

TEST(RedisLayoutTest, ValuesAreStoredAsKamailioWritesThem) {
  EXPECT_EQ(encode(std::int64_t{42}), "42");
  EXPECT_EQ(encode(0.5), "0.500000");
  EXPECT_EQ(encode(std::string("x")), "x");
  EXPECT_FALSE(encode(db::DbValue{}));
  const db::DbDateTime when{1893456000};
  EXPECT_EQ(encode(when), db::formatDateTime(when));
}

TEST(RedisLayoutTest, DecodeUsesKamailiosSchemaTypes) {
  EXPECT_EQ(decode("location", "cseq", "0000000007"), db::DbValue(std::int64_t{7}));
  EXPECT_EQ(decode("location", "q", "0.500000"), db::DbValue(0.5));
  const db::DbDateTime when{1893456000};
  EXPECT_EQ(decode("location", "expires", db::formatDateTime(when)), db::DbValue(when));
  EXPECT_EQ(decode("location", "contact", "sip:a@b"), db::DbValue(std::string("sip:a@b")));
  EXPECT_EQ(decode("address", "grp", "1"), db::DbValue(std::int64_t{1}));
  // A table kemid has no schema for keeps its values as text.
  EXPECT_EQ(decode("dialog", "h_entry", "1"), db::DbValue(std::string("1")));
}

TEST(RedisLayoutTest, MatchesComparesAsTheKeysType) {
  const db::DbDateTime now{1893456000};
  const std::string earlier = db::formatDateTime({now.seconds - 10});
  EXPECT_TRUE(matches(earlier, {"expires", now, db::DbOp::Lt}));
  EXPECT_FALSE(matches(earlier, {"expires", now, db::DbOp::Gt}));
  EXPECT_TRUE(matches(std::string("10"), {"n", std::int64_t{9}, db::DbOp::Gt}));  // not as text
  EXPECT_TRUE(matches(std::nullopt, {"path", db::DbValue{}}));
  EXPECT_FALSE(matches(std::nullopt, {"path", std::string("x"), db::DbOp::Ne}));
  EXPECT_TRUE(matches(std::string("x"), {"path", db::DbValue{}, db::DbOp::Ne}));
}

TEST(RedisUrlTest, PasswordAndDatabaseNumber) {
  auto url = db::DbUrl::parse("redis://default:secret@redis.example.com/5");
  ASSERT_TRUE(url.ok()) << url.error();
  EXPECT_EQ(url->user, "default");
  EXPECT_EQ(url->password, "secret");
  EXPECT_EQ(databaseNumber(url.value()), 5);
  EXPECT_FALSE(databaseNumber(db::DbUrl::parse("redis://127.0.0.1/kamailio").value()));
}

}  // namespace
}  // namespace kemid::db_redis
