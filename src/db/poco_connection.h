#pragma once
// DbConnection over Poco::Data, shared by the SQL drivers (db_sqlite,
// db_mysql): they say how to open a session, the rest (statements, bound
// values, typed rows, the session pool, reconnecting) is here.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/db_connection.h"

namespace Poco {
class Exception;
namespace Data {
class Session;
}
}  // namespace Poco

namespace kemid::db {

// What a failed statement says about the session it ran on.
enum class SessionFault {
  Usable,  // the statement failed, the session is fine (a missing table)
  Gone,    // the session was dead before the statement reached the server
           // (server restarted): drop it, retry once on a new one
  Broken,  // it failed during the statement (read timeout): drop it; the
           // statement may have run, so it is not repeated
};

struct PocoSessionSettings {
  std::string connector;         // Poco's connector key: "SQLite", "MySQL"
  std::string connectionString;  // what that connector opens
  SqlDialect dialect = SqlDialect::SQLite;
  // Bounds opening a session and waiting for a free one; drivers also apply
  // it to statements (SQLite's busy timeout, MySQL's read/write timeouts).
  std::chrono::milliseconds timeout{5000};
  std::size_t maxSessions = 4;
  // Run on every new session (timeouts, pragmas); may throw Poco::Exception.
  std::function<void(Poco::Data::Session&)> configure;
  // What an error says about the session; unset: always Usable.
  std::function<SessionFault(const Poco::Exception&)> classify;
};

class PocoConnection final : public DbConnection {
 public:
  // Opens one session at once, so that a wrong path or an unreachable
  // server is reported at init; the error names the URL.
  static DbResult<std::unique_ptr<DbConnection>> open(DbUrl url, PocoSessionSettings settings);
  ~PocoConnection() override;

  const DbUrl& url() const override { return url_; }
  SqlDialect dialect() const override { return settings_.dialect; }

  DbResult<DbRows> query(const DbQuery& query) override;
  DbResult<std::uint64_t> insert(std::string_view table,
                                 const std::vector<DbField>& values) override;
  DbResult<std::uint64_t> update(std::string_view table, const std::vector<DbKey>& keys,
                                 const std::vector<DbField>& values) override;
  DbResult<std::uint64_t> remove(std::string_view table, const std::vector<DbKey>& keys) override;
  DbResult<std::uint64_t> replace(std::string_view table, const std::vector<DbField>& keys,
                                  const std::vector<DbField>& values) override;
  DbResult<DbRows> raw(std::string_view sql, const std::vector<DbValue>& params) override;

 private:
  PocoConnection(DbUrl url, PocoSessionSettings settings);

  using Session = Poco::Data::Session;
  // An idle session, a new one while fewer than maxSessions are open, or the
  // first one freed within the timeout.
  DbResult<std::unique_ptr<Session>> acquire();
  void release(std::unique_ptr<Session> session);
  void discard();   // a session was lost: one fewer is open
  void dropIdle();  // closes every idle session
  std::unique_ptr<Session> openSession();

  // Runs `body` on a session, turning exceptions into a logged DbError that
  // starts with `what`.
  template <class T>
  DbResult<T> run(std::string_view what, const std::function<T(Session&)>& body);

  DbUrl url_;
  PocoSessionSettings settings_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Session>> idle_;
  std::size_t open_ = 0;  // sessions idle or in use
};

}  // namespace kemid::db
