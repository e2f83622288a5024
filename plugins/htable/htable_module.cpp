#include "htable_module.h"

#include <chrono>

#include "core/event_route.h"
#include "core/log.h"
#include "core/thread_name.h"
#include "db/db.h"
#include "expired_event.h"
#include "redis_sharing.h"

namespace kemid::htable {
namespace {
constexpr Logger kLog{"htable"};
}  // namespace

HtableModule::HtableModule(std::vector<TableDeclaration> tables, HashTable::Clock clock,
                           int timerIntervalSeconds)
    : timerIntervalSeconds_(timerIntervalSeconds) {
  // Names are unique (checked at init); Kamailio lists the last declared first.
  for (TableDeclaration& decl : tables) {
    std::string name = decl.name;
    auto table = std::make_unique<HashTable>(std::move(decl), clock);
    listed_.insert(listed_.begin(), table.get());
    tables_.emplace(std::move(name), std::move(table));
  }
}

HtableModule::~HtableModule() {
  stopTimer();
}

HashTable* HtableModule::table(std::string_view name) {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second.get();
}

void HtableModule::startTimer() {
  if (timerIntervalSeconds_ <= 0 || timer_.joinable()) return;
  timer_ = std::thread([this] {
    nameThisThread("htable-timer");
    std::unique_lock guard(timerLock_);
    const auto interval = std::chrono::seconds(timerIntervalSeconds_);
    while (!timerWake_.wait_for(guard, interval, [this] { return stopping_; })) {
      guard.unlock();
      for (HashTable* t : listed_) {
        std::vector<Item> expired = t->removeExpired();
        if (host_ != nullptr && !eventCallback_.empty()) {
          announceExpired(*host_, eventCallback_, *t, expired);
        }
      }
      guard.lock();
    }
  });
}

void HtableModule::stopTimer() {
  {
    std::lock_guard guard(timerLock_);
    stopping_ = true;
  }
  timerWake_.notify_all();
  if (timer_.joinable()) timer_.join();
}

void HtableModule::setDatabase(std::unique_ptr<db::DbConnection> database, HtableColumns columns) {
  database_ = std::move(database);
  columns_ = std::move(columns);
}

bool HtableModule::load(HashTable& table, std::string& error) {
  const TableDeclaration& decl = table.declaration();
  if (decl.dbtable.empty()) return true;
  if (database_ == nullptr) {
    error = "no db_url for table " + decl.name;
    return false;
  }
  db::DbResult<db::DbRows> rows = [&] {
    std::lock_guard guard(databaseLock_);
    return database_->query({.table = decl.dbtable,
                             .columns = {columns_.keyName, columns_.keyType, columns_.valueType,
                                         columns_.keyValue, columns_.expires}});
  }();
  if (!rows) {
    error = "cannot load table " + decl.name + " from " + decl.dbtable + ": " + rows.error();
    return false;
  }
  const std::int64_t now = table.now();
  std::map<std::string, std::int64_t> arraySizes;
  for (const db::DbRow& row : rows->rows) {
    const auto name = db::asString(row[0]);
    const std::int64_t expires = db::asInt(row[4]).value_or(0);
    if (!name || (expires != 0 && expires <= now)) continue;
    const std::string text = db::asString(row[3]).value_or("");
    Value value = Value::string(text);
    if (db::asInt(row[2]).value_or(0) == 1) value = Value::integer(db::asInt(row[3]).value_or(0));
    std::string key = *name;
    // key_type 1: an array, one row per element: name[0], name[1]... and name::size.
    if (db::asInt(row[1]).value_or(0) == 1) {
      key = *name + "[" + std::to_string(arraySizes[*name]++) + "]";
    }
    table.set(key, value, expires != 0 ? expires - now : 0);
  }
  for (const auto& [name, size] : arraySizes) table.set(name + "::size", Value::integer(size));
  kLog.info("table ", decl.name, ": ", rows->rows.size(), " rows loaded from ", decl.dbtable);
  return true;
}

bool HtableModule::store(HashTable& table, std::string& error) {
  const TableDeclaration& decl = table.declaration();
  if (decl.dbtable.empty() || database_ == nullptr) {
    error = "table " + decl.name + " has no dbtable or no db_url";
    return false;
  }
  std::lock_guard guard(databaseLock_);
  if (auto removed = database_->remove(decl.dbtable, {}); !removed) {
    error = "cannot empty " + decl.dbtable + ": " + removed.error();
    return false;
  }
  for (std::size_t slot = 0; slot < table.slotCount(); ++slot) {
    for (const Item& item : table.slotItems(slot)) {
      const bool isInt = item.value.isInt();
      auto inserted =
          database_->insert(decl.dbtable, {{columns_.keyName, item.name},
                                           {columns_.keyType, std::int64_t{0}},
                                           {columns_.valueType, std::int64_t{isInt ? 1 : 0}},
                                           {columns_.keyValue, item.value.toText()},
                                           {columns_.expires, item.expires}});
      if (!inserted) {
        error = "cannot write " + item.name + " to " + decl.dbtable + ": " + inserted.error();
        return false;
      }
    }
  }
  return true;
}

void HtableModule::storeAll() {
  for (HashTable* t : listed_) {
    if (t->declaration().dbmode != 1 || t->declaration().dbtable.empty()) continue;
    std::string error;
    if (!store(*t, error)) kLog.err(error);
  }
}

bool HtableModule::shareTables(const std::string& url, std::string& error) {
  std::vector<HashTable*> shared;
  for (HashTable* t : listed_) {
    if (t->declaration().shared) shared.push_back(t);
  }
  if (shared.empty()) return true;
  auto parsed = db::DbUrl::parse(url);
  if (url.empty() || !parsed || parsed->scheme != "redis") {
    error = "table " + shared.front()->name() +
            " is shared=1: htable's db_url must be a redis:// URL, got '" + url + "'";
    return false;
  }
  sharing_ = std::make_unique<RedisSharing>(std::move(parsed.value()), shared);
  if (!sharing_->start(error)) {
    error = "cannot read the shared tables: " + error;
    sharing_.reset();
    return false;
  }
  for (HashTable* t : shared) t->setObserver(sharing_.get());
  return true;
}

void HtableModule::stopSharing() {
  if (sharing_) sharing_->stop();
}

void HtableModule::setEventCallback(ModuleHost& host, std::string function) {
  host_ = &host;
  eventCallback_ = std::move(function);
}

void HtableModule::runModInitEvent() {
  if (host_ != nullptr && !eventCallback_.empty()) {
    runEventCallback(*host_, eventCallback_, "htable:mod-init");
  }
}

}  // namespace kemid::htable
