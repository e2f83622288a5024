#include "db/poco_connection.h"

#include <Poco/Data/Date.h>
#include <Poco/Data/LOB.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTime.h>
#include <Poco/Exception.h>

#include "core/log.h"
#include "db/sql_builder.h"

namespace kemid::db {

namespace {

const Logger kLog("db");

using Poco::Data::MetaColumn;
using Poco::Data::RecordSet;
using Poco::Data::Statement;

void bindValue(Statement& statement, const DbValue& value) {
  using Poco::Data::Keywords::bind;
  struct Binder {
    Statement& statement;
    void operator()(DbNull) const {
      statement, Poco::Data::Keywords::use(Poco::Data::Keywords::null);
    }
    void operator()(std::int64_t v) const { statement, bind(static_cast<Poco::Int64>(v)); }
    void operator()(double v) const { statement, bind(v); }
    void operator()(const std::string& v) const { statement, bind(v); }
    void operator()(DbDateTime v) const { statement, bind(formatDateTime(v)); }
  };
  std::visit(Binder{statement}, value);
}

DbDateTime fromCalendar(int year, int month, int day, int hour, int minute, int second) {
  std::tm local{};
  local.tm_year = year - 1900;
  local.tm_mon = month - 1;
  local.tm_mday = day;
  local.tm_hour = hour;
  local.tm_min = minute;
  local.tm_sec = second;
  local.tm_isdst = -1;
  return DbDateTime{std::mktime(&local)};
}

DbValue readValue(const RecordSet& rows, std::size_t column, std::size_t row) {
  if (rows.isNull(column, row)) return DbNull{};
  const Poco::Dynamic::Var& value = rows.value(column, row);
  switch (rows.columnType(column)) {
    case MetaColumn::FDT_BOOL:
    case MetaColumn::FDT_INT8:
    case MetaColumn::FDT_UINT8:
    case MetaColumn::FDT_INT16:
    case MetaColumn::FDT_UINT16:
    case MetaColumn::FDT_INT32:
    case MetaColumn::FDT_UINT32:
    case MetaColumn::FDT_INT64:
    case MetaColumn::FDT_UINT64:
      return static_cast<std::int64_t>(value.convert<Poco::Int64>());
    case MetaColumn::FDT_FLOAT:
    case MetaColumn::FDT_DOUBLE:
      return value.convert<double>();
    case MetaColumn::FDT_TIMESTAMP: {
      const auto& t = value.extract<Poco::DateTime>();
      return fromCalendar(t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second());
    }
    case MetaColumn::FDT_DATE: {
      const auto& d = value.extract<Poco::Data::Date>();
      return fromCalendar(d.year(), d.month(), d.day(), 0, 0, 0);
    }
    case MetaColumn::FDT_BLOB: {
      const auto& blob = value.extract<Poco::Data::BLOB>();
      return std::string(reinterpret_cast<const char*>(blob.rawContent()), blob.size());
    }
    case MetaColumn::FDT_CLOB: {
      const auto& clob = value.extract<Poco::Data::CLOB>();
      return std::string(clob.rawContent(), clob.size());
    }
    default:
      return value.convert<std::string>();
  }
}

DbRows readRows(const Statement& statement) {
  RecordSet rows(statement);
  DbRows out;
  const std::size_t columns = rows.columnCount();
  for (std::size_t c = 0; c < columns; ++c) out.columns.push_back(rows.columnName(c));
  for (std::size_t r = 0; r < rows.rowCount(); ++r) {
    DbRow row;
    row.reserve(columns);
    for (std::size_t c = 0; c < columns; ++c) row.push_back(readValue(rows, c, r));
    out.rows.push_back(std::move(row));
  }
  return out;
}

// Runs `sql`; returns the rows it affected or extracted, and its rows in
// `rows` when asked.
std::size_t execute(Poco::Data::Session& session, std::string_view text,
                    const std::vector<DbValue>& params, DbRows* rows = nullptr) {
  Statement statement(session);
  statement << text;
  for (const DbValue& value : params) bindValue(statement, value);
  const std::size_t count = statement.execute();
  if (rows != nullptr && statement.columnsExtracted() > 0) *rows = readRows(statement);
  return count;
}

std::size_t execute(Poco::Data::Session& session, const SqlStatement& sql, DbRows* rows = nullptr) {
  return execute(session, sql.text, sql.params, rows);
}

// Ends a transaction a failed statement left open; a session whose ROLLBACK
// fails is in an unknown state, and the caller's error stands either way.
void rollback(Poco::Data::Session& session) {
  try {
    execute(session, "ROLLBACK", {});
  } catch (const Poco::Exception&) {
    session.close();
  }
}

}  // namespace

PocoConnection::PocoConnection(DbUrl url, PocoSessionSettings settings)
    : url_(std::move(url)), settings_(std::move(settings)) {}

PocoConnection::~PocoConnection() = default;

DbResult<std::unique_ptr<DbConnection>> PocoConnection::open(DbUrl url,
                                                             PocoSessionSettings settings) {
  std::unique_ptr<PocoConnection> connection(
      new PocoConnection(std::move(url), std::move(settings)));
  DbResult<std::unique_ptr<Session>> first = connection->acquire();
  // Not logged here: db::connect logs what it returns, kemictl prints it.
  if (!first) return DbError{"db_url '" + connection->url_.redacted() + "': " + first.error()};
  connection->release(std::move(first.value()));
  return std::unique_ptr<DbConnection>(std::move(connection));
}

std::unique_ptr<Poco::Data::Session> PocoConnection::openSession() {
  const auto loginSeconds = static_cast<std::size_t>(std::max<std::int64_t>(
      1, std::chrono::ceil<std::chrono::seconds>(settings_.timeout).count()));
  auto session =
      std::make_unique<Session>(settings_.connector, settings_.connectionString, loginSeconds);
  if (settings_.configure) settings_.configure(*session);
  return session;
}

DbResult<std::unique_ptr<Poco::Data::Session>> PocoConnection::acquire() {
  std::unique_lock lock(mutex_);
  const bool available = freed_.wait_for(
      lock, settings_.timeout, [this] { return !idle_.empty() || open_ < settings_.maxSessions; });
  if (!available) {
    return DbError{"no free database session within " + std::to_string(settings_.timeout.count()) +
                   " ms"};
  }
  if (!idle_.empty()) {
    std::unique_ptr<Session> session = std::move(idle_.back());
    idle_.pop_back();
    return session;
  }
  ++open_;
  lock.unlock();
  try {
    return openSession();
  } catch (const Poco::Exception& e) {
    discard();
    return DbError{"cannot open: " + e.displayText()};
  } catch (const std::exception& e) {
    discard();
    return DbError{std::string("cannot open: ") + e.what()};
  }
}

void PocoConnection::release(std::unique_ptr<Session> session) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(session));
  }
  freed_.notify_one();
}

