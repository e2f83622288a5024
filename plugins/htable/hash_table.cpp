#include "hash_table.h"

#include <algorithm>
#include <iterator>

namespace kemid::htable {

std::uint32_t keyHash(std::string_view key) {
  // Kamailio's core_hash: 4 signed bytes at a time, then the tail, mixed.
  const auto byte = [](char c) { return static_cast<std::uint32_t>(static_cast<signed char>(c)); };
  const auto mix = [](std::uint32_t h, std::uint32_t v) { return h + (v ^ (v >> 3)); };
  std::uint32_t h = 0;
  std::size_t p = 0;
  for (; p + 4 <= key.size(); p += 4) {
    const std::uint32_t v = (byte(key[p]) << 24) + (byte(key[p + 1]) << 16) +
                            (byte(key[p + 2]) << 8) + byte(key[p + 3]);
    h = mix(h, v);
  }
  std::uint32_t v = 0;
  for (; p < key.size(); ++p) v = (v << 8) + byte(key[p]);
  h = mix(h, v);
  return (h + (h >> 11)) + ((h >> 13) + (h >> 23));
}

HashTable::HashTable(TableDeclaration declaration, Clock clock)
    : declaration_(std::move(declaration)),
      clock_(std::move(clock)),
      slots_(std::size_t{1} << declaration_.sizeExponent) {}

namespace {

template <typename Items>
auto findItem(Items& items, std::string_view key) {
  return std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.name == key; });
}

}  // namespace

std::optional<Value> HashTable::get(std::string_view key) const {
  auto found = item(key);
  if (!found) return std::nullopt;
  return std::move(found->value);
}

std::optional<Item> HashTable::item(std::string_view key) const {
  const Slot& slot = slotFor(key);
  const std::int64_t at = now();
  std::lock_guard guard(slot.lock);
  auto it = findItem(slot.items, key);
  if (it == slot.items.end() || expired(*it, at)) return std::nullopt;
  return *it;
}

