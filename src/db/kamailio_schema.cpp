#include "db/kamailio_schema.h"

#include <array>

namespace kemid::db {

namespace {

using T = ColumnType;
using Names = std::string_view;

constexpr std::string_view kNoExpiry = "'2030-05-28 21:32:15'";
constexpr std::string_view kLongAgo = "'2000-01-01 00:00:01'";

constexpr std::array kVersionColumns{
    ColumnDef{"id", T::Serial},
    ColumnDef{"table_name", T::String, 32},
    ColumnDef{"table_version", T::UInt, 0, "0"},
};
constexpr std::array<Names, 1> kVersionNameColumns{"table_name"};
constexpr std::array kVersionIndexes{
    IndexDef{"table_name_idx", kVersionNameColumns, true},
};

constexpr std::array kLocationColumns{
    ColumnDef{"id", T::Serial},
    ColumnDef{"ruid", T::String, 64, "''"},
    ColumnDef{"username", T::String, 64, "''"},
    ColumnDef{"domain", T::String, 64, {}, true},
    ColumnDef{"contact", T::String, 512, "''"},
    ColumnDef{"received", T::String, 128, {}, true},
    ColumnDef{"path", T::String, 512, {}, true},
    ColumnDef{"expires", T::DateTime, 0, kNoExpiry},
    ColumnDef{"q", T::Float, 0, "1.0"},
    ColumnDef{"callid", T::String, 255, "'Default-Call-ID'"},
    ColumnDef{"cseq", T::Int, 0, "1"},
    ColumnDef{"last_modified", T::DateTime, 0, kLongAgo},
    ColumnDef{"flags", T::Int, 0, "0"},
    ColumnDef{"cflags", T::Int, 0, "0"},
    ColumnDef{"user_agent", T::String, 255, "''"},
    ColumnDef{"socket", T::String, 64, {}, true},
    ColumnDef{"methods", T::Int, 0, {}, true},
    ColumnDef{"instance", T::String, 255, {}, true},
    ColumnDef{"reg_id", T::Int, 0, "0"},
    ColumnDef{"server_id", T::Int, 0, "0"},
    ColumnDef{"connection_id", T::Int, 0, "0"},
    ColumnDef{"keepalive", T::Int, 0, "0"},
    ColumnDef{"partition", T::Int, 0, "0"},
};
constexpr std::array<Names, 1> kRuid{"ruid"};
constexpr std::array<Names, 3> kAccountContact{"username", "domain", "contact"};
constexpr std::array<Names, 1> kExpires{"expires"};
constexpr std::array<Names, 1> kConnectionId{"connection_id"};
constexpr std::array<Names, 2> kServerConnection{"server_id", "connection_id"};
constexpr std::array kLocationIndexes{
    IndexDef{"ruid_idx", kRuid, true},
    IndexDef{"account_contact_idx", kAccountContact},
    IndexDef{"expires_idx", kExpires},
    IndexDef{"tcpcon_idx", kConnectionId},
    IndexDef{"connection_idx", kServerConnection},
};

constexpr std::array kLocationAttrsColumns{
    ColumnDef{"id", T::Serial},
    ColumnDef{"ruid", T::String, 64, "''"},
    ColumnDef{"username", T::String, 64, "''"},
    ColumnDef{"domain", T::String, 64, {}, true},
    ColumnDef{"aname", T::String, 64, "''"},
    ColumnDef{"atype", T::Int, 0, "0"},
    ColumnDef{"avalue", T::String, 512, "''"},
    ColumnDef{"last_modified", T::DateTime, 0, kLongAgo},
};
constexpr std::array<Names, 3> kAccountRecord{"username", "domain", "ruid"};
constexpr std::array<Names, 1> kLastModified{"last_modified"};
constexpr std::array kLocationAttrsIndexes{
    IndexDef{"account_record_idx", kAccountRecord},
    IndexDef{"last_modified_idx", kLastModified},
};

constexpr std::array kSubscriberColumns{
    ColumnDef{"id", T::Serial},
    ColumnDef{"username", T::String, 64, "''"},
    ColumnDef{"domain", T::String, 64, "''"},
    ColumnDef{"password", T::String, 64, "''"},
    ColumnDef{"ha1", T::String, 128, "''"},
    ColumnDef{"ha1b", T::String, 128, "''"},
};
constexpr std::array<Names, 2> kAccount{"username", "domain"};
constexpr std::array<Names, 1> kUsername{"username"};
constexpr std::array kSubscriberIndexes{
    IndexDef{"account_idx", kAccount, true},
    IndexDef{"username_idx", kUsername},
};

// permissions' tables (permissions-create.sql).
constexpr std::array kTrustedColumns{
    ColumnDef{"id", T::Serial},
    ColumnDef{"src_ip", T::String, 50},
    ColumnDef{"proto", T::String, 4},
    ColumnDef{"from_pattern", T::String, 64, {}, true},
    ColumnDef{"ruri_pattern", T::String, 64, {}, true},
    ColumnDef{"tag", T::String, 64, {}, true, true},
    ColumnDef{"priority", T::Int, 0, "0"},
};
constexpr std::array<Names, 1> kSrcIp{"src_ip"};
constexpr std::array kTrustedIndexes{
    IndexDef{"peer_idx", kSrcIp},
};
constexpr std::array kAddressColumns{
    ColumnDef{"id", T::Serial},
    ColumnDef{"grp", T::UInt11, 0, "1"},
    ColumnDef{"ip_addr", T::String, 50},
    ColumnDef{"mask", T::Int, 0, "32"},
    ColumnDef{"port", T::SmallUInt, 0, "0"},
    ColumnDef{"tag", T::String, 64, {}, true, true},
};

// htable's dbtable (htable-create.sql).
constexpr std::array kHtableColumns{
    ColumnDef{"id", T::Serial},
    ColumnDef{"key_name", T::String, 64, "''"},
    ColumnDef{"key_type", T::Int, 0, "0"},
    ColumnDef{"value_type", T::Int, 0, "0"},
    ColumnDef{"key_value", T::String, 128, "''"},
    ColumnDef{"expires", T::Int, 0, "0"},
};

// dispatcher's table (dispatcher-create.sql).
constexpr std::array kDispatcherColumns{
    ColumnDef{"id", T::Serial},
    ColumnDef{"setid", T::Int, 0, "0"},
    ColumnDef{"destination", T::String, 192, "''"},
    ColumnDef{"flags", T::Int, 0, "0"},
    ColumnDef{"priority", T::Int, 0, "0"},
    ColumnDef{"attrs", T::String, 128, "''"},
    ColumnDef{"description", T::String, 64, "''"},
};

constexpr std::array kTables{
    TableDef{"version", 1, kVersionColumns, kVersionIndexes},
    TableDef{"location", 9, kLocationColumns, kLocationIndexes},
    TableDef{"location_attrs", 1, kLocationAttrsColumns, kLocationAttrsIndexes},
    TableDef{"subscriber", 7, kSubscriberColumns, kSubscriberIndexes},
    TableDef{"trusted", 6, kTrustedColumns, kTrustedIndexes},
    TableDef{"address", 6, kAddressColumns, {}},
    TableDef{"htable", 2, kHtableColumns, {}},
    TableDef{"dispatcher", 4, kDispatcherColumns, {}},
};

std::string typeText(const ColumnDef& column, SqlDialect dialect) {
  const bool mysql = dialect == SqlDialect::MySQL;
  switch (column.type) {
    case T::Serial:
      return mysql ? "INT(10) UNSIGNED AUTO_INCREMENT PRIMARY KEY" : "INTEGER PRIMARY KEY";
    case T::Int:
      return mysql ? "INT(11)" : "INTEGER";
    case T::UInt:
      return mysql ? "INT UNSIGNED" : "INTEGER";
    case T::UInt11:
      return mysql ? "INT(11) UNSIGNED" : "INTEGER";
    case T::SmallUInt:
      return mysql ? "SMALLINT(5) UNSIGNED" : "SMALLINT";
    case T::String:
      return "VARCHAR(" + std::to_string(column.size) + ")";
    case T::DateTime:
      return mysql ? "DATETIME" : "TIMESTAMP WITHOUT TIME ZONE";
    case T::Float:
      return mysql ? "FLOAT(10,2)" : "REAL";
  }
  return {};
}

std::string quoted(std::string_view name) {
  return "`" + std::string(name) + "`";
}

std::string indexName(const TableDef& table, const IndexDef& index, SqlDialect dialect) {
  return dialect == SqlDialect::SQLite ? std::string(table.name) + "_" + std::string(index.name)
                                       : std::string(index.name);
}

std::string columnList(const IndexDef& index) {
  std::string out;
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += quoted(index.columns[i]);
  }
  return out;
}

}  // namespace