void PocoConnection::discard() {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  freed_.notify_one();
}

void PocoConnection::dropIdle() {
  std::vector<std::unique_ptr<Session>> dropped;
  {
    std::lock_guard lock(mutex_);
    open_ -= idle_.size();
    dropped.swap(idle_);
  }
  freed_.notify_all();
}

template <class T>
DbResult<T> PocoConnection::run(std::string_view what, const std::function<T(Session&)>& body) {
  std::string why;
  for (int attempt = 0; attempt < 2; ++attempt) {
    DbResult<std::unique_ptr<Session>> session = acquire();
    if (!session) {
      why = session.error();
      break;
    }
    SessionFault fault = SessionFault::Usable;
    try {
      T result = body(*session.value());
      release(std::move(session.value()));
      return result;
    } catch (const Poco::Exception& e) {
      why = e.displayText();
      if (settings_.classify) fault = settings_.classify(e);
    } catch (const std::exception& e) {
      why = e.what();
    }
    // A session closed by a failed rollback is not given out again either.
    if (fault == SessionFault::Usable && session.value()->isConnected()) {
      release(std::move(session.value()));
      break;
    }
    session.value().reset();
    discard();
    if (fault == SessionFault::Usable) break;
    // The other idle sessions went to the same server: gone as well.
    dropIdle();
    if (fault == SessionFault::Broken) break;
    kLog.warn("db_url '", url_.redacted(), "': session lost (", why, "), reconnecting");
  }
  const std::string message = "db_url '" + url_.redacted() + "': " + std::string(what) + ": " + why;
  kLog.err(message);
  return DbError{message};
}