bool HashTable::insert(Slot& slot, Item item) {
  if (count_.load(std::memory_order_relaxed) >= kMaxItems) return false;
  auto pos = std::find_if(slot.items.begin(), slot.items.end(),
                          [&](const Item& i) { return i.hash > item.hash; });
  slot.items.insert(pos, std::move(item));
  count_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void HashTable::announceSet(std::string_view key) {
  if (observer_ == nullptr) return;
  if (auto now = item(key)) observer_->itemSet(*this, *now);
}

bool HashTable::set(std::string_view key, const Value& value, std::int64_t expireSeconds) {
  if (!assign(key, value, expireSeconds)) return false;
  announceSet(key);
  return true;
}

bool HashTable::apply(const Item& item) {
  Slot& slot = slotFor(item.name);
  std::lock_guard guard(slot.lock);
  auto it = findItem(slot.items, item.name);
  if (it == slot.items.end())
    return insert(slot, Item{item.name, keyHash(item.name), item.value, item.expires});
  it->value = item.value;
  it->expires = item.expires;
  return true;
}

bool HashTable::assign(std::string_view key, const Value& value, std::int64_t expireSeconds) {
  // As Kamailio: items of a table without autoexpire never expire.
  if (declaration_.autoexpire == 0) expireSeconds = 0;
  Slot& slot = slotFor(key);
  const std::int64_t at = now();
  std::lock_guard guard(slot.lock);
  auto it = findItem(slot.items, key);
  if (it != slot.items.end() && !expired(*it, at)) {
    it->value = value;
    if (expireSeconds > 0) {
      it->expires = at + expireSeconds;
    } else if (declaration_.updateexpire) {
      it->expires = autoexpireAt(at);
    }
    return true;
  }
  const std::int64_t expires = expireSeconds > 0 ? at + expireSeconds : autoexpireAt(at);
  if (it != slot.items.end()) {  // expired: reused as a new item
    it->value = value;
    it->expires = expires;
    return true;
  }
  return insert(slot, Item{std::string(key), keyHash(key), value, expires});
}

void HashTable::setExpire(std::string_view key, std::int64_t seconds) {
  if (declaration_.autoexpire == 0) return;
  {
    Slot& slot = slotFor(key);
    const std::int64_t at = now();
    std::lock_guard guard(slot.lock);
    auto it = findItem(slot.items, key);
    if (it == slot.items.end() || expired(*it, at)) return;
    it->expires = seconds > 0 ? at + seconds : 0;
  }
  announceSet(key);
}

std::optional<std::int64_t> HashTable::add(std::string_view key, std::int64_t delta) {
  auto sum = addLocally(key, delta);
  if (sum) announceSet(key);
  return sum;
}

std::optional<std::int64_t> HashTable::addLocally(std::string_view key, std::int64_t delta) {
  Slot& slot = slotFor(key);
  const std::int64_t at = now();
  std::lock_guard guard(slot.lock);
  auto it = findItem(slot.items, key);
  if (it != slot.items.end() && expired(*it, at)) {
    --count_;
    slot.items.erase(it);
    it = slot.items.end();
  }
  if (it == slot.items.end()) {
    if (!declaration_.initval) return std::nullopt;
    const std::int64_t value = *declaration_.initval + delta;
    if (!insert(slot,
                Item{std::string(key), keyHash(key), Value::integer(value), autoexpireAt(at)})) {
      return std::nullopt;
    }
    return value;
  }
  if (!it->value.isInt()) return std::nullopt;
  // Kamailio keeps integers in a C int: the sum wraps as one.
  const auto sum = static_cast<std::int32_t>(static_cast<std::uint32_t>(it->value.number()) +
                                             static_cast<std::uint32_t>(delta));
  it->value = Value::integer(sum);
  if (declaration_.updateexpire) it->expires = autoexpireAt(at);
  return sum;
}

bool HashTable::remove(std::string_view key) {
  if (!removeLocally(key)) return false;
  if (observer_ != nullptr) observer_->itemRemoved(*this, key);
  return true;
}

bool HashTable::removeLocally(std::string_view key) {
  Slot& slot = slotFor(key);
  std::lock_guard guard(slot.lock);
  auto it = findItem(slot.items, key);
  if (it == slot.items.end()) return false;
  slot.items.erase(it);
  --count_;
  return true;
}

std::size_t HashTable::removeIf(const std::function<bool(const Item&)>& match) {
  return removeMatching(match, observer_);
}

std::size_t HashTable::removeLocallyIf(const std::function<bool(const Item&)>& match) {
  return removeMatching(match, nullptr);
}

std::size_t HashTable::removeMatching(const std::function<bool(const Item&)>& match,
                                      TableObserver* tell) {
  std::size_t count = 0;
  std::vector<std::string> removed;  // for the observer
  for (Slot& slot : slots_) {
    std::lock_guard guard(slot.lock);
    count += std::erase_if(slot.items, [&](const Item& i) {
      if (!match(i)) return false;
      if (tell != nullptr) removed.push_back(i.name);
      return true;
    });
  }
  count_ -= count;
  for (const std::string& key : removed) tell->itemRemoved(*this, key);
  return count;
}

bool HashTable::any(const std::function<bool(const Item&)>& match) const {
  const std::int64_t at = now();
  for (const Slot& slot : slots_) {
    std::lock_guard guard(slot.lock);
    for (const Item& i : slot.items) {
      if (!expired(i, at) && match(i)) return true;
    }
  }
  return false;
}

void HashTable::clear() {
  clearLocally();
  if (observer_ != nullptr) observer_->cleared(*this);
}

void HashTable::clearLocally() {
  std::size_t count = 0;
  for (Slot& slot : slots_) {
    std::lock_guard guard(slot.lock);
    count += slot.items.size();
    slot.items.clear();
  }
  count_ -= count;
}

std::vector<Item> HashTable::removeExpired() {
  const std::int64_t at = now();
  std::vector<Item> removed;
  for (Slot& slot : slots_) {
    std::lock_guard guard(slot.lock);
    auto kept = std::stable_partition(slot.items.begin(), slot.items.end(),
                                      [&](const Item& i) { return !expired(i, at); });
    std::move(kept, slot.items.end(), std::back_inserter(removed));
    slot.items.erase(kept, slot.items.end());
  }
  count_ -= removed.size();
  return removed;
}

void HashTable::lockKey(std::string_view key) {
  slotFor(key).lock.lock();
}

void HashTable::unlockKey(std::string_view key) {
  slotFor(key).lock.unlock();
}

std::vector<Item> HashTable::slotItems(std::size_t index) const {
  const Slot& slot = slots_[index];
  const std::int64_t at = now();
  std::vector<Item> live;
  std::lock_guard guard(slot.lock);
  for (const Item& i : slot.items) {
    if (!expired(i, at)) live.push_back(i);
  }
  return live;
}

std::size_t HashTable::size() const {
  return count_.load(std::memory_order_relaxed);
}

}  // namespace kemid::htable
