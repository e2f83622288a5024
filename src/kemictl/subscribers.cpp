#include "kemictl/subscribers.h"

#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>

#include <algorithm>
#include <tuple>

namespace kemid::ctl {

namespace {

std::string md5Hex(std::string_view text) {
  Poco::MD5Engine md5;
  md5.update(text.data(), text.size());
  return Poco::DigestEngine::digestToHex(md5.digest());
}

std::string accountText(const Account& account) {
  return account.user + "@" + account.domain;
}

std::vector<db::DbKey> accountKeys(const Account& account) {
  return {{"username", account.user}, {"domain", account.domain}};
}

}  // namespace

db::DbResult<Account> parseAccount(std::string_view text) {
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == text.size()) {
    return db::DbError{"'" + std::string(text) + "' is not USER@DOMAIN"};
  }
  return Account{std::string(text.substr(0, at)), std::string(text.substr(at + 1))};
}

std::string computeHa1(std::string_view user, std::string_view realm, std::string_view password) {
  return md5Hex(std::string(user) + ":" + std::string(realm) + ":" + std::string(password));
}

std::string computeHa1b(std::string_view user, std::string_view domain, std::string_view realm,
                        std::string_view password) {
  return md5Hex(std::string(user) + "@" + std::string(domain) + ":" + std::string(realm) + ":" +
                std::string(password));
}

db::DbResult<bool> addSubscriber(db::DbConnection& conn, const Account& account,
                                 std::string_view password) {
  auto existing =
      conn.query({.table = "subscriber", .keys = accountKeys(account), .columns = {"id"}});
  if (!existing) return db::DbError{existing.error()};
  if (!existing->rows.empty()) {
    return db::DbError{"subscriber " + accountText(account) + " already exists"};
  }
  const std::string& realm = account.domain;
  auto inserted = conn.insert(
      "subscriber", {{"username", account.user},
                     {"domain", account.domain},
                     {"password", std::string(password)},
                     {"ha1", computeHa1(account.user, realm, password)},
                     {"ha1b", computeHa1b(account.user, account.domain, realm, password)}});
  if (!inserted) return db::DbError{inserted.error()};
  return true;
}

db::DbResult<bool> removeSubscriber(db::DbConnection& conn, const Account& account) {
  auto removed = conn.remove("subscriber", accountKeys(account));
  if (!removed) return db::DbError{removed.error()};
  if (removed.value() == 0) return db::DbError{"no subscriber " + accountText(account)};
  return true;
}

db::DbResult<std::vector<Account>> listSubscribers(db::DbConnection& conn) {
  auto rows = conn.query({.table = "subscriber", .columns = {"username", "domain"}});
  if (!rows) return db::DbError{rows.error()};
  std::vector<Account> accounts;
  for (const db::DbRow& row : rows->rows) {
    accounts.push_back({db::asString(row[0]).value_or(""), db::asString(row[1]).value_or("")});
  }
  std::sort(accounts.begin(), accounts.end(), [](const Account& a, const Account& b) {
    return std::tie(a.domain, a.user) < std::tie(b.domain, b.user);
  });
  return accounts;
}

}  // namespace kemid::ctl
