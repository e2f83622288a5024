#include "db/redis_connection.h"

#include <algorithm>
#include <set>

#include "core/log.h"
#include "db/kamailio_schema.h"

namespace kemid::db_redis {

namespace {

using db::DbError;
using db::DbResult;

const Logger kLog("db_redis");

// Another client changed a row between our read and our write this many
// times in a row: give up rather than spin.
constexpr int kMaxConflicts = 8;

// Drops `set` from the mapping index once it is empty (Redis deletes an
// empty set itself; the index still names it).
constexpr const char* kDropEmptySet =
    "if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], KEYS[1]) end "
    "return 0";

// An error reply: the call fails, the session is fine.
struct CommandError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const RedisReply& checked(const RedisReply& reply) {
  if (reply.isError()) throw CommandError(reply.text);
  return reply;
}

bool plainName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<std::string> fieldOf(const StoredRow& row, const std::string& column) {
  auto it = row.find(column);
  if (it == row.end()) return std::nullopt;
  return it->second;
}

bool rowMatches(const StoredRow& row, const std::vector<db::DbKey>& keys) {
  return std::all_of(keys.begin(), keys.end(),
                     [&](const db::DbKey& key) { return matches(fieldOf(row, key.column), key); });
}

// The keys a lookup can use: equality with a value.
StoredRow equalities(const std::vector<db::DbKey>& keys) {
  StoredRow equal;
  for (const db::DbKey& key : keys) {
    if (key.op != db::DbOp::Eq) continue;
    if (auto text = encode(key.value)) equal.emplace(key.column, *text);
  }
  return equal;
}

void apply(StoredRow& row, const std::vector<db::DbField>& fields) {
  for (const db::DbField& field : fields) {
    if (auto text = encode(field.value)) {
      row[field.column] = *text;
    } else {
      row.erase(field.column);
    }
  }
}

std::optional<StoredRow> toRow(const RedisReply& reply) {
  checked(reply);
  if (reply.elements.empty()) return std::nullopt;
  StoredRow row;
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    row[reply.elements[i].text] = reply.elements[i + 1].text;
  }
  return row;
}

std::vector<std::string> texts(const RedisReply& reply) {
  std::vector<std::string> out;
  for (const RedisReply& element : checked(reply).elements) out.push_back(element.text);
  return out;
}

// Every column of `rows` when the query names none: Kamailio's schema order
// for its tables, by name otherwise.
std::vector<std::string> allColumns(std::string_view table, const std::vector<StoredRow>& rows) {
  std::vector<std::string> columns;
  if (const db::TableDef* schema = db::findTable(table)) {
    for (const db::ColumnDef& column : schema->columns) columns.emplace_back(column.name);
    return columns;
  }
  std::set<std::string> names;
  for (const StoredRow& row : rows) {
    for (const auto& [name, value] : row) names.insert(name);
  }
  return {names.begin(), names.end()};
}

// Kamailio's db_redis answers a table's version from its schema: a
// `version` row nobody stored reads as the version of Kamailio's schema.
std::optional<StoredRow> schemaVersion(const db::DbQuery& query) {
  if (query.table != "version" || query.keys.size() != 1) return std::nullopt;
  const db::DbKey& key = query.keys.front();
  const auto* name = std::get_if<std::string>(&key.value);
  if (key.column != "table_name" || key.op != db::DbOp::Eq || name == nullptr) return std::nullopt;
  const db::TableDef* table = db::findTable(*name);
  if (table == nullptr) return std::nullopt;
  return StoredRow{{"table_name", *name}, {"table_version", std::to_string(table->version)}};
}

DbError badTable(std::string_view table) {
  return DbError{"db_redis: table name '" + std::string(table) + "' is not a plain identifier"};
}

}  // namespace

DbResult<std::unique_ptr<db::DbConnection>> RedisConnection::open(db::DbUrl url,
                                                                  RedisSettings settings) {
  if (!databaseNumber(url)) {
    return DbError{"db_url '" + url.redacted() + "': the database must be a Redis database number"};
  }
  std::unique_ptr<RedisConnection> connection(new RedisConnection(std::move(url), settings));
  try {
    bool reused = false;
    connection->release(connection->acquire(reused));
  } catch (const RedisFault& fault) {
    return DbError{"db_url '" + connection->url_.redacted() + "': " + fault.what()};
  }
  return std::unique_ptr<db::DbConnection>(std::move(connection));
}

RedisConnection::RedisConnection(db::DbUrl url, RedisSettings settings)
    : url_(std::move(url)), settings_(std::move(settings)) {}

RedisConnection::~RedisConnection() = default;

std::unique_ptr<RedisSession> RedisConnection::acquire(bool& reused) {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + settings_.session.ioTimeout;
  while (idle_.empty() && open_ >= settings_.maxSessions) {
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= settings_.maxSessions) {
      throw RedisFault(RedisFault::Kind::Timeout,
                       "all " + std::to_string(settings_.maxSessions) + " sessions stayed busy");
    }
  }
  if (!idle_.empty()) {
    auto session = std::move(idle_.back());
    idle_.pop_back();
    reused = true;
    return session;
  }
  ++open_;
  lock.unlock();
  reused = false;
  try {
    return std::make_unique<RedisSession>(url_, settings_.session);
  } catch (const RedisFault&) {
    discard();
    throw;
  }
}

