#pragma once
// The SQLite driver: db_url "sqlite:///path/file.sqlite" on Poco::Data's
// SQLite connector. Used by the db_sqlite module and, linked in directly, by
// kemictl.

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "db/db_registry.h"

namespace kemid::db_sqlite {

struct SqliteSettings {
  // Databases opened read-only (db_set_readonly): writes fail with an
  // error. A database is named as Kamailio names it, by the URL's database
  // part ("var/lib/kemid/kemid.sqlite"), or by its path.
  std::set<std::string> readonly;
  // PRAGMA journal_mode per database, named the same way
  // (db_set_journal_mode "database=MODE").
  std::map<std::string, std::string> journalModes;
  // How long a statement waits for a lock another session holds.
  std::chrono::milliseconds busyTimeout{2000};
};

class SqliteDriver final : public db::DbDriver {
 public:
  explicit SqliteDriver(SqliteSettings settings);
  ~SqliteDriver() override;

  db::DbResult<std::unique_ptr<db::DbConnection>> connect(const db::DbUrl& url) override;

 private:
  SqliteSettings settings_;
};

// Reads one db_set_journal_mode value, "file=MODE"; false when malformed.
bool parseJournalMode(std::string_view value, std::string& file, std::string& mode);

}  // namespace kemid::db_sqlite
