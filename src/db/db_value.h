#pragma once
// The values that go into and come out of a table, typed as Kamailio's
// database API types them (int, double, string, datetime, null).

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kemid::db {

// A DATETIME column: seconds since the epoch. Kamailio writes these as the
// server's local time, 'YYYY-MM-DD HH:MM:SS'; so does kemid, so that either
// reads what the other wrote.
struct DbDateTime {
  std::time_t seconds = 0;
  bool operator==(const DbDateTime&) const = default;
};

using DbNull = std::monostate;
using DbValue = std::variant<DbNull, std::int64_t, double, std::string, DbDateTime>;

// 'YYYY-MM-DD HH:MM:SS' in local time, and back (nullopt when malformed).
std::string formatDateTime(DbDateTime value);
std::optional<DbDateTime> parseDateTime(std::string_view text);

// The value as text for logs and kemictl ("NULL" for null).
std::string toText(const DbValue& value);

// A value of a result row read as the type a caller expects, with the
// conversions Kamailio's modules rely on (an integer column read as text, a
// number stored in a text column); nullopt for null or an impossible read.
std::optional<std::int64_t> asInt(const DbValue& value);
std::optional<double> asDouble(const DbValue& value);
std::optional<std::string> asString(const DbValue& value);
std::optional<DbDateTime> asDateTime(const DbValue& value);

// How a key column is compared with its value (Kamailio's db ops).
enum class DbOp { Eq, Ne, Lt, Le, Gt, Ge };

// A condition of a WHERE clause: `column op value`; Eq/Ne with null mean
// IS NULL / IS NOT NULL. Several keys are ANDed.
struct DbKey {
  std::string column;
  DbValue value;
  DbOp op = DbOp::Eq;
};

// A column and the value written to it.
struct DbField {
  std::string column;
  DbValue value;
};

using DbRow = std::vector<DbValue>;

// A query's answer: the column names, then the rows in that column order.
struct DbRows {
  std::vector<std::string> columns;
  std::vector<DbRow> rows;

  // The index of `column` in each row, or nullopt.
  std::optional<std::size_t> columnIndex(std::string_view column) const;
};

}  // namespace kemid::db
