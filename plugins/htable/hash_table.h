#pragma once
// One htable table: 2^size slots, each with its own lock (no table-wide
// lock), items ordered in a slot as Kamailio orders them (by key hash,
// then insertion), so that iteration and dumps list keys in Kamailio's
// order. Values are integers or strings. Times are wall-clock seconds
// (Kamailio shows an item's expiry as a date).

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pv/pv_value.h"
#include "table_declaration.h"

namespace kemid::htable {

using Value = pv::PvValue;  // Int or Str; never Null inside a table

struct Item {
  std::string name;
  std::uint32_t hash = 0;
  Value value;
  std::int64_t expires = 0;  // wall-clock second it expires at; 0: never
};

// Kamailio's core hash of a key (hash order within a slot, slot choice).
std::uint32_t keyHash(std::string_view key);

class HashTable;

// Told of each change callers make to a table, after it is made and without
// the slot's lock held (a shared table publishes them: redis_sharing.h).
// Not told of expiry, which every copy of a table applies by itself.
class TableObserver {
 public:
  virtual ~TableObserver() = default;
  virtual void itemSet(const HashTable& table, const Item& item) = 0;
  virtual void itemRemoved(const HashTable& table, std::string_view key) = 0;
  virtual void cleared(const HashTable& table) = 0;
};

class HashTable {
 public:
  using Clock = std::function<std::int64_t()>;  // seconds since the epoch
  // Items a table holds at most: a set beyond it fails (kemid's bound,
  // Kamailio is bounded by its shared memory only).
  static constexpr std::size_t kMaxItems = 1'000'000;

  HashTable(TableDeclaration declaration, Clock clock);

  const TableDeclaration& declaration() const { return declaration_; }
  const std::string& name() const { return declaration_.name; }
  std::size_t slotCount() const { return slots_.size(); }
  std::size_t slotOf(std::string_view key) const { return keyHash(key) & (slots_.size() - 1); }
  std::int64_t now() const { return clock_(); }

  // Set once, before the table is used; null: nobody is told.
  void setObserver(TableObserver* observer) { observer_ = observer; }

  // The value of `key`; nullopt when absent or expired (initval not applied).
  std::optional<Value> get(std::string_view key) const;
  // The whole item (RPC htable.get).
  std::optional<Item> item(std::string_view key) const;
  // Sets the value; `expireSeconds` > 0 gives the item that lifetime,
  // otherwise autoexpire applies as Kamailio does (updateexpire). In a
  // table without autoexpire nothing expires. False when the table is full.
  bool set(std::string_view key, const Value& value, std::int64_t expireSeconds = 0);
  // A change another kemid made (redis_sharing.h), applied as it is (the
  // item's value and absolute expiry) without telling the observer. False
  // when the table is full.
  bool apply(const Item& item);
  bool removeLocally(std::string_view key);
  std::size_t removeLocallyIf(const std::function<bool(const Item&)>& match);
  // Gives an existing item `seconds` more to live (0: no expiry); nothing
  // in a table without autoexpire.
  void setExpire(std::string_view key, std::int64_t seconds);
  // Adds `delta` to an integer value; a missing key starts from initval.
  // nullopt when the key is missing without initval, or holds a string.
  std::optional<std::int64_t> add(std::string_view key, std::int64_t delta);
  bool remove(std::string_view key);
  // Removes the items `match` selects; how many.
  std::size_t removeIf(const std::function<bool(const Item&)>& match);
  bool any(const std::function<bool(const Item&)>& match) const;
  void clear();
  void clearLocally();
  // Removes expired items (the timer) and hands them over, in Kamailio's
  // slot order (for the htable:expired event).
  std::vector<Item> removeExpired();

  // The slot lock of `key` (sht_lock / sht_unlock). Recursive: the worker
  // that holds it may still read and write the table.
  void lockKey(std::string_view key);
  void unlockKey(std::string_view key);

  // A copy of slot `index`'s live items, in order (dump, iterators).
  std::vector<Item> slotItems(std::size_t index) const;
  std::size_t size() const;

 private:
  struct Slot {
    mutable std::recursive_mutex lock;
    std::vector<Item> items;
  };
  Slot& slotFor(std::string_view key) { return slots_[slotOf(key)]; }
  const Slot& slotFor(std::string_view key) const { return slots_[slotOf(key)]; }
  bool expired(const Item& item, std::int64_t at) const {
    return item.expires != 0 && item.expires <= at;
  }
  std::int64_t autoexpireAt(std::int64_t at) const {
    return declaration_.autoexpire > 0 ? at + declaration_.autoexpire : 0;
  }
  // Inserts a new item in hash order; false when the table is full.
  bool insert(Slot& slot, Item item);
  bool assign(std::string_view key, const Value& value, std::int64_t expireSeconds);
  std::size_t removeMatching(const std::function<bool(const Item&)>& match, TableObserver* tell);
  std::optional<std::int64_t> addLocally(std::string_view key, std::int64_t delta);
  // The observer's itemSet for `key` as it is now.
  void announceSet(std::string_view key);

  TableDeclaration declaration_;
  Clock clock_;
  std::vector<Slot> slots_;
  std::atomic<std::size_t> count_{0};
  TableObserver* observer_ = nullptr;
};

}  // namespace kemid::htable