void RedisConnection::release(std::unique_ptr<RedisSession> session) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(session));
  }
  freed_.notify_one();
}

void RedisConnection::discard() {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  freed_.notify_one();
}

template <class T>
DbResult<T> RedisConnection::withSession(std::string_view what,
                                         const std::function<DbResult<T>(RedisSession&)>& body) {
  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    try {
      std::unique_ptr<RedisSession> session = acquire(reused);
      try {
        DbResult<T> result = body(*session);
        release(std::move(session));
        return result;
      } catch (const CommandError& e) {
        release(std::move(session));
        const std::string message = "db_redis " + std::string(what) + ": " + e.what();
        kLog.err(message);
        return DbError{message};
      } catch (const RedisFault&) {
        session.reset();
        discard();
        throw;
      }
    } catch (const RedisFault& fault) {
      // An idle pooled session may have been closed by the server (restart,
      // its timeout): one more try on a new session.
      if (fault.kind == RedisFault::Kind::Lost && reused && attempt == 0) {
        kLog.warn("db_url '", url_.redacted(), "': session lost (", fault.what(),
                  "), reconnecting");
        continue;
      }
      const std::string message =
          "db_redis " + std::string(what) + " on '" + url_.redacted() + "': " + fault.what();
      kLog.err(message);
      return DbError{message};
    }
  }
}

std::vector<std::string> RedisConnection::candidates(RedisSession& session, std::string_view table,
                                                     const std::vector<db::DbKey>& keys) const {
  if (auto lookup = settings_.layout->lookup(table, equalities(keys))) {
    if (lookup->isEntry) return {lookup->key};
    return texts(session.run({"SMEMBERS", lookup->key}));
  }
  std::set<std::string> found;  // SCAN may return a key twice
  std::string cursor = "0";
  do {
    const RedisReply page = checked(
        session.run({"SCAN", cursor, "MATCH", RedisLayout::entryPattern(table), "COUNT", "1000"}));
    if (page.elements.size() != 2) throw CommandError("malformed SCAN reply");
    cursor = page.elements[0].text;
    for (std::string& key : texts(page.elements[1])) found.insert(std::move(key));
  } while (cursor != "0");
  return {found.begin(), found.end()};
}

bool RedisConnection::rewrite(RedisSession& session, std::string_view table, const std::string& key,
                              const Decide& decide) const {
  const RedisLayout& layout = *settings_.layout;
  for (int conflict = 0; conflict < kMaxConflicts; ++conflict) {
    checked(session.run({"WATCH", key}));
    const std::optional<StoredRow> current = toRow(session.run({"HGETALL", key}));
    const Change change = decide(current);
    if (change.kind == Change::Kind::Keep) {
      checked(session.run({"UNWATCH"}));
      return false;
    }
    std::optional<std::string> newKey;
    if (change.kind == Change::Kind::Write) {
      newKey = layout.entryKey(table, change.row);
      if (!newKey) {
        checked(session.run({"UNWATCH"}));
        throw CommandError("the row has no value for an entry column of table '" +
                           std::string(table) + "' (db_redis keys)");
      }
    }
    std::vector<RedisCommand> commands{{"MULTI"}};
    std::vector<RedisLayout::MappingKey> oldSets;
    if (current) {
      oldSets = layout.mappingKeys(table, *current);
      for (const auto& set : oldSets) commands.push_back({"SREM", set.set, key});
      commands.push_back({"DEL", key});
    }
    if (newKey) {
      RedisCommand hset{"HSET", *newKey};
      for (const auto& [column, value] : change.row) {
        hset.push_back(column);
        hset.push_back(value);
      }
      if (hset.size() > 2) commands.push_back(std::move(hset));
      for (const auto& set : layout.mappingKeys(table, change.row)) {
        commands.push_back({"SADD", set.set, *newKey});
        commands.push_back({"SADD", set.index, set.set});
      }
    }
    for (const auto& set : oldSets) {
      commands.push_back({"EVAL", kDropEmptySet, "2", set.set, set.index});
    }
    commands.push_back({"EXEC"});
    const std::vector<RedisReply> replies = session.run(commands);
    for (const RedisReply& reply : replies) checked(reply);
    const RedisReply& exec = replies.back();
    if (exec.kind == RedisReply::Kind::Nil) continue;  // the row changed meanwhile: again
    for (const RedisReply& reply : exec.elements) checked(reply);
    return true;
  }
  throw CommandError("row '" + key + "' kept changing under us");
}

