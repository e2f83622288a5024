#pragma once
// Typed storage that modules keep with a message or with a transaction (pv's
// $avp values, tm's link from a message to its transaction). A module
// declares a SlotKey<T> once, for a type it owns; the key carries the type,
// so reading a slot needs no cast in the module.

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace kemid {

// Where a slot's value lives.
enum class SlotScope {
  // With the message being routed; gone when its handling ends.
  Message,
  // With the message, and then with the transaction the message creates:
  // tm keeps these slots (when the message stored any by then) and hands
  // them to the branch, onreply and failure routes it runs, as Kamailio
  // keeps AVPs in the transaction.
  Transaction,
};

namespace slot_detail {
// A process-wide id, never reused: a key of a module unloaded since cannot
// alias the key of another.
std::uint64_t nextSlotId();
}  // namespace slot_detail

// The key to one slot holding a T. Declare it once per module, as a
// namespace-scope constant next to T.
template <class T>
class SlotKey {
 public:
  explicit SlotKey(SlotScope scope) : id_(slot_detail::nextSlotId()), scope_(scope) {}

  std::uint64_t id() const { return id_; }
  SlotScope scope() const { return scope_; }

 private:
  std::uint64_t id_;
  SlotScope scope_;
};

// The slots of one scope. Values are shared: a copied table (a copied
// MessageContext) sees the same objects, and replacing a slot in the copy
// leaves the original's in place.
class SlotTable {
 public:
  template <class T>
  T* find(const SlotKey<T>& key) const {
    for (const Entry& entry : entries_) {
      // The id was issued to a SlotKey<T> only, so the value is a T.
      if (entry.id == key.id()) return static_cast<T*>(entry.value.get());
    }
    return nullptr;
  }

  // Stores a new T built from args, replacing any value the slot held.
  template <class T, class... Args>
  T& emplace(const SlotKey<T>& key, Args&&... args) {
    auto value = std::make_shared<T>(std::forward<Args>(args)...);
    T& stored = *value;
    store(key.id(), std::move(value));
    return stored;
  }

  template <class T>
  void erase(const SlotKey<T>& key) {
    std::erase_if(entries_, [&](const Entry& entry) { return entry.id == key.id(); });
  }

 private:
  struct Entry {
    std::uint64_t id;
    std::shared_ptr<void> value;
  };

  void store(std::uint64_t id, std::shared_ptr<void> value) {
    for (Entry& entry : entries_) {
      if (entry.id == id) {
        entry.value = std::move(value);
        return;
      }
    }
    entries_.push_back({id, std::move(value)});
  }

  std::vector<Entry> entries_;  // a handful per message: a scan beats a map
};

}  // namespace kemid
