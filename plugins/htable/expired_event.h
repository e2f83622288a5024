#pragma once
// The "htable:expired:<table>" event: when the timer removes expired items
// and modparam event_callback names a function, that function runs once per
// item (after the item left the table, without any lock held) and reads it
// as $shtrecord(key) and $shtrecord(value).

#include <string>
#include <vector>

#include "hash_table.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::htable {

// The item the calling thread's event callback is about; null outside one.
const Item* expiredRecord();

// Runs `function` for each of `items`, removed from `table`, in order.
void announceExpired(ModuleHost& host, const std::string& function, const HashTable& table,
                     const std::vector<Item>& items);

}  // namespace kemid::htable
