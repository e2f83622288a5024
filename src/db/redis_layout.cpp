#include "db/redis_layout.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "db/db_connection.h"
#include "db/kamailio_schema.h"

namespace kemid::db_redis {

namespace {

using db::DbError;
using db::DbResult;
using db::DbValue;

// Kamailio's own examples, so that its configs work without `keys`.
constexpr std::string_view kDefaultKeys =
    "version=entry:table_name;"
    "location=entry:ruid&usrdom:username,domain&user:username&timer:partition,keepalive;"
    "subscriber=entry:username,domain";

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

DbResult<KeyColumns> parseKeyColumns(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return DbError{"'" + std::string(text) + "': expected <name>:<column>[,<column>...]"};
  }
  KeyColumns key{trimmed(text.substr(0, colon)), {}};
  for (const std::string& column : split(text.substr(colon + 1), ',')) {
    key.columns.push_back(trimmed(column));
  }
  if (!db::isPlainIdentifier(key.name)) return DbError{"'" + std::string(text) + "': bad key name"};
  for (const std::string& column : key.columns) {
    if (!db::isPlainIdentifier(column))
      return DbError{"'" + std::string(text) + "': bad column name"};
  }
  return key;
}

// "<prefix><v1>:<v2>..." from the values of `columns`, or nullopt when one
// is missing.
template <class Find>
std::optional<std::string> keyOf(std::string prefix, const std::vector<std::string>& columns,
                                 Find find) {
  bool first = true;
  for (const std::string& column : columns) {
    const std::string* value = find(column);
    if (value == nullptr) return std::nullopt;
    if (!first) prefix += ':';
    prefix += *value;
    first = false;
  }
  return prefix;
}

const std::string* field(const StoredRow& row, const std::string& column) {
  auto it = row.find(column);
  return it == row.end() ? nullptr : &it->second;
}

std::optional<std::int64_t> readInt(std::string_view text) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

std::optional<double> readDouble(const std::string& text) {
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
  return d;
}

// -1, 0, 1 as a <=> b; nullopt when `stored` does not read as the key's type.
std::optional<int> compareAs(const std::string& stored, const DbValue& key) {
  auto order = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
  if (const auto* v = std::get_if<std::string>(&key)) return order(stored, *v);
  if (const auto* v = std::get_if<std::int64_t>(&key)) {
    if (auto n = readInt(stored)) return order(*n, *v);
    if (auto d = readDouble(stored)) return order(*d, static_cast<double>(*v));
    return std::nullopt;
  }
  if (const auto* v = std::get_if<double>(&key)) {
    if (auto d = readDouble(stored)) return order(*d, *v);
    return std::nullopt;
  }
  if (const auto* v = std::get_if<db::DbDateTime>(&key)) {
    if (auto t = db::parseDateTime(stored)) return order(t->seconds, v->seconds);
    if (auto n = readInt(stored)) return order(static_cast<std::time_t>(*n), v->seconds);
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

RedisLayout::RedisLayout() {
  (void)addKeys(kDefaultKeys);
}

DbResult<bool> RedisLayout::addKeys(std::string_view text) {
  std::map<std::string, TableKeys, std::less<>> parsed;
  for (const std::string& definition : split(text, ';')) {
    if (trimmed(definition).empty()) continue;
    const auto equals = definition.find('=');
    if (equals == std::string::npos) {
      return DbError{"keys '" + definition + "': expected <table>=entry:<column>,..."};
    }
    const std::string table = trimmed(std::string_view(definition).substr(0, equals));
    if (!db::isPlainIdentifier(table)) return DbError{"keys '" + definition + "': bad table name"};
    TableKeys keys;
    bool haveEntry = false;
    for (const std::string& part : split(definition.substr(equals + 1), '&')) {
      DbResult<KeyColumns> key = parseKeyColumns(part);
      if (!key) return DbError{"keys '" + definition + "': " + key.error()};
      if (key->name == "entry") {
        keys.entry = std::move(key.value());
        haveEntry = true;
      } else {
        keys.mappings.push_back(std::move(key.value()));
      }
    }
    if (!haveEntry) return DbError{"keys '" + definition + "': no entry:<columns> for " + table};
    parsed[table] = std::move(keys);
  }
  for (auto& [table, keys] : parsed) tables_[table] = std::move(keys);
  return true;
}

const TableKeys* RedisLayout::keysOf(std::string_view table) const {
  auto it = tables_.find(table);
  return it == tables_.end() ? nullptr : &it->second;
}

std::optional<std::string> RedisLayout::entryKey(std::string_view table,
                                                 const StoredRow& row) const {
  const TableKeys* keys = keysOf(table);
  if (keys == nullptr) return std::nullopt;
  return keyOf(std::string(table) + ":entry::", keys->entry.columns,
               [&](const std::string& column) { return field(row, column); });
}

std::vector<RedisLayout::MappingKey> RedisLayout::mappingKeys(std::string_view table,
                                                              const StoredRow& row) const {
  std::vector<MappingKey> sets;
  const TableKeys* keys = keysOf(table);
  if (keys == nullptr) return sets;
  for (const KeyColumns& mapping : keys->mappings) {
    auto set = keyOf(std::string(table) + ":" + mapping.name + "::", mapping.columns,
                     [&](const std::string& column) { return field(row, column); });
    if (set) sets.push_back({*set, std::string(table) + "::index::" + mapping.name});
  }
  return sets;
}

std::optional<RedisLayout::Lookup> RedisLayout::lookup(std::string_view table,
                                                       const StoredRow& equal) const {
  if (auto entry = entryKey(table, equal)) return Lookup{*entry, true};
  std::vector<MappingKey> sets = mappingKeys(table, equal);
  if (sets.empty()) return std::nullopt;
  return Lookup{sets.front().set, false};
}

std::string RedisLayout::entryPattern(std::string_view table) {
  return std::string(table) + ":entry::*";
}

std::optional<std::string> encode(const DbValue& value) {
  if (std::holds_alternative<db::DbNull>(value)) return std::nullopt;
  if (const auto* v = std::get_if<double>(&value)) {
    char text[64];
    std::snprintf(text, sizeof text, "%.6f", *v);
    return std::string(text);
  }
  return db::toText(value);
}

DbValue decode(std::string_view table, std::string_view column, const std::string& text) {
  const db::TableDef* schema = db::findTable(table);
  if (schema == nullptr) return text;
  for (const db::ColumnDef& def : schema->columns) {
    if (def.name != column) continue;
    switch (def.type) {
      case db::ColumnType::Serial:
      case db::ColumnType::Int:
      case db::ColumnType::UInt:
      case db::ColumnType::UInt11:
      case db::ColumnType::SmallUInt:
        if (auto n = readInt(text)) return *n;
        return text;
      case db::ColumnType::Float:
        if (auto d = readDouble(text)) return *d;
        return text;
      case db::ColumnType::DateTime:
        if (auto t = db::parseDateTime(text)) return *t;
        if (auto n = readInt(text)) return db::DbDateTime{static_cast<std::time_t>(*n)};
        return text;
      case db::ColumnType::String:
        return text;
    }
  }
  return text;
}

bool matches(const std::optional<std::string>& stored, const db::DbKey& key) {
  const bool nullKey = std::holds_alternative<db::DbNull>(key.value);
  if (nullKey && key.op == db::DbOp::Eq) return !stored.has_value();
  if (nullKey && key.op == db::DbOp::Ne) return stored.has_value();
  if (!stored || nullKey) return false;  // SQL: a comparison with NULL is not true
  const std::optional<int> order = compareAs(*stored, key.value);
  if (!order) return false;
  switch (key.op) {
    case db::DbOp::Eq:
      return *order == 0;
    case db::DbOp::Ne:
      return *order != 0;
    case db::DbOp::Lt:
      return *order < 0;
    case db::DbOp::Le:
      return *order <= 0;
    case db::DbOp::Gt:
      return *order > 0;
    case db::DbOp::Ge:
      return *order >= 0;
  }
  return false;
}

bool storedLess(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a || !b) return !a && b;
  const auto x = readDouble(*a);
  const auto y = readDouble(*b);
  if (x && y) return *x < *y;
  if (auto t = db::parseDateTime(*a)) {
    if (auto u = db::parseDateTime(*b)) return t->seconds < u->seconds;
  }
  return *a < *b;
}

}  // namespace kemid::db_redis
