#pragma once
// htable's runtime state: the declared tables (fixed after init, so finding
// one takes no lock), the timer that removes expired items, and the
// database a table with dbtable is loaded from and saved to.

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/module_abi.h"
#include "hash_table.h"
#include "table_declaration.h"

namespace kemid::db {
class DbConnection;
}

namespace kemid::htable {

class RedisSharing;

// The columns of Kamailio's htable table (module parameters *_column).
struct HtableColumns {
  std::string keyName = "key_name";
  std::string keyType = "key_type";
  std::string valueType = "value_type";
  std::string keyValue = "key_value";
  std::string expires = "expires";
};

class HtableModule final : public ModuleState {
 public:
  HtableModule(std::vector<TableDeclaration> tables, HashTable::Clock clock,
               int timerIntervalSeconds);
  ~HtableModule() override;

  HashTable* table(std::string_view name);
  // In declaration order reversed, as Kamailio lists them (htable.listTables).
  const std::vector<HashTable*>& tables() const { return listed_; }

  void startTimer();
  void stopTimer();

  // The database of db_url (null without one) and its columns.
  void setDatabase(std::unique_ptr<db::DbConnection> database, HtableColumns columns);
  bool hasDatabase() const { return database_ != nullptr; }
  // Loads `table` from its dbtable (at start, htable.reload); false, with
  // `error`, when it cannot be read. A table without dbtable loads nothing.
  bool load(HashTable& table, std::string& error);
  // Writes `table` to its dbtable (dbmode=1 at stop, htable.store).
  bool store(HashTable& table, std::string& error);
  // Every dbmode=1 table saved (shutdown).
  void storeAll();

  // modparam event_callback: the script function run once, before the first
  // message, with "htable:mod-init" (to fill tables from the script), and
  // by the timer for each expired item (expired_event.h).
  void setEventCallback(ModuleHost& host, std::string function);
  void runModInitEvent();

  // The tables declared shared=1 read from and kept in the Redis of `url`
  // (redis_sharing.h); false, with `error`, when it cannot be read.
  bool shareTables(const std::string& url, std::string& error);
  void stopSharing();

 private:
  std::map<std::string, std::unique_ptr<HashTable>, std::less<>> tables_;
  std::vector<HashTable*> listed_;
  int timerIntervalSeconds_;
  std::thread timer_;
  std::mutex timerLock_;
  std::condition_variable timerWake_;
  bool stopping_ = false;
  std::unique_ptr<db::DbConnection> database_;
  HtableColumns columns_;
  std::mutex databaseLock_;  // the connection is used by one thread at a time
  ModuleHost* host_ = nullptr;
  std::string eventCallback_;
  std::unique_ptr<RedisSharing> sharing_;
};

}  // namespace kemid::htable
