#pragma once
// A location table's rows in the database, in Kamailio's `location` schema
// (version 9): how a Binding is written and read back, by the column names
// usrloc's *_column parameters give. Every call goes to the database and
// takes no usrloc lock; errors come back as DbResult (the caller logs).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "binding.h"
#include "db/db.h"
#include "location_table.h"

namespace kemid::usrloc {

// Kamailio's usrloc column parameters and their defaults.
struct LocationColumns {
  std::string user = "username";
  std::string domain = "domain";
  std::string contact = "contact";
  std::string expires = "expires";
  std::string q = "q";
  std::string callId = "callid";
  std::string cseq = "cseq";
  std::string methods = "methods";
  std::string flags = "flags";
  std::string cflags = "cflags";
  std::string userAgent = "user_agent";
  std::string received = "received";
  std::string path = "path";
  std::string socket = "socket";
  std::string ruid = "ruid";
  std::string regId = "reg_id";
  std::string instance = "instance";
  std::string serverId = "server_id";
  std::string connectionId = "connection_id";
  std::string keepalive = "keepalive";
  std::string partition = "partition";
  std::string lastModified = "last_modified";  // no parameter in Kamailio either
};

struct LocationDbOptions {
  LocationColumns columns = {};
  bool useDomain = false;         // the domain column is written and read
  std::uint32_t natFlagMask = 0;  // keepalive is 1 for contacts with it
};

class LocationDb {
 public:
  LocationDb(db::DbConnection& connection, std::string table, LocationDbOptions options);

  // The row of `binding` (found by its ruid) gets the binding's values;
  // inserted when there is none.
  db::DbResult<std::uint64_t> write(std::string_view aor, const Binding& binding);
  db::DbResult<std::uint64_t> removeRuid(std::string_view ruid);
  db::DbResult<std::uint64_t> removeAor(std::string_view aor);
  db::DbResult<std::uint64_t> removeAll();
  // Rows expired before `now` (permanent ones, expires 0, stay), as
  // Kamailio's timer deletes them.
  db::DbResult<std::uint64_t> removeExpired(std::int64_t now);

  // The bindings of `aor`, expired ones included, in no particular order.
  db::DbResult<std::vector<Binding>> find(std::string_view aor);
  // Every row, grouped by AoR.
  db::DbResult<std::vector<AorBindings>> loadAll();
  // Distinct AoRs and rows (SQL COUNT, or the rows read back when the
  // database has no SQL: db_redis).
  db::DbResult<std::uint64_t> countAors();
  db::DbResult<std::uint64_t> countRows();

  const std::string& table() const { return table_; }

 private:
  std::vector<db::DbKey> aorKeys(std::string_view aor) const;
  std::vector<std::string> readColumns() const;
  Binding readBinding(const db::DbRows& rows, const db::DbRow& row) const;
  std::string aorOf(const db::DbRows& rows, const db::DbRow& row) const;

  db::DbConnection& connection_;
  std::string table_;
  LocationDbOptions options_;
};

}  // namespace kemid::usrloc