DbResult<db::DbRows> RedisConnection::query(const db::DbQuery& query) {
  if (!plainName(query.table)) return badTable(query.table);
  return withSession<db::DbRows>("query", [&](RedisSession& session) -> DbResult<db::DbRows> {
    const std::vector<std::string> keys = candidates(session, query.table, query.keys);
    std::vector<RedisCommand> reads;
    for (const std::string& key : keys) reads.push_back({"HGETALL", key});
    std::vector<StoredRow> rows;
    if (!reads.empty()) {
      for (const RedisReply& reply : session.run(reads)) {
        std::optional<StoredRow> row = toRow(reply);
        if (row && rowMatches(*row, query.keys)) rows.push_back(std::move(*row));
      }
    }
    if (!query.orderBy.empty()) {
      std::stable_sort(rows.begin(), rows.end(), [&](const StoredRow& a, const StoredRow& b) {
        const auto x = fieldOf(a, query.orderBy);
        const auto y = fieldOf(b, query.orderBy);
        return query.descending ? storedLess(y, x) : storedLess(x, y);
      });
    }
    if (rows.empty()) {
      if (auto version = schemaVersion(query)) rows.push_back(std::move(*version));
    }
    if (query.limit != 0 && rows.size() > query.limit) rows.resize(query.limit);
    db::DbRows result;
    result.columns = query.columns.empty() ? allColumns(query.table, rows) : query.columns;
    for (const StoredRow& row : rows) {
      db::DbRow values;
      for (const std::string& column : result.columns) {
        auto text = fieldOf(row, column);
        values.push_back(text ? decode(query.table, column, *text) : db::DbValue{});
      }
      result.rows.push_back(std::move(values));
    }
    return result;
  });
}

DbResult<std::uint64_t> RedisConnection::insert(std::string_view table,
                                                const std::vector<db::DbField>& values) {
  if (!plainName(table)) return badTable(table);
  StoredRow row;
  apply(row, values);
  const std::optional<std::string> key = settings_.layout->entryKey(table, row);
  if (!key) {
    const std::string message = "db_redis insert into '" + std::string(table) +
                                "': no entry key for the row (set db_redis modparam keys, "
                                "\"" +
                                std::string(table) + "=entry:<columns>\")";
    kLog.err(message);
    return DbError{message};
  }
  return withSession<std::uint64_t>("insert", [&](RedisSession& session) {
    // A row already there under that key is overwritten, as in Kamailio.
    rewrite(session, table, *key, [&](const std::optional<StoredRow>&) {
      return Change{Change::Kind::Write, row};
    });
    return DbResult<std::uint64_t>(1);
  });
}

DbResult<std::uint64_t> RedisConnection::rewriteMatching(
    std::string_view what, std::string_view table, const std::vector<db::DbKey>& keys,
    const std::function<Change(StoredRow)>& change) {
  if (!plainName(table)) return badTable(table);
  return withSession<std::uint64_t>(what, [&](RedisSession& session) {
    std::uint64_t changed = 0;
    for (const std::string& key : candidates(session, table, keys)) {
      const bool done = rewrite(session, table, key, [&](const std::optional<StoredRow>& row) {
        if (!row || !rowMatches(*row, keys)) return Change{};
        return change(*row);
      });
      if (done) ++changed;
    }
    return DbResult<std::uint64_t>(changed);
  });
}

DbResult<std::uint64_t> RedisConnection::update(std::string_view table,
                                                const std::vector<db::DbKey>& keys,
                                                const std::vector<db::DbField>& values) {
  return rewriteMatching("update", table, keys, [&](StoredRow row) {
    apply(row, values);
    return Change{Change::Kind::Write, std::move(row)};
  });
}

DbResult<std::uint64_t> RedisConnection::remove(std::string_view table,
                                                const std::vector<db::DbKey>& keys) {
  return rewriteMatching("delete", table, keys, [](const StoredRow&) {
    return Change{Change::Kind::Delete, {}};
  });
}

DbResult<std::uint64_t> RedisConnection::replace(std::string_view table,
                                                 const std::vector<db::DbField>& keys,
                                                 const std::vector<db::DbField>& values) {
  if (!plainName(table)) return badTable(table);
  StoredRow keyRow;
  apply(keyRow, keys);
  if (const auto key = settings_.layout->entryKey(table, keyRow)) {
    // The keys name the row: one atomic read-and-write.
    return withSession<std::uint64_t>("replace", [&](RedisSession& session) {
      rewrite(session, table, *key, [&](const std::optional<StoredRow>& current) {
        StoredRow row = current.value_or(StoredRow{});
        apply(row, keys);
        apply(row, values);
        return Change{Change::Kind::Write, std::move(row)};
      });
      return DbResult<std::uint64_t>(1);
    });
  }
  // Keys other than the entry columns: update the matching rows, else insert.
  std::vector<db::DbKey> where;
  for (const db::DbField& field : keys) where.push_back({field.column, field.value});
  DbResult<std::uint64_t> updated = update(table, where, values);
  if (!updated || updated.value() > 0) return updated;
  std::vector<db::DbField> all = keys;
  all.insert(all.end(), values.begin(), values.end());
  return insert(table, all);
}

DbResult<db::DbRows> RedisConnection::raw(std::string_view sql, const std::vector<db::DbValue>&) {
  const std::string message = "db_redis: raw SQL is not supported on '" + url_.redacted() +
                              "' (Redis has no SQL): " + std::string(sql.substr(0, 60));
  kLog.err(message);
  return DbError{message};
}

}  // namespace kemid::db_redis
