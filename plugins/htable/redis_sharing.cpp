#include "redis_sharing.h"

#include <charconv>
#include <set>

#include "core/log.h"
#include "core/thread_name.h"

namespace kemid::htable {
namespace {

using namespace std::chrono_literals;
using db_redis::RedisFault;
using db_redis::RedisReply;

constexpr Logger kLog{"htable"};
// A worker's write that cannot reach Redis is logged at most this often.
RateLimitedLog writeErrorLog(kLog, "shared htable writes not sent");

constexpr std::string_view kChannel = "kemid:htable";
// How long the follower waits for an announcement before it checks
// whether to stop; also its pause before reconnecting after a failure.
constexpr auto kFollowTick = 500ms;
constexpr auto kReconnectPause = 1s;
// A writer that failed does not try again before this (workers must not
// each wait for a connect timeout while Redis is away).
constexpr auto kWriterRetry = 1s;
// start: how long the first full read may take.
constexpr auto kFirstReadTimeout = 10s;

// Redis runs the write and its announcement as one step, so that the
// channel carries the writes in the order Redis applied them.
// KEYS: the table's hash, the channel. ARGV: op, key, stored, announcement.
constexpr std::string_view kWriteScript = R"lua(
if ARGV[1] == 's' then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
elseif ARGV[1] == 'd' then
  redis.call('HDEL', KEYS[1], ARGV[2])
else
  redis.call('DEL', KEYS[1])
end
redis.call('PUBLISH', KEYS[2], ARGV[4])
return 1
)lua";

std::string hashKey(std::string_view table) {
  return "kemid:htable:" + std::string(table);
}

std::optional<std::int64_t> toInt(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

std::string encodeStoredItem(const Item& item) {
  if (item.value.isInt()) {
    return std::to_string(item.expires) + ":i:" + std::to_string(item.value.number());
  }
  return std::to_string(item.expires) + ":s:" + std::string(item.value.text());
}

std::optional<Item> decodeStoredItem(std::string_view key, std::string_view stored) {
  const std::size_t colon = stored.find(':');
  if (colon == std::string_view::npos || stored.size() < colon + 3 || stored[colon + 2] != ':') {
    return std::nullopt;
  }
  auto expires = toInt(stored.substr(0, colon));
  const char type = stored[colon + 1];
  const std::string_view text = stored.substr(colon + 3);
  if (!expires) return std::nullopt;
  Item item{std::string(key), keyHash(key), Value::string(std::string(text)), *expires};
  if (type == 'i') {
    auto number = toInt(text);
    if (!number) return std::nullopt;
    item.value = Value::integer(*number);
  } else if (type != 's') {
    return std::nullopt;
  }
  return item;
}

std::string encodeAnnouncement(char op, std::string_view table, std::string_view key,
                               std::string_view stored) {
  std::string text(1, op);
  text += ' ' + std::to_string(table.size()) + ' ' + std::to_string(key.size()) + '\n';
  text.append(table).append(key).append(stored);
  return text;
}

std::optional<Announcement> decodeAnnouncement(std::string_view text) {
  const std::size_t newline = text.find('\n');
  if (newline == std::string_view::npos || newline < 5 || text[1] != ' ') return std::nullopt;
  const std::string_view lengths = text.substr(2, newline - 2);
  const std::size_t space = lengths.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  auto tableLength = toInt(lengths.substr(0, space));
  auto keyLength = toInt(lengths.substr(space + 1));
  std::string_view rest = text.substr(newline + 1);
  if (!tableLength || !keyLength || *tableLength < 0 || *keyLength < 0 ||
      static_cast<std::uint64_t>(*tableLength + *keyLength) > rest.size()) {
    return std::nullopt;
  }
  const auto t = static_cast<std::size_t>(*tableLength);
  const auto k = static_cast<std::size_t>(*keyLength);
  Announcement a{text[0], std::string(rest.substr(0, t)), std::string(rest.substr(t, k)),
                 std::string(rest.substr(t + k))};
  if (a.op != 's' && a.op != 'd' && a.op != 'c') return std::nullopt;
  return a;
}

RedisSharing::RedisSharing(db::DbUrl url, std::vector<HashTable*> tables) : url_(std::move(url)) {
  for (HashTable* t : tables) tables_.emplace(t->name(), t);
  options_.connectTimeout = 2000ms;
  options_.ioTimeout = 2000ms;
}

RedisSharing::~RedisSharing() {
  stop();
}

HashTable* RedisSharing::table(std::string_view name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

bool RedisSharing::start(std::string& error) {
  follower_ = std::thread([this] {
    nameThisThread("htable-redis");
    follow();
  });
  std::unique_lock lock(stateLock_);
  if (!stateChanged_.wait_for(lock, kFirstReadTimeout, [this] { return firstRead_; })) {
    error = "no answer from " + url_.redacted() + " within " +
            std::to_string(std::chrono::seconds(kFirstReadTimeout).count()) + " s";
  } else {
    error = firstReadError_;
  }
  lock.unlock();
  if (error.empty()) return true;
  stop();
  return false;
}

void RedisSharing::stop() {
  {
    std::lock_guard lock(stateLock_);
    stopping_ = true;
  }
  stateChanged_.notify_all();
  if (follower_.joinable()) follower_.join();
}

void RedisSharing::follow() {
  bool lost = false;
  const std::vector<std::string> channels{std::string(kChannel)};
  while (true) {
    {
      std::lock_guard lock(stateLock_);
      if (stopping_) return;
    }
    try {
      // Subscribed before the full read, so that nothing written after the
      // read is missed (what came in between is applied again: harmless).
      db_redis::RedisSubscriber subscriber(url_, options_, channels);
      readAll();
      if (lost) kLog.notice("shared tables: following ", url_.redacted(), " again");
      lost = false;
      {
        std::lock_guard lock(stateLock_);
        firstRead_ = true;
      }
      stateChanged_.notify_all();
      while (true) {
        {
          std::lock_guard lock(stateLock_);
          if (stopping_) return;
        }
        auto message = subscriber.next(kFollowTick);
        if (!message) continue;
        if (auto announcement = decodeAnnouncement(message->payload)) {
          apply(*announcement);
        } else {
          kLog.warn("shared tables: ignored a malformed announcement on ", kChannel);
        }
      }
    } catch (const RedisFault& fault) {
      bool first = false;
      {
        std::lock_guard lock(stateLock_);
        first = !firstRead_;
        if (first) {
          firstRead_ = true;
          firstReadError_ = fault.what();
        }
      }
      if (first) {
        stateChanged_.notify_all();
        return;  // start fails
      }
      if (!lost) {
        kLog.err("shared tables: lost ", url_.redacted(), " (", fault.what(),
                 "); changes made elsewhere are not seen until it is back");
      }
      lost = true;
    }
    std::unique_lock lock(stateLock_);
    stateChanged_.wait_for(lock, kReconnectPause, [this] { return stopping_; });
  }
}

void RedisSharing::readAll() {
  db_redis::RedisSession session(url_, options_);
  for (const auto& [name, t] : tables_) {
    const RedisReply reply = session.run({"HGETALL", hashKey(name)});
    if (reply.isError()) throw RedisFault(RedisFault::Kind::Lost, "HGETALL: " + reply.text);
    std::set<std::string, std::less<>> present;
    const std::int64_t now = t->now();
    std::size_t loaded = 0;
    for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
      const std::string& key = reply.elements[i].text;
      auto item = decodeStoredItem(key, reply.elements[i + 1].text);
      if (!item) {
        kLog.warn("shared table ", name, ": ignored the malformed value of ", key, " in Redis");
        continue;
      }
      if (item->expires != 0 && item->expires <= now) continue;
      present.insert(key);
      if (t->apply(*item)) ++loaded;
    }
    t->removeLocallyIf([&](const Item& item) { return !present.contains(item.name); });
    kLog.info("shared table ", name, ": ", loaded, " items read from ", url_.redacted());
  }
}

void RedisSharing::apply(const Announcement& a) {
  HashTable* t = table(a.table);
  if (t == nullptr) return;  // a table this kemid does not share
  switch (a.op) {
    case 's':
      if (auto item = decodeStoredItem(a.key, a.stored)) t->apply(*item);
      break;
    case 'd':
      t->removeLocally(a.key);
      break;
    default:
      t->clearLocally();
      break;
  }
}

void RedisSharing::publish(const std::string& table, char op, std::string_view key,
                           std::string_view stored) {
  const std::string announcement = encodeAnnouncement(op, table, key, stored);
  std::lock_guard lock(writeLock_);
  const auto now = std::chrono::steady_clock::now();
  try {
    if (!writer_) {
      if (now < writerRetryAt_) {
        writeErrorLog.err("shared table ", table, ": ", url_.redacted(),
                          " is unreachable, the change stays on this kemid");
        return;
      }
      writer_ = std::make_unique<db_redis::RedisSession>(url_, options_);
    }
    const RedisReply reply =
        writer_->run({"EVAL", std::string(kWriteScript), "2", hashKey(table), std::string(kChannel),
                      std::string(1, op), std::string(key), std::string(stored), announcement});
    if (reply.isError()) writeErrorLog.err("shared table ", table, ": ", reply.text);
  } catch (const RedisFault& fault) {
    writer_.reset();
    writerRetryAt_ = now + kWriterRetry;
    writeErrorLog.err("shared table ", table, ": ", fault.what(),
                      "; the change stays on this kemid");
  }
}

void RedisSharing::itemSet(const HashTable& table, const Item& item) {
  publish(table.name(), 's', item.name, encodeStoredItem(item));
}

void RedisSharing::itemRemoved(const HashTable& table, std::string_view key) {
  publish(table.name(), 'd', key, {});
}

void RedisSharing::cleared(const HashTable& table) {
  publish(table.name(), 'c', {}, {});
}

}  // namespace kemid::htable
