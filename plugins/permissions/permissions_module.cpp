#include "permissions_module.h"

#include "db/db.h"

namespace kemid::permissions {

PermissionsModule::PermissionsModule(PermissionsSettings settings, ModuleHost& host)
    : settings_(std::move(settings)), host_(host) {}

std::optional<std::string> PermissionsModule::reloadAddresses() {
  std::lock_guard guard(reloading_);
  if (!settings_.addressFile.empty()) {
    auto table = readAddressFile(settings_.addressFile);
    if (!table) return table.error();
    addresses_.store(table.value());
    return std::nullopt;
  }
  if (settings_.dbUrl.empty()) return "db_url not set";
  auto db = db::connect(host_, settings_.dbUrl);
  if (!db) return db.error();
  auto table = readAddressTable(*db.value(), settings_.address);
  if (!table) return table.error();
  addresses_.store(table.value());
  return std::nullopt;
}

std::optional<std::string> PermissionsModule::reloadTrusted() {
  std::lock_guard guard(reloading_);
  if (settings_.dbUrl.empty()) return "db_url not set";
  auto db = db::connect(host_, settings_.dbUrl);
  if (!db) return db.error();
  auto table = readTrustedTable(*db.value(), settings_.trusted);
  if (!table) return table.error();
  trusted_.store(table.value());
  return std::nullopt;
}

bool PermissionsModule::admitRpcReload(std::int64_t now) {
  std::int64_t last = lastRpcReload_.load();
  do {
    if (last != 0 && last > now - settings_.reloadDelta) return false;
  } while (!lastRpcReload_.compare_exchange_weak(last, now));
  return true;
}

}  // namespace kemid::permissions
