#pragma once
// How db_redis lays a table out in Redis, after Kamailio's db_redis (set
// mapping mode): each row is a hash "<table>:entry::<v1>:<v2>..." named by
// the values of the table's entry columns; each mapping ("usrdom" on
// username,domain) keeps a set "<table>:<mapping>::<v1>:<v2>..." of the entry
// keys of the rows with those values, and "<table>::index::<mapping>" lists
// those sets. Values are stored as text as Kamailio writes them.
// docs/database.md describes the layout.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db_result.h"
#include "db/db_value.h"

namespace kemid::db_redis {

// A named group of columns whose values name a key.
struct KeyColumns {
  std::string name;  // "entry", "usrdom", ...
  std::vector<std::string> columns;
};

struct TableKeys {
  KeyColumns entry;
  std::vector<KeyColumns> mappings;
};

// A row as Redis keeps it: column -> stored text (null columns absent).
using StoredRow = std::map<std::string, std::string, std::less<>>;

class RedisLayout {
 public:
  // Kamailio's usrloc layout (location=entry:ruid&usrdom:username,domain
  // &user:username&timer:partition,keepalive) until `keys` sets another.
  RedisLayout();

  // One `keys` modparam: "<table>=entry:<col>[,<col>...][&<map>:<col>,...]"
  // definitions separated by ';'. A table defined again replaces its
  // earlier definition (the default one included).
  db::DbResult<bool> addKeys(std::string_view text);

  const TableKeys* keysOf(std::string_view table) const;

  // "<table>:entry::<values>", or nullopt when `row` lacks an entry column
  // or the table has no keys.
  std::optional<std::string> entryKey(std::string_view table, const StoredRow& row) const;

  struct MappingKey {
    std::string set;    // "<table>:<map>::<values>"
    std::string index;  // "<table>::index::<map>"
  };
  // The mapping sets `row` belongs to (those whose columns it all has).
  std::vector<MappingKey> mappingKeys(std::string_view table, const StoredRow& row) const;

  // The key that holds exactly the rows `equal` (column -> text) can match:
  // the entry hash when every entry column is there, else the first mapping
  // set whose columns all are; nullopt when none fits (a table scan).
  struct Lookup {
    std::string key;
    bool isEntry = false;
  };
  std::optional<Lookup> lookup(std::string_view table, const StoredRow& equal) const;

  // The SCAN pattern matching every entry hash of `table`.
  static std::string entryPattern(std::string_view table);

 private:
  std::map<std::string, TableKeys, std::less<>> tables_;
};

// A value as db_redis stores it: integers in decimal, doubles with six
// decimals, datetimes as local 'YYYY-MM-DD HH:MM:SS'; nullopt for null.
std::optional<std::string> encode(const db::DbValue& value);

// A stored text read back as `table`.`column`'s type in Kamailio's schema
// (db/kamailio_schema.h), or as text for columns it does not know.
db::DbValue decode(std::string_view table, std::string_view column, const std::string& text);

// Whether the stored column (nullopt: absent, SQL NULL) satisfies `key`,
// compared as the type of the key's value.
bool matches(const std::optional<std::string>& stored, const db::DbKey& key);

// Orders two stored values of a column (for ORDER BY): numerically when
// both read as numbers, as text otherwise; absent first.
bool storedLess(const std::optional<std::string>& a, const std::optional<std::string>& b);

}  // namespace kemid::db_redis
