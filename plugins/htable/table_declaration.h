#pragma once
// One `modparam("htable", "htable", "name=>size=..;autoexpire=..;...")`
// declaration, parsed as Kamailio reads it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kemid::htable {

struct TableDeclaration {
  std::string name;
  int sizeExponent = 4;                 // the table has 2^sizeExponent slots
  std::int64_t autoexpire = 0;          // seconds without update before an item goes; 0: never
  std::optional<std::int64_t> initval;  // the value of a missing key, when set
  bool updateexpire = true;             // an update restarts the item's autoexpire time
  std::string dbtable;
  int dbmode = 0;        // 1: written back to dbtable at stop
  int dmqreplicate = 0;  // accepted, no effect (no DMQ in kemid)
  // kemid's own: kept in the Redis of db_url for every kemid (redis_sharing.h).
  bool shared = false;
};

// The declaration, or nullopt with `error` saying what was expected.
std::optional<TableDeclaration> parseTableDeclaration(std::string_view text, std::string& error);

// For the modparam's checkString: empty when `text` parses.
std::string checkTableDeclaration(std::string_view text);

}  // namespace kemid::htable
