#pragma once
// Tables declared with `shared=1` are kept in Redis (htable's db_url, a
// redis:// URL) as well as in each kemid's memory, so that a fleet of
// kemids sees one set of values:
// - every change a kemid makes (script, $sht, RPC) is applied to its own
//   table at once, then written to the Redis hash "kemid:htable:<table>"
//   and announced on the channel "kemid:htable", in one step (a Lua script
//   run by Redis, so that the announcements come in the order Redis
//   applied the writes);
// - each kemid follows the channel and applies every announcement, its own
//   included, so all copies end with the value Redis holds (when two
//   kemids write one key at once, the later write in Redis wins everywhere);
// - at start, and whenever the channel was lost, a kemid reads the whole
//   hash again (writes missed meanwhile are caught up; items no longer in
//   Redis go). Reads never wait for Redis.
// Expiry is decided by each copy from the item's absolute expiry time.

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "db/db_url.h"
#include "db/redis_session.h"
#include "hash_table.h"

namespace kemid::htable {

// How an item is stored in the hash: "<expires>:<i|s>:<value>".
std::string encodeStoredItem(const Item& item);
std::optional<Item> decodeStoredItem(std::string_view key, std::string_view stored);

// An announcement on the channel: "<op> <table length> <key length>\n"
// then table, key and, for op 's' (set), the stored item; 'd' deletes the
// key, 'c' empties the table.
std::string encodeAnnouncement(char op, std::string_view table, std::string_view key,
                               std::string_view stored);
struct Announcement {
  char op = 0;
  std::string table;
  std::string key;
  std::string stored;
};
std::optional<Announcement> decodeAnnouncement(std::string_view text);

class RedisSharing final : public TableObserver {
 public:
  RedisSharing(db::DbUrl url, std::vector<HashTable*> tables);
  ~RedisSharing() override;
  RedisSharing(const RedisSharing&) = delete;
  RedisSharing& operator=(const RedisSharing&) = delete;

  // Reads every shared table from Redis and starts following the channel;
  // false, with `error`, when Redis cannot be reached or read within a few
  // seconds (kemid does not start: the tables would be empty).
  bool start(std::string& error);
  void stop();

  // TableObserver (set on the shared tables only): publishes the change.
  // When Redis cannot be reached the
  // change stays local (logged) and is undone by the next full read.
  void itemSet(const HashTable& table, const Item& item) override;
  void itemRemoved(const HashTable& table, std::string_view key) override;
  void cleared(const HashTable& table) override;

 private:
  void publish(const std::string& table, char op, std::string_view key, std::string_view stored);
  void follow();
  // Replaces each table's items with what Redis holds; throws RedisFault.
  void readAll();
  void apply(const Announcement& announcement);
  HashTable* table(std::string_view name) const;

  const db::DbUrl url_;
  std::map<std::string, HashTable*, std::less<>> tables_;
  db_redis::RedisSessionOptions options_;

  // Writers share one connection: a write to a shared table is a round trip
  // to Redis under this lock (only shared tables pay it).
  std::mutex writeLock_;
  std::unique_ptr<db_redis::RedisSession> writer_;
  std::chrono::steady_clock::time_point writerRetryAt_{};

  std::thread follower_;
  std::mutex stateLock_;
  std::condition_variable stateChanged_;
  bool stopping_ = false;
  bool firstRead_ = false;      // the first full read finished...
  std::string firstReadError_;  // ...with this error, when it failed
};

}  // namespace kemid::htable
