#pragma once
// kamctl's subscriber commands on Kamailio's `subscriber` table: what
// auth_db reads (username, domain, password, ha1, ha1b).

#include <string>
#include <string_view>
#include <vector>

#include "db/db_connection.h"

namespace kemid::ctl {

struct Account {
  std::string user;
  std::string domain;
};

// "alice@example.com" read as user and domain; an error without both.
db::DbResult<Account> parseAccount(std::string_view text);

// As Kamailio computes them with the realm set to the domain:
// ha1 = MD5(user:realm:password), ha1b = MD5(user@domain:realm:password).
std::string computeHa1(std::string_view user, std::string_view realm, std::string_view password);
std::string computeHa1b(std::string_view user, std::string_view domain, std::string_view realm,
                        std::string_view password);

// Fails when the account exists already.
db::DbResult<bool> addSubscriber(db::DbConnection& conn, const Account& account,
                                 std::string_view password);
// Fails when there is no such account.
db::DbResult<bool> removeSubscriber(db::DbConnection& conn, const Account& account);
// Every account, ordered by domain then user.
db::DbResult<std::vector<Account>> listSubscribers(db::DbConnection& conn);

}  // namespace kemid::ctl
