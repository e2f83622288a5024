#include "location_table.h"

#include <functional>

namespace kemid::usrloc {

std::size_t aorShare(std::string_view aor, std::size_t parts) {
  return parts <= 1 ? 0 : std::hash<std::string_view>{}(aor) % parts;
}

std::vector<AorBindings> LocationTable::snapshotShare(std::size_t part, std::size_t parts) const {
  std::vector<AorBindings> share = snapshot();
  std::erase_if(share, [&](const AorBindings& r) { return aorShare(r.aor, parts) != part; });
  return share;
}

}  // namespace kemid::usrloc
