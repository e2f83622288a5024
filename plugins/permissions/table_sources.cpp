#include "table_sources.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "db/db_value.h"

namespace kemid::permissions {
namespace {

bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void skipBlanks(std::string_view line, std::size_t& at) {
  while (at < line.size() && isBlank(line[at])) ++at;
}

bool atEndOfData(std::string_view line, std::size_t at) {
  return at >= line.size() || line[at] == '#';
}

// Digits only, as Kamailio reads them (none reads as 0).
std::uint32_t number(std::string_view line, std::size_t& at) {
  std::uint32_t value = 0;
  while (at < line.size() && std::isdigit(static_cast<unsigned char>(line[at]))) {
    value = value * 10 + static_cast<std::uint32_t>(line[at] - '0');
    ++at;
  }
  return value;
}

std::string_view word(std::string_view line, std::size_t& at) {
  const std::size_t start = at;
  while (at < line.size() && !isBlank(line[at]) && line[at] != '#') ++at;
  return line.substr(start, at - start);
}

std::optional<std::string> optionalText(const db::DbValue& value) {
  if (std::holds_alternative<db::DbNull>(value)) return std::nullopt;
  return db::asString(value);
}

db::DbResult<db::DbRows> selectAll(db::DbConnection& db, const std::string& table,
                                   std::vector<std::string> columns) {
  return db.query({.table = table, .columns = std::move(columns)});
}

}  // namespace

db::DbResult<std::shared_ptr<const AddressTable>> parseAddressText(std::string_view text) {
  auto table = std::make_shared<AddressTable>();
  std::size_t lineNumber = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++lineNumber;

    std::size_t at = 0;
    skipBlanks(line, at);
    if (atEndOfData(line, at)) continue;
    const std::uint32_t group = number(line, at);
    skipBlanks(line, at);
    if (atEndOfData(line, at)) {
      return db::DbError{"line " + std::to_string(lineNumber) + ": no address"};
    }
    const std::string_view address = word(line, at);
    std::uint32_t mask = 0;
    std::uint32_t port = 0;
    std::optional<std::string> tag;
    skipBlanks(line, at);
    if (!atEndOfData(line, at)) {
      mask = number(line, at);
      skipBlanks(line, at);
      if (!atEndOfData(line, at)) {
        port = number(line, at);
        skipBlanks(line, at);
        if (!atEndOfData(line, at)) tag = std::string(word(line, at));
      }
    }
    std::string error;
    if (!table->add(group, address, mask, port, std::move(tag), error)) {
      return db::DbError{"line " + std::to_string(lineNumber) + ": " + error};
    }
  }
  return std::shared_ptr<const AddressTable>(std::move(table));
}

db::DbResult<std::shared_ptr<const AddressTable>> readAddressFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return db::DbError{"can't open list file [" + path + "]"};
  std::ostringstream text;
  text << in.rdbuf();
  auto table = parseAddressText(text.str());
  if (!table) return db::DbError{path + ", " + table.error()};
  return table;
}

db::DbResult<std::shared_ptr<const AddressTable>> readAddressTable(db::DbConnection& db,
                                                                   const AddressColumns& c) {
  auto rows = selectAll(db, c.table, {c.group, c.ipAddr, c.mask, c.port, c.tag});
  if (!rows) return db::DbError{rows.error()};
  auto table = std::make_shared<AddressTable>();
  for (const db::DbRow& row : rows.value().rows) {
    const auto group = db::asInt(row[0]);
    const auto address = db::asString(row[1]);
    const auto mask = db::asInt(row[2]);
    const auto port = db::asInt(row[3]);
    if (!group || *group <= 0 || !address || !mask || !port) {
      return db::DbError{"database problem - invalid record"};
    }
    std::string error;
    if (!table->add(static_cast<std::uint32_t>(*group), *address, static_cast<std::uint32_t>(*mask),
                    static_cast<std::uint32_t>(*port), optionalText(row[4]), error)) {
      return db::DbError{"database problem - invalid record: " + error};
    }
  }
  return std::shared_ptr<const AddressTable>(std::move(table));
}

db::DbResult<std::shared_ptr<const TrustedTable>> readTrustedTable(db::DbConnection& db,
                                                                   const TrustedColumns& c) {
  auto rows = selectAll(db, c.table, {c.source, c.proto, c.from, c.ruri, c.tag, c.priority});
  if (!rows) return db::DbError{rows.error()};
  auto table = std::make_shared<TrustedTable>();
  for (const db::DbRow& row : rows.value().rows) {
    const auto source = db::asString(row[0]);
    const auto proto = db::asString(row[1]);
    if (!source || !proto) return db::DbError{"database problem - invalid record"};
    TrustedEntry entry{.sourceIp = *source,
                       .proto = *proto,
                       .fromPattern = optionalText(row[2]),
                       .ruriPattern = optionalText(row[3]),
                       .tag = optionalText(row[4]),
                       .priority = db::asInt(row[5]).value_or(0)};
    std::string error;
    if (!table->add(std::move(entry), error)) return db::DbError{error};
  }
  return std::shared_ptr<const TrustedTable>(std::move(table));
}

}  // namespace kemid::permissions