DbResult<DbRows> PocoConnection::query(const DbQuery& query) {
  DbResult<SqlStatement> sql = selectSql(query);
  if (!sql) return DbError{sql.error()};
  return run<DbRows>("query of " + query.table, [&](Session& session) {
    DbRows rows;
    execute(session, sql.value(), &rows);
    return rows;
  });
}

DbResult<std::uint64_t> PocoConnection::insert(std::string_view table,
                                               const std::vector<DbField>& values) {
  DbResult<SqlStatement> sql = insertSql(table, values);
  if (!sql) return DbError{sql.error()};
  return run<std::uint64_t>("insert into " + std::string(table),
                            [&](Session& session) { return execute(session, sql.value()); });
}

DbResult<std::uint64_t> PocoConnection::update(std::string_view table,
                                               const std::vector<DbKey>& keys,
                                               const std::vector<DbField>& values) {
  DbResult<SqlStatement> sql = updateSql(table, keys, values);
  if (!sql) return DbError{sql.error()};
  return run<std::uint64_t>("update of " + std::string(table),
                            [&](Session& session) { return execute(session, sql.value()); });
}

DbResult<std::uint64_t> PocoConnection::remove(std::string_view table,
                                               const std::vector<DbKey>& keys) {
  DbResult<SqlStatement> sql = deleteSql(table, keys);
  if (!sql) return DbError{sql.error()};
  return run<std::uint64_t>("delete from " + std::string(table),
                            [&](Session& session) { return execute(session, sql.value()); });
}

DbResult<std::uint64_t> PocoConnection::replace(std::string_view table,
                                                const std::vector<DbField>& keys,
                                                const std::vector<DbField>& values) {
  const std::vector<DbKey> where = equalKeys(keys);
  DbResult<SqlStatement> count = countSql(table, where);
  if (!count) return DbError{count.error()};
  // MySQL locks the matching rows until the commit; SQLite's first write
  // takes the database lock.
  if (settings_.dialect == SqlDialect::MySQL) count.value().text += " FOR UPDATE";
  std::vector<DbField> all = keys;
  all.insert(all.end(), values.begin(), values.end());
  DbResult<SqlStatement> insert = insertSql(table, all);
  if (!insert) return DbError{insert.error()};
  DbResult<SqlStatement> update =
      values.empty() ? DbResult<SqlStatement>(SqlStatement{}) : updateSql(table, where, values);
  if (!update) return DbError{update.error()};
  // SQLite: IMMEDIATE takes the write lock first; a deferred transaction
  // that reads and then writes fails at once ("database is locked") when
  // another session wrote in between, instead of waiting.
  const std::string begin = settings_.dialect == SqlDialect::SQLite ? "BEGIN IMMEDIATE" : "BEGIN";
  return run<std::uint64_t>("replace in " + std::string(table), [&](Session& session) {
    execute(session, begin, {});
    try {
      DbRows found;
      execute(session, count.value(), &found);
      const bool exists = !found.rows.empty() && asInt(found.rows.front().front()).value_or(0) > 0;
      std::uint64_t changed = 0;
      if (!exists) {
        changed = execute(session, insert.value());
      } else if (!values.empty()) {
        changed = execute(session, update.value());
      }
      execute(session, "COMMIT", {});
      return changed;
    } catch (...) {
      rollback(session);
      throw;
    }
  });
}

DbResult<DbRows> PocoConnection::raw(std::string_view sql, const std::vector<DbValue>& params) {
  return run<DbRows>("raw query", [&](Session& session) {
    DbRows rows;
    execute(session, sql, params, &rows);
    return rows;
  });
}

}  // namespace kemid::db
