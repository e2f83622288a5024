#pragma once
// The SQL text of the DbConnection operations, with '?' for every value:
// values are bound, never written into the text. Table and column names
// are checked to be plain identifiers and quoted with backticks, which
// SQLite and MySQL both accept.

#include <string>
#include <string_view>
#include <vector>

#include "db/db_connection.h"

namespace kemid::db {

struct SqlStatement {
  std::string text;
  std::vector<DbValue> params;  // in '?' order
};

DbResult<SqlStatement> selectSql(const DbQuery& query);
DbResult<SqlStatement> countSql(std::string_view table, const std::vector<DbKey>& keys);
DbResult<SqlStatement> insertSql(std::string_view table, const std::vector<DbField>& values);
DbResult<SqlStatement> updateSql(std::string_view table, const std::vector<DbKey>& keys,
                                 const std::vector<DbField>& values);
DbResult<SqlStatement> deleteSql(std::string_view table, const std::vector<DbKey>& keys);

// Keys that match exactly the columns of `fields` (replace's key columns).
std::vector<DbKey> equalKeys(const std::vector<DbField>& fields);

}  // namespace kemid::db
