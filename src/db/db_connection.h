#pragma once
// A connection to one database (one db_url), as a module uses it: Kamailio's
// srdb1 operations (query, insert, update, delete, replace, raw SQL) with
// typed values. Values always travel as bound parameters, never inside the
// SQL text; table and column names must be plain identifiers
// ([A-Za-z0-9_]), anything else is refused.
//
// Every call returns its result or a DbError; none throws. A connection is
// safe to share between threads: it keeps a few sessions and hands each
// call one, waiting at most the driver's timeout for a free one. A lost
// session is reopened and the call retried once; a database that is down
// gives an error (logged) within the timeouts, never a hung worker.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/db_result.h"
#include "db/db_url.h"
#include "db/db_value.h"

namespace kemid::db {

// A table or column name every driver accepts: [A-Za-z0-9_]+, nothing to
// quote or escape.
inline bool isPlainIdentifier(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Which SQL the database speaks, where the schema differs (kemictl db init);
// None for a store without SQL (Redis), whose raw() always fails.
enum class SqlDialect { SQLite, MySQL, None };

// A SELECT: `columns` (all when empty) of `table` where every key holds,
// ordered by `orderBy` when it is not empty, at most `limit` rows (0: all).
struct DbQuery {
  std::string table = {};
  std::vector<DbKey> keys = {};
  std::vector<std::string> columns = {};
  std::string orderBy = {};
  bool descending = false;
  std::size_t limit = 0;
};

class DbConnection {
 public:
  virtual ~DbConnection() = default;

  virtual const DbUrl& url() const = 0;
  virtual SqlDialect dialect() const = 0;

  virtual DbResult<DbRows> query(const DbQuery& query) = 0;
  // Each returns the number of rows it changed.
  virtual DbResult<std::uint64_t> insert(std::string_view table,
                                         const std::vector<DbField>& values) = 0;
  virtual DbResult<std::uint64_t> update(std::string_view table, const std::vector<DbKey>& keys,
                                         const std::vector<DbField>& values) = 0;
  // DELETE ... WHERE keys (all rows when keys is empty).
  virtual DbResult<std::uint64_t> remove(std::string_view table,
                                         const std::vector<DbKey>& keys) = 0;
  // The row whose `keys` columns equal these values gets `values`; when there
  // is none, one is inserted with both (Kamailio's replace / insert_update),
  // in one transaction.
  virtual DbResult<std::uint64_t> replace(std::string_view table, const std::vector<DbField>& keys,
                                          const std::vector<DbField>& values) = 0;
  // SQL for what the calls above cannot say, with '?' placeholders for
  // `params`. Rows come back when the statement returns any.
  virtual DbResult<DbRows> raw(std::string_view sql, const std::vector<DbValue>& params = {}) = 0;
};

}  // namespace kemid::db
