#pragma once
// Kamailio 5.6's tables that kemid's modules use, with the column names,
// types, defaults, keys and table versions Kamailio's own schema gives them
// (kamdbctl / the kamailio-*-modules .sql files), so that a database made by
// Kamailio's tools works with kemid and one made by `kemictl db init` works
// with Kamailio.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/db_connection.h"

namespace kemid::db {

enum class ColumnType {
  Serial,     // the `id` primary key, assigned by the database
  Int,        // signed 32-bit
  UInt,       // unsigned 32-bit
  UInt11,     // unsigned 32-bit that Kamailio declares INT(11) UNSIGNED in MySQL
  SmallUInt,  // unsigned 16-bit (a port)
  String,     // VARCHAR(size)
  DateTime,   // Kamailio's DATETIME / TIMESTAMP (local time)
  Float,      // `q`
};

struct ColumnDef {
  std::string_view name;
  ColumnType type;
  int size = 0;  // VARCHAR length
  // The DEFAULT clause as an SQL literal ("''", "0", "'2000-01-01 00:00:01'"),
  // empty for none; a nullable column's default is NULL.
  std::string_view defaultValue = {};
  bool nullable = false;
  // A nullable column Kamailio declares without any DEFAULT clause
  // (address.tag); its default is NULL all the same.
  bool noDefaultClause = false;
};

// A unique constraint or an index. Kamailio names them `<name>` in MySQL and
// `<table>_<name>` in SQLite.
struct IndexDef {
  std::string_view name;
  std::span<const std::string_view> columns;
  bool unique = false;
};

struct TableDef {
  std::string_view name;
  int version;  // the row Kamailio keeps for it in `version`
  std::span<const ColumnDef> columns;
  std::span<const IndexDef> indexes;
};

// version, location, location_attrs, subscriber, trusted, address, htable,
// dispatcher, in creation order.
std::span<const TableDef> kamailioTables();
const TableDef* findTable(std::string_view name);

// The statements that create `table` (CREATE TABLE, then its indexes) in
// `dialect`.
std::vector<std::string> createStatements(const TableDef& table, SqlDialect dialect);

struct SchemaOutcome {
  std::string table;
  int version;   // as recorded in `version` (0: no row)
  bool created;  // false: the table was there already, left as it was
};

// Creates each of Kamailio's tables that does not exist yet and records its
// version; tables that exist are left as they are.
DbResult<std::vector<SchemaOutcome>> createKamailioSchema(DbConnection& connection);

// Whether `table` exists in the connection's database.
DbResult<bool> tableExists(DbConnection& connection, std::string_view table);

// The version Kamailio's `version` table records for `table`, nullopt when
// it has no row (Kamailio's db_check_table_version reads the same).
DbResult<std::optional<std::int64_t>> tableVersion(DbConnection& connection,
                                                   std::string_view table);

// Kamailio's check at module init: `table`'s recorded version must be
// `expected` (subscriber 7, location 9); the error says what is wrong and
// what to do.
DbResult<bool> requireTableVersion(DbConnection& connection, std::string_view table,
                                   std::int64_t expected);

}  // namespace kemid::db
