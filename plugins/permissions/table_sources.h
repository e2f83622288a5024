#pragma once
// Where permissions reads its tables from: Kamailio's address_file format,
// and the `address` and `trusted` tables of db_url.

#include <memory>
#include <string>
#include <string_view>

#include "address_table.h"
#include "db/db_connection.h"
#include "db/db_result.h"
#include "trusted_table.h"

namespace kemid::permissions {

// address_file: one record a line, "group address [mask [port [tag]]]",
// separated by blanks; '#' starts a comment. A line with a group only is an
// error, as in Kamailio.
db::DbResult<std::shared_ptr<const AddressTable>> parseAddressText(std::string_view text);
db::DbResult<std::shared_ptr<const AddressTable>> readAddressFile(const std::string& path);

struct AddressColumns {
  std::string table = "address";
  std::string group = "grp";
  std::string ipAddr = "ip_addr";
  std::string mask = "mask";
  std::string port = "port";
  std::string tag = "tag";
};

struct TrustedColumns {
  std::string table = "trusted";
  std::string source = "src_ip";
  std::string proto = "proto";
  std::string from = "from_pattern";
  std::string ruri = "ruri_pattern";
  std::string tag = "tag";
  std::string priority = "priority";
};

// The rows of the address table; any invalid row (group not above 0, null
// address, mask or port) fails the whole read, as in Kamailio.
db::DbResult<std::shared_ptr<const AddressTable>> readAddressTable(db::DbConnection& db,
                                                                   const AddressColumns& columns);
db::DbResult<std::shared_ptr<const TrustedTable>> readTrustedTable(db::DbConnection& db,
                                                                   const TrustedColumns& columns);

}  // namespace kemid::permissions
