#include "core/slot_table.h"

#include <atomic>

namespace kemid::slot_detail {

std::uint64_t nextSlotId() {
  static std::atomic<std::uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace kemid::slot_detail
