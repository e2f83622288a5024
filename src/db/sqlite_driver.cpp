#include "db/sqlite_driver.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "db/poco_connection.h"

namespace kemid::db_sqlite {

namespace {

bool isJournalMode(std::string_view mode) {
  for (std::string_view known : {"DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF"}) {
    if (mode.size() == known.size()) {
      bool same = true;
      for (std::size_t i = 0; i < mode.size(); ++i) {
        same = same && std::toupper(static_cast<unsigned char>(mode[i])) == known[i];
      }
      if (same) return true;
    }
  }
  return false;
}

}  // namespace

bool parseJournalMode(std::string_view value, std::string& file, std::string& mode) {
  const std::size_t eq = value.rfind('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  if (!isJournalMode(value.substr(eq + 1))) return false;
  file = std::string(value.substr(0, eq));
  mode = std::string(value.substr(eq + 1));
  return true;
}

SqliteDriver::SqliteDriver(SqliteSettings settings) : settings_(std::move(settings)) {
  Poco::Data::SQLite::Connector::registerConnector();
}

SqliteDriver::~SqliteDriver() {
  Poco::Data::SQLite::Connector::unregisterConnector();
}

db::DbResult<std::unique_ptr<db::DbConnection>> SqliteDriver::connect(const db::DbUrl& url) {
  const std::string path = url.filePath();
  // Kamailio names the file as the URL's database part
  // ("var/lib/kamailio/db.sqlite" for sqlite:///var/lib/kamailio/db.sqlite);
  // the path itself is accepted too.
  const bool readonly =
      settings_.readonly.contains(url.database) || settings_.readonly.contains(path);
  auto journal = settings_.journalModes.find(url.database);
  if (journal == settings_.journalModes.end()) journal = settings_.journalModes.find(path);
  const std::string journalMode = journal == settings_.journalModes.end() ? "" : journal->second;
  const std::chrono::milliseconds busy = settings_.busyTimeout;

  db::PocoSessionSettings session;
  session.connector = Poco::Data::SQLite::Connector::KEY;
  session.connectionString = path;
  session.dialect = db::SqlDialect::SQLite;
  session.timeout = busy;
  // SQLite writes one at a time whatever the number of sessions; several
  // sessions of ours would only contend for its lock (and, under load, fail
  // with "database is locked" when one waits longer than the busy timeout).
  // One session, handed to one call at a time, queues them here instead.
  session.maxSessions = 1;
  session.configure = [readonly, journalMode, busy](Poco::Data::Session& s) {
    s << "PRAGMA busy_timeout = " << std::to_string(busy.count()), Poco::Data::Keywords::now;
    if (!journalMode.empty()) {
      s << "PRAGMA journal_mode = " + journalMode, Poco::Data::Keywords::now;
    }
    if (readonly) s << "PRAGMA query_only = ON", Poco::Data::Keywords::now;
  };
  return db::PocoConnection::open(url, std::move(session));
}

}  // namespace kemid::db_sqlite
