#include "expired_event.h"

#include "core/event_route.h"

namespace kemid::htable {
namespace {

thread_local const Item* tRecord = nullptr;

}  // namespace

const Item* expiredRecord() {
  return tRecord;
}

void announceExpired(ModuleHost& host, const std::string& function, const HashTable& table,
                     const std::vector<Item>& items) {
  if (items.empty()) return;
  const std::string event = "htable:expired:" + table.name();
  for (const Item& item : items) {
    tRecord = &item;
    runEventCallback(host, function, event);
  }
  tRecord = nullptr;
}

}  // namespace kemid::htable
