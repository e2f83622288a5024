#include "location_db.h"

#include <cmath>
#include <map>
#include <optional>

namespace kemid::usrloc {

namespace {

using db::DbField;
using db::DbKey;
using db::DbResult;
using db::DbValue;

// Kamailio writes an empty optional text (received, path, socket, instance)
// as NULL.
DbValue textOrNull(const std::string& text) {
  return text.empty() ? DbValue{} : DbValue{text};
}

// "user@domain" into its columns, as Kamailio splits it with use_domain: no
// '@' leaves the user empty and the whole AoR in domain.
std::pair<std::string, std::string> splitAor(std::string_view aor) {
  const auto at = aor.find('@');
  if (at == std::string_view::npos) return {"", std::string(aor)};
  return {std::string(aor.substr(0, at)), std::string(aor.substr(at + 1))};
}

// +sip.instance is kept as the Contact wrote it ("\"<urn:...>\""); Kamailio
// stores it without the quotes.
std::string unquoted(const std::string& instance) {
  if (instance.size() >= 2 && instance.front() == '"' && instance.back() == '"') {
    return instance.substr(1, instance.size() - 2);
  }
  return instance;
}

std::string quoted(const std::string& instance) {
  if (instance.empty() || instance.front() == '"') return instance;
  return '"' + instance + '"';
}

DbResult<std::uint64_t> firstCount(DbResult<db::DbRows> rows) {
  if (!rows) return db::DbError{rows.error()};
  if (rows->rows.empty() || rows->rows.front().empty()) return std::uint64_t{0};
  return static_cast<std::uint64_t>(db::asInt(rows->rows.front().front()).value_or(0));
}

}  // namespace

LocationDb::LocationDb(db::DbConnection& connection, std::string table, LocationDbOptions options)
    : connection_(connection), table_(std::move(table)), options_(std::move(options)) {}

std::vector<DbKey> LocationDb::aorKeys(std::string_view aor) const {
  const LocationColumns& c = options_.columns;
  if (!options_.useDomain) return {{c.user, std::string(aor)}};
  auto [user, domain] = splitAor(aor);
  return {{c.user, user}, {c.domain, domain}};
}

DbResult<std::uint64_t> LocationDb::write(std::string_view aor, const Binding& b) {
  const LocationColumns& c = options_.columns;
  std::string user(aor);
  std::vector<DbField> values;
  if (options_.useDomain) {
    auto split = splitAor(aor);
    user = split.first;
    values.push_back({c.domain, split.second});
  }
  values.insert(
      values.end(),
      {
          {c.user, user},
          {c.contact, b.contact},
          {c.expires, db::DbDateTime{static_cast<std::time_t>(b.expires)}},
          // q in thousandths; "not given" is -1.0, as Kamailio stores it.
          {c.q, b.q < 0 ? -1.0 : b.q / 1000.0},
          {c.callId, b.callId},
          {c.cseq, std::int64_t{b.cseq}},
          {c.flags, std::int64_t{b.flags}},
          {c.cflags, std::int64_t{b.cflags}},
          {c.userAgent, b.userAgent},
          {c.received, textOrNull(b.received)},
          {c.path, textOrNull(b.path)},
          {c.socket, textOrNull(b.socket)},
          // NULL stands for every method.
          {c.methods, b.methods == kAllMethods ? DbValue{} : DbValue{std::int64_t{b.methods}}},
          {c.lastModified, db::DbDateTime{static_cast<std::time_t>(b.lastModified)}},
          {c.instance, textOrNull(unquoted(b.instance))},
          {c.regId, std::int64_t{b.regId}},
          {c.serverId, std::int64_t{0}},
          // Kamailio's tcpconn_id: -1 for a contact not bound to a connection.
          {c.connectionId, std::int64_t{-1}},
          {c.keepalive, std::int64_t{(b.cflags & options_.natFlagMask) != 0 ? 1 : 0}},
          {c.partition, std::int64_t{0}},
      });
  return connection_.replace(table_, {{c.ruid, b.ruid}}, values);
}

DbResult<std::uint64_t> LocationDb::removeRuid(std::string_view ruid) {
  return connection_.remove(table_, {{options_.columns.ruid, std::string(ruid)}});
}

DbResult<std::uint64_t> LocationDb::removeAor(std::string_view aor) {
  return connection_.remove(table_, aorKeys(aor));
}

DbResult<std::uint64_t> LocationDb::removeAll() {
  return connection_.remove(table_, {});
}

DbResult<std::uint64_t> LocationDb::removeExpired(std::int64_t now) {
  const std::string& expires = options_.columns.expires;
  return connection_.remove(table_,
                            {{expires, db::DbDateTime{static_cast<std::time_t>(now)}, db::DbOp::Lt},
                             {expires, db::DbDateTime{0}, db::DbOp::Ne}});
}

std::vector<std::string> LocationDb::readColumns() const {
  const LocationColumns& c = options_.columns;
  std::vector<std::string> columns{
      c.user,    c.contact,      c.expires,   c.q,        c.callId, c.cseq,
      c.flags,   c.cflags,       c.userAgent, c.received, c.path,   c.socket,
      c.methods, c.lastModified, c.ruid,      c.instance, c.regId};
  if (options_.useDomain) columns.push_back(c.domain);
  return columns;
}

Binding LocationDb::readBinding(const db::DbRows& rows, const db::DbRow& row) const {
  const LocationColumns& c = options_.columns;
  auto value = [&](const std::string& column) -> const DbValue& {
    static const DbValue kNull;
    auto i = rows.columnIndex(column);
    return i ? row[*i] : kNull;
  };
  auto text = [&](const std::string& column) { return db::asString(value(column)).value_or(""); };
  auto number = [&](const std::string& column, std::int64_t fallback) {
    return db::asInt(value(column)).value_or(fallback);
  };
  Binding b;
  b.contact = text(c.contact);
  b.received = text(c.received);
  b.path = text(c.path);
  b.expires = db::asDateTime(value(c.expires)).value_or(db::DbDateTime{}).seconds;
  if (auto q = db::asDouble(value(c.q))) {
    b.q = static_cast<int>(std::lround(*q * 1000));
  }
  if (b.q < 0) b.q = -1;
  b.callId = text(c.callId);
  b.cseq = static_cast<std::uint32_t>(number(c.cseq, 0));
  b.flags = static_cast<std::uint32_t>(number(c.flags, 0));
  b.cflags = static_cast<std::uint32_t>(number(c.cflags, 0));
  b.userAgent = text(c.userAgent);
  b.socket = text(c.socket);
  b.methods = static_cast<std::uint32_t>(number(c.methods, kAllMethods));
  b.instance = quoted(text(c.instance));
  b.regId = static_cast<std::uint32_t>(number(c.regId, 0));
  b.ruid = text(c.ruid);
  b.lastModified = db::asDateTime(value(c.lastModified)).value_or(db::DbDateTime{}).seconds;
  return b;
}

std::string LocationDb::aorOf(const db::DbRows& rows, const db::DbRow& row) const {
  auto column = [&](const std::string& name) {
    auto i = rows.columnIndex(name);
    return i ? db::asString(row[*i]).value_or("") : std::string();
  };
  std::string aor = column(options_.columns.user);
  if (options_.useDomain) {
    const std::string domain = column(options_.columns.domain);
    if (!domain.empty()) aor = aor.empty() ? domain : aor + "@" + domain;
  }
  return aor;
}

DbResult<std::vector<Binding>> LocationDb::find(std::string_view aor) {
  auto rows = connection_.query({.table = table_, .keys = aorKeys(aor), .columns = readColumns()});
  if (!rows) return db::DbError{rows.error()};
  std::vector<Binding> bindings;
  for (const db::DbRow& row : rows->rows) bindings.push_back(readBinding(rows.value(), row));
  return bindings;
}

DbResult<std::vector<AorBindings>> LocationDb::loadAll() {
  auto rows = connection_.query({.table = table_, .columns = readColumns()});
  if (!rows) return db::DbError{rows.error()};
  std::map<std::string, std::vector<Binding>> byAor;
  for (const db::DbRow& row : rows->rows) {
    byAor[aorOf(rows.value(), row)].push_back(readBinding(rows.value(), row));
  }
  std::vector<AorBindings> all;
  for (auto& [aor, bindings] : byAor) all.push_back({aor, std::move(bindings)});
  return all;
}

DbResult<std::uint64_t> LocationDb::countAors() {
  const LocationColumns& c = options_.columns;
  if (connection_.dialect() == db::SqlDialect::None) {
    // No SQL to count with (db_redis): count the rows read back.
    auto all = loadAll();
    if (!all) return db::DbError{all.error()};
    return static_cast<std::uint64_t>(all->size());
  }
  if (!db::isPlainIdentifier(table_) || !db::isPlainIdentifier(c.user) ||
      !db::isPlainIdentifier(c.domain)) {
    return db::DbError{"usrloc: table or column name is not a plain identifier"};
  }
  const std::string columns =
      options_.useDomain ? "`" + c.user + "`, `" + c.domain + "`" : "`" + c.user + "`";
  return firstCount(connection_.raw("SELECT COUNT(*) FROM (SELECT DISTINCT " + columns + " FROM `" +
                                    table_ + "`) AS aors"));
}

DbResult<std::uint64_t> LocationDb::countRows() {
  if (connection_.dialect() == db::SqlDialect::None) {
    auto rows = connection_.query({.table = table_, .columns = {options_.columns.ruid}});
    if (!rows) return db::DbError{rows.error()};
    return static_cast<std::uint64_t>(rows->rows.size());
  }
  if (!db::isPlainIdentifier(table_)) {
    return db::DbError{"usrloc: table name is not a plain identifier"};
  }
  return firstCount(connection_.raw("SELECT COUNT(*) FROM `" + table_ + "`"));
}

}  // namespace kemid::usrloc
