#pragma once
// DbConnection on a Redis server (db_url "redis://[user[:password]@]host
// [:port]/<db number>"), in the layout of db/redis_layout.h. A query whose
// equality keys cover a table's entry or mapping columns reads only that
// hash or set; any other reads the table's rows by SCAN. Each write
// re-reads its row under WATCH and rewrites it, with its mapping sets, in
// one MULTI/EXEC, so that several kemids writing one server stay
// consistent. raw() is refused: there is no SQL.
//
// Sessions are pooled (at most maxSessions, a caller waits ioTimeout for a
// free one); a pooled session found broken is replaced and the call run once
// more; a server that is down or silent gives a logged DbError within the
// connect / read timeouts.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/db_connection.h"
#include "db/redis_layout.h"
#include "db/redis_session.h"

namespace kemid::db_redis {

struct RedisSettings {
  RedisSessionOptions session = {};
  std::size_t maxSessions = 4;
  std::shared_ptr<const RedisLayout> layout = std::make_shared<RedisLayout>();
};

class RedisConnection final : public db::DbConnection {
 public:
  // Opens one session at once, so that an unreachable server or a wrong
  // password is reported at init; the error names the URL.
  static db::DbResult<std::unique_ptr<db::DbConnection>> open(db::DbUrl url,
                                                              RedisSettings settings);
  ~RedisConnection() override;

  const db::DbUrl& url() const override { return url_; }
  db::SqlDialect dialect() const override { return db::SqlDialect::None; }

  db::DbResult<db::DbRows> query(const db::DbQuery& query) override;
  db::DbResult<std::uint64_t> insert(std::string_view table,
                                     const std::vector<db::DbField>& values) override;
  db::DbResult<std::uint64_t> update(std::string_view table, const std::vector<db::DbKey>& keys,
                                     const std::vector<db::DbField>& values) override;
  db::DbResult<std::uint64_t> remove(std::string_view table,
                                     const std::vector<db::DbKey>& keys) override;
  db::DbResult<std::uint64_t> replace(std::string_view table, const std::vector<db::DbField>& keys,
                                      const std::vector<db::DbField>& values) override;
  db::DbResult<db::DbRows> raw(std::string_view sql,
                               const std::vector<db::DbValue>& params) override;

 private:
  RedisConnection(db::DbUrl url, RedisSettings settings);

  // What a rewrite does with the row it read (nullopt: there is none).
  struct Change {
    enum class Kind { Keep, Delete, Write } kind = Kind::Keep;
    StoredRow row = {};  // Write: the whole new row
  };
  using Decide = std::function<Change(const std::optional<StoredRow>&)>;

  // Runs `body` on a pooled session; see the class comment for failures.
  template <class T>
  db::DbResult<T> withSession(std::string_view what,
                              const std::function<db::DbResult<T>(RedisSession&)>& body);
  std::unique_ptr<RedisSession> acquire(bool& reused);
  void release(std::unique_ptr<RedisSession> session);
  void discard();

  // The entry keys of the rows that may match `keys` (a superset).
  std::vector<std::string> candidates(RedisSession& session, std::string_view table,
                                      const std::vector<db::DbKey>& keys) const;
  // Applies `decide` to the row at `key` atomically; true when it changed it.
  bool rewrite(RedisSession& session, std::string_view table, const std::string& key,
               const Decide& decide) const;
  // update() or remove(): rewrites each candidate row that matches `keys`.
  db::DbResult<std::uint64_t> rewriteMatching(std::string_view what, std::string_view table,
                                              const std::vector<db::DbKey>& keys,
                                              const std::function<Change(StoredRow)>& change);

  db::DbUrl url_;
  RedisSettings settings_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<RedisSession>> idle_;
  std::size_t open_ = 0;  // sessions idle or in use
};

}  // namespace kemid::db_redis
