// Shared htables (shared=1): the encodings, and two copies of a table, as
// two kemids hold them, kept in step through a private redis-server.

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "db/db_url.h"
#include "db/redis_session.h"
#include "hash_table.h"
#include "redis_sharing.h"
#include "support/redis_server.h"
#include "table_declaration.h"

namespace kemid::htable {
namespace {

using namespace std::chrono_literals;

TEST(SharedTableDeclaration, SharedIsAnAttributeWithoutDbtable) {
  std::string error;
  auto decl = parseTableDeclaration("bans=>size=8;autoexpire=300;shared=1;", error);
  ASSERT_TRUE(decl) << error;
  EXPECT_TRUE(decl->shared);
  EXPECT_FALSE(parseTableDeclaration("a=>size=8", error)->shared);
  EXPECT_FALSE(parseTableDeclaration("bans=>shared=1;dbtable=htable", error));
  EXPECT_EQ(error, "table bans is shared=1: it lives in Redis, dbtable cannot be used with it");
}

TEST(SharedTableEncoding, StoredItemsRoundTrip) {
  const Item text{"k", keyHash("k"), Value::string("a:b\nc"), 1700000000};
  EXPECT_EQ(encodeStoredItem(text), "1700000000:s:a:b\nc");
  auto back = decodeStoredItem("k", encodeStoredItem(text));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->value, text.value);
  EXPECT_EQ(back->expires, text.expires);
  EXPECT_EQ(back->hash, keyHash("k"));

  const Item number{"n", keyHash("n"), Value::integer(-42), 0};
  EXPECT_EQ(encodeStoredItem(number), "0:i:-42");
  EXPECT_EQ(decodeStoredItem("n", "0:i:-42")->value, Value::integer(-42));

  EXPECT_FALSE(decodeStoredItem("k", "x:s:v"));
  EXPECT_FALSE(decodeStoredItem("k", "0:q:v"));
  EXPECT_FALSE(decodeStoredItem("k", "0:i:seven"));
  EXPECT_FALSE(decodeStoredItem("k", "0"));
}

TEST(SharedTableEncoding, AnnouncementsCarryAnyKey) {
  const std::string text = encodeAnnouncement('s', "bans", "key with\nnewline", "0:i:1");
  EXPECT_EQ(text, "s 4 16\nbanskey with\nnewline0:i:1");
  auto a = decodeAnnouncement(text);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->op, 's');
  EXPECT_EQ(a->table, "bans");
  EXPECT_EQ(a->key, "key with\nnewline");
  EXPECT_EQ(a->stored, "0:i:1");
  EXPECT_EQ(decodeAnnouncement(encodeAnnouncement('c', "bans", "", ""))->op, 'c');
  EXPECT_FALSE(decodeAnnouncement("s 4 99\nbans"));
  EXPECT_FALSE(decodeAnnouncement("x 1 1\nab"));
  EXPECT_FALSE(decodeAnnouncement("garbage"));
}

// One kemid's copy of the shared table "bans".
struct Copy {
  explicit Copy(const std::string& url)
      : table(parseTableDeclaration("bans=>size=4;autoexpire=300;shared=1;", error).value(),
              [] { return static_cast<std::int64_t>(std::time(nullptr)); }),
        sharing(db::DbUrl::parse(url).value(), {&table}) {}

  bool start() {
    if (!sharing.start(error)) return false;
    table.setObserver(&sharing);
    return true;
  }

  std::string error;
  HashTable table;
  RedisSharing sharing;
};

bool eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 200; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

class RedisSharingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    redis_ = test::RedisServer::start(why);
    if (!redis_) GTEST_SKIP() << why;
  }
  std::unique_ptr<test::RedisServer> redis_;
};

TEST_F(RedisSharingTest, AChangeOnOneCopyReachesTheOther) {
  Copy first(redis_->url(2));
  Copy second(redis_->url(2));
  ASSERT_TRUE(first.start()) << first.error;
  ASSERT_TRUE(second.start()) << second.error;

  ASSERT_TRUE(first.table.set("192.0.2.1", Value::string("banned")));
  EXPECT_TRUE(eventually([&] { return second.table.get("192.0.2.1") == Value::string("banned"); }));
  // The expiry travels as the absolute time.
  EXPECT_EQ(second.table.item("192.0.2.1")->expires, first.table.item("192.0.2.1")->expires);

  EXPECT_EQ(second.table.add("count", 1), std::nullopt);  // no initval
  second.table.set("count", Value::integer(4));
  EXPECT_EQ(second.table.add("count", 3), 7);
  EXPECT_TRUE(eventually([&] { return first.table.get("count") == Value::integer(7); }));

  EXPECT_TRUE(first.table.remove("192.0.2.1"));
  EXPECT_TRUE(eventually([&] { return !second.table.get("192.0.2.1"); }));

  second.table.clear();
  EXPECT_TRUE(eventually([&] { return first.table.size() == 0; }));
}

TEST_F(RedisSharingTest, ACopyStartedLaterReadsWhatIsThere) {
  Copy first(redis_->url(3));
  ASSERT_TRUE(first.start()) << first.error;
  first.table.set("a", Value::integer(1));
  first.table.set("b", Value::string("two"));
  first.table.remove("a");
  // Redis holds what the announcements said before the second copy exists.
  db_redis::RedisSession inspect(db::DbUrl::parse(redis_->url(3)).value(), {});
  EXPECT_TRUE(eventually([&] {
    return inspect.run(db_redis::RedisCommand{"HLEN", "kemid:htable:bans"}).integer == 1;
  }));

  Copy second(redis_->url(3));
  second.table.set("stale", Value::string("only here"));  // before start: not shared
  ASSERT_TRUE(second.start()) << second.error;
  EXPECT_EQ(second.table.get("b"), Value::string("two"));
  EXPECT_FALSE(second.table.get("a"));
  EXPECT_FALSE(second.table.get("stale"));  // Redis is the reference at start
}

TEST_F(RedisSharingTest, ACopyCatchesUpAfterRedisCameBack) {
  Copy first(redis_->url(4));
  Copy second(redis_->url(4));
  ASSERT_TRUE(first.start()) << first.error;
  ASSERT_TRUE(second.start()) << second.error;
  first.table.set("k", Value::string("before"));
  ASSERT_TRUE(eventually([&] { return second.table.get("k") == Value::string("before"); }));

  redis_->stop();
  first.table.set("k", Value::string("while away"));  // stays on first (logged)
  std::string why;
  ASSERT_TRUE(redis_->restart(why)) << why;  // no persistence: Redis comes back empty
  // Both read the empty hash again once they have reconnected.
  EXPECT_TRUE(eventually([&] { return !second.table.get("k") && !first.table.get("k"); }));
  std::this_thread::sleep_for(1100ms);  // the writer's pause after its failure
  first.table.set("k", Value::string("after"));
  EXPECT_TRUE(eventually([&] { return second.table.get("k") == Value::string("after"); }));
}

TEST(RedisSharing, StartFailsWhenRedisIsNotThere) {
  Copy copy("redis://127.0.0.1:1/0");
  EXPECT_FALSE(copy.start());
  EXPECT_NE(copy.error.find("connecting to redis"), std::string::npos) << copy.error;
}

}  // namespace
}  // namespace kemid::htable