std::span<const TableDef> kamailioTables() {
  return kTables;
}

const TableDef* findTable(std::string_view name) {
  for (const TableDef& table : kTables) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

std::vector<std::string> createStatements(const TableDef& table, SqlDialect dialect) {
  std::string create = "CREATE TABLE " + quoted(table.name) + " (\n";
  for (const ColumnDef& column : table.columns) {
    create += "    " + quoted(column.name) + " " + typeText(column, dialect);
    if (column.nullable) {
      if (!column.noDefaultClause) create += " DEFAULT NULL";
    } else {
      if (!column.defaultValue.empty()) create += " DEFAULT " + std::string(column.defaultValue);
      create += " NOT NULL";
    }
    create += ",\n";
  }
  std::vector<std::string> statements;
  std::vector<std::string> indexes;
  for (const IndexDef& index : table.indexes) {
    const std::string name = indexName(table, index, dialect);
    if (index.unique) {
      create += "    CONSTRAINT " + name + " UNIQUE (" + columnList(index) + "),\n";
    } else {
      indexes.push_back("CREATE INDEX " + name + " ON " + quoted(table.name) + " (" +
                        columnList(index) + ")");
    }
  }
  create.erase(create.size() - 2);  // the last ",\n"
  create += "\n)";
  statements.push_back(std::move(create));
  statements.insert(statements.end(), indexes.begin(), indexes.end());
  return statements;
}

DbResult<bool> tableExists(DbConnection& connection, std::string_view table) {
  const char* sql = connection.dialect() == SqlDialect::SQLite
                        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"
                        : "SELECT table_name FROM information_schema.tables "
                          "WHERE table_schema = DATABASE() AND table_name = ?";
  DbResult<DbRows> rows = connection.raw(sql, {std::string(table)});
  if (!rows) return DbError{rows.error()};
  return !rows->rows.empty();
}

DbResult<std::optional<std::int64_t>> tableVersion(DbConnection& connection,
                                                   std::string_view table) {
  DbResult<DbRows> rows = connection.query({.table = "version",
                                            .keys = {{"table_name", std::string(table)}},
                                            .columns = {"table_version"}});
  if (!rows) return DbError{rows.error()};
  if (rows->rows.empty()) return std::optional<std::int64_t>{};
  return asInt(rows->rows.front().front());
}

DbResult<bool> requireTableVersion(DbConnection& connection, std::string_view table,
                                   std::int64_t expected) {
  DbResult<std::optional<std::int64_t>> version = tableVersion(connection, table);
  if (!version) return DbError{version.error()};
  const std::string prefix =
      "db_url '" + connection.url().redacted() + "': table '" + std::string(table) + "' ";
  if (!version->has_value()) {
    return DbError{prefix + "has no row in 'version' (kemictl db init creates the tables)"};
  }
  if (*version.value() != expected) {
    return DbError{prefix + "has version " + std::to_string(*version.value()) + ", expected " +
                   std::to_string(expected) + " (Kamailio 5.6's schema; migrate the table)"};
  }
  return true;
}

DbResult<std::vector<SchemaOutcome>> createKamailioSchema(DbConnection& connection) {
  std::vector<SchemaOutcome> outcomes;
  for (const TableDef& table : kTables) {
    DbResult<bool> exists = tableExists(connection, table.name);
    if (!exists) return DbError{exists.error()};
    if (exists.value()) {
      // Left as it is, with the version it has (older tables stay older).
      DbResult<std::optional<std::int64_t>> version = tableVersion(connection, table.name);
      if (!version) return DbError{version.error()};
      outcomes.push_back({std::string(table.name), static_cast<int>(version->value_or(0)), false});
      continue;
    }
    for (const std::string& statement : createStatements(table, connection.dialect())) {
      DbResult<DbRows> done = connection.raw(statement);
      if (!done) return DbError{done.error()};
    }
    DbResult<std::uint64_t> recorded =
        connection.replace("version", {{"table_name", std::string(table.name)}},
                           {{"table_version", std::int64_t{table.version}}});
    if (!recorded) return DbError{recorded.error()};
    outcomes.push_back({std::string(table.name), table.version, true});
  }
  return outcomes;
}

}  // namespace kemid::db
