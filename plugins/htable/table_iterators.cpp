#include "table_iterators.h"

#include <algorithm>

namespace kemid::htable {

TableIterators& TableIterators::forThisThread() {
  thread_local TableIterators iterators;
  return iterators;
}

TableIterators::Cursor* TableIterators::find(std::string_view name) {
  for (Cursor& c : cursors_) {
    if (c.table != nullptr && c.name == name) return &c;
  }
  return nullptr;
}

const TableIterators::Cursor* TableIterators::find(std::string_view name) const {
  return const_cast<TableIterators*>(this)->find(name);
}

bool TableIterators::start(std::string_view name, HashTable& table) {
  Cursor* cursor = find(name);
  if (cursor == nullptr) {
    auto freeOne = std::find_if(cursors_.begin(), cursors_.end(),
                                [](const Cursor& c) { return c.table == nullptr; });
    if (freeOne == cursors_.end()) return false;
    cursor = &*freeOne;
  }
  *cursor = Cursor{std::string(name), &table, 0, std::nullopt};
  return true;
}

bool TableIterators::next(std::string_view name) {
  Cursor* c = find(name);
  if (c == nullptr) return false;
  for (; c->slot < c->table->slotCount(); ++c->slot, c->key.reset()) {
    std::vector<Item> items = c->table->slotItems(c->slot);
    auto after = items.begin();
    if (c->key) {
      // Past the current key; if it went meanwhile, past its place in hash order.
      const std::uint32_t hash = keyHash(*c->key);
      auto current = std::find_if(items.begin(), items.end(),
                                  [&](const Item& i) { return i.name == *c->key; });
      after = current != items.end() ? current + 1
                                     : std::find_if(items.begin(), items.end(),
                                                    [&](const Item& i) { return i.hash > hash; });
    }
    if (after != items.end()) {
      c->key = after->name;
      return true;
    }
  }
  c->slot = 0;
  c->key.reset();
  return false;
}

bool TableIterators::end(std::string_view name) {
  Cursor* c = find(name);
  if (c == nullptr) return false;
  *c = Cursor{};
  return true;
}

std::optional<std::string> TableIterators::key(std::string_view name) const {
  const Cursor* c = find(name);
  if (c == nullptr || !c->key) return std::nullopt;
  return c->key;
}

std::optional<Value> TableIterators::value(std::string_view name) const {
  const Cursor* c = find(name);
  if (c == nullptr || !c->key) return std::nullopt;
  return c->table->get(*c->key);
}

bool TableIterators::remove(std::string_view name) {
  Cursor* c = find(name);
  if (c == nullptr || !c->key) return false;
  // As Kamailio: the cursor moves onto the following item (in this slot or
  // a later one) before the current one goes.
  const std::string current = *c->key;
  next(name);
  c->table->remove(current);
  return true;
}

bool TableIterators::set(std::string_view name, const Value& value) {
  Cursor* c = find(name);
  if (c == nullptr || !c->key) return false;
  return c->table->set(*c->key, value);
}

bool TableIterators::setExpire(std::string_view name, std::int64_t seconds) {
  Cursor* c = find(name);
  if (c == nullptr || !c->key) return false;
  c->table->setExpire(*c->key, seconds);
  return true;
}

}  // namespace kemid::htable
