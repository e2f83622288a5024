#include "db/db_registry.h"

#include "core/log.h"
#include "core/module_host.h"
#include "db/db.h"

namespace kemid::db {

namespace {

const Logger kLog("db");

}  // namespace

bool DbRegistry::add(std::string scheme, DbDriver& driver) {
  std::lock_guard lock(mutex_);
  return drivers_.emplace(std::move(scheme), &driver).second;
}

DbDriver* DbRegistry::find(std::string_view scheme) const {
  std::lock_guard lock(mutex_);
  auto it = drivers_.find(scheme);
  return it == drivers_.end() ? nullptr : it->second;
}

DbResult<std::unique_ptr<DbConnection>> DbRegistry::connect(std::string_view text) const {
  DbResult<DbUrl> url = DbUrl::parse(text);
  if (!url) return DbError{url.error()};
  DbDriver* driver = find(url->scheme);
  if (driver == nullptr) {
    return DbError{"db_url '" + url->redacted() + "': no database module for '" + url->scheme +
                   "://' is loaded (load db_" + url->scheme + ".so before the modules using it)"};
  }
  return driver->connect(url.value());
}

HookResult registerDriver(ModuleHost& host, std::string scheme, DbDriver& driver,
                          std::unique_ptr<DbRegistry>& owner) {
  std::string mismatch;
  DbRegistry* registry = host.findApi<DbRegistry>(&mismatch);
  if (registry == nullptr) {
    if (!mismatch.empty()) return HookResult::failure(mismatch);
    owner = std::make_unique<DbRegistry>();
    registry = owner.get();
    host.publishApi<DbRegistry>(*registry);
  }
  if (!registry->add(scheme, driver)) {
    return HookResult::failure("another module already serves db_url scheme '" + scheme + "://'");
  }
  return HookResult::success();
}

DbResult<std::unique_ptr<DbConnection>> connect(ModuleHost& host, std::string_view url) {
  // With no driver module loaded there is no registry: an empty one gives
  // the same "load db_x.so" error.
  static const DbRegistry kNoDrivers;
  const DbRegistry* registry = host.findApi<DbRegistry>();
  DbResult<std::unique_ptr<DbConnection>> result = (registry ? *registry : kNoDrivers).connect(url);
  if (!result) kLog.err(result.error());
  return result;
}

}  // namespace kemid::db
