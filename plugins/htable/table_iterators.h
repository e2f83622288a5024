#pragma once
// sht_iterator_*: a worker's named cursors over tables ($shtitkey,
// $shtitval). A cursor remembers the slot and key it is on and holds no
// lock between calls, so a script never keeps a slot locked while it runs.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "hash_table.h"

namespace kemid::htable {

class TableIterators {
 public:
  // As Kamailio: a worker has at most four cursors at a time.
  static constexpr std::size_t kMaxIterators = 4;

  // The calling worker's cursors.
  static TableIterators& forThisThread();

  // Puts `name` before the first item of `table`; false when all cursors
  // are taken by other names.
  bool start(std::string_view name, HashTable& table);
  // Moves to the next item; false at the end (the cursor then starts over
  // at the next call, as Kamailio's does) or for an unknown name.
  bool next(std::string_view name);
  bool end(std::string_view name);
  // The current item of `name`: its key, its value.
  std::optional<std::string> key(std::string_view name) const;
  std::optional<Value> value(std::string_view name) const;
  // Act on the current item; false when there is none. remove() moves the
  // cursor onto the item that followed, which next() then skips.
  bool remove(std::string_view name);
  bool set(std::string_view name, const Value& value);
  bool setExpire(std::string_view name, std::int64_t seconds);
  // Forget every cursor on `table` (its module is going away).
  void clear() { cursors_ = {}; }

 private:
  struct Cursor {
    std::string name;
    HashTable* table = nullptr;
    std::size_t slot = 0;
    std::optional<std::string> key;  // none: before the slot's first item
  };
  Cursor* find(std::string_view name);
  const Cursor* find(std::string_view name) const;

  std::array<Cursor, kMaxIterators> cursors_;
};

}  // namespace kemid::htable
