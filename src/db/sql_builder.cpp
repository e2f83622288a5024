#include "db/sql_builder.h"

namespace kemid::db {

namespace {

// Appends `name` quoted, or returns false when it is not an identifier.
bool appendName(std::string& out, std::string_view name) {
  if (!isPlainIdentifier(name)) return false;
  out += '`';
  out += name;
  out += '`';
  return true;
}

DbError badName(std::string_view what, std::string_view name) {
  return DbError{"invalid " + std::string(what) + " name '" + std::string(name) +
                 "' (letters, digits and '_' only)"};
}

std::string_view opText(DbOp op) {
  switch (op) {
    case DbOp::Eq:
      return " = ?";
    case DbOp::Ne:
      return " <> ?";
    case DbOp::Lt:
      return " < ?";
    case DbOp::Le:
      return " <= ?";
    case DbOp::Gt:
      return " > ?";
    case DbOp::Ge:
      return " >= ?";
  }
  return " = ?";
}

// Appends " WHERE k1 = ? AND ..." and the keys' values; false on a bad name
// (stored in `bad`).
bool appendWhere(SqlStatement& sql, const std::vector<DbKey>& keys, std::string& bad) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const DbKey& key = keys[i];
    sql.text += i == 0 ? " WHERE " : " AND ";
    if (!appendName(sql.text, key.column)) {
      bad = key.column;
      return false;
    }
    const bool null = std::holds_alternative<DbNull>(key.value);
    if (null && (key.op == DbOp::Eq || key.op == DbOp::Ne)) {
      sql.text += key.op == DbOp::Eq ? " IS NULL" : " IS NOT NULL";
      continue;
    }
    sql.text += opText(key.op);
    sql.params.push_back(key.value);
  }
  return true;
}

}  // namespace

DbResult<SqlStatement> selectSql(const DbQuery& query) {
  SqlStatement sql{"SELECT ", {}};
  if (query.columns.empty()) sql.text += '*';
  for (std::size_t i = 0; i < query.columns.size(); ++i) {
    if (i > 0) sql.text += ", ";
    if (!appendName(sql.text, query.columns[i])) return badName("column", query.columns[i]);
  }
  sql.text += " FROM ";
  if (!appendName(sql.text, query.table)) return badName("table", query.table);
  std::string bad;
  if (!appendWhere(sql, query.keys, bad)) return badName("column", bad);
  if (!query.orderBy.empty()) {
    sql.text += " ORDER BY ";
    if (!appendName(sql.text, query.orderBy)) return badName("column", query.orderBy);
    if (query.descending) sql.text += " DESC";
  }
  if (query.limit > 0) sql.text += " LIMIT " + std::to_string(query.limit);
  return sql;
}

DbResult<SqlStatement> countSql(std::string_view table, const std::vector<DbKey>& keys) {
  SqlStatement sql{"SELECT COUNT(*) FROM ", {}};
  if (!appendName(sql.text, table)) return badName("table", table);
  std::string bad;
  if (!appendWhere(sql, keys, bad)) return badName("column", bad);
  return sql;
}

DbResult<SqlStatement> insertSql(std::string_view table, const std::vector<DbField>& values) {
  if (values.empty()) return DbError{"insert into '" + std::string(table) + "' without values"};
  SqlStatement sql{"INSERT INTO ", {}};
  if (!appendName(sql.text, table)) return badName("table", table);
  sql.text += " (";
  std::string placeholders;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      sql.text += ", ";
      placeholders += ", ";
    }
    if (!appendName(sql.text, values[i].column)) return badName("column", values[i].column);
    placeholders += '?';
    sql.params.push_back(values[i].value);
  }
  sql.text += ") VALUES (" + placeholders + ")";
  return sql;
}

DbResult<SqlStatement> updateSql(std::string_view table, const std::vector<DbKey>& keys,
                                 const std::vector<DbField>& values) {
  if (values.empty()) return DbError{"update of '" + std::string(table) + "' without values"};
  SqlStatement sql{"UPDATE ", {}};
  if (!appendName(sql.text, table)) return badName("table", table);
  sql.text += " SET ";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) sql.text += ", ";
    if (!appendName(sql.text, values[i].column)) return badName("column", values[i].column);
    sql.text += " = ?";
    sql.params.push_back(values[i].value);
  }
  std::string bad;
  if (!appendWhere(sql, keys, bad)) return badName("column", bad);
  return sql;
}

DbResult<SqlStatement> deleteSql(std::string_view table, const std::vector<DbKey>& keys) {
  SqlStatement sql{"DELETE FROM ", {}};
  if (!appendName(sql.text, table)) return badName("table", table);
  std::string bad;
  if (!appendWhere(sql, keys, bad)) return badName("column", bad);
  return sql;
}

std::vector<DbKey> equalKeys(const std::vector<DbField>& fields) {
  std::vector<DbKey> keys;
  keys.reserve(fields.size());
  for (const DbField& field : fields) keys.push_back({field.column, field.value, DbOp::Eq});
  return keys;
}

}  // namespace kemid::db
