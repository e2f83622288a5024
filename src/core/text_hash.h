#pragma once
// A hash for unordered containers keyed by std::string that lets find()
// take a std::string_view without building a string (C++20 heterogeneous
// lookup; pair it with std::equal_to<>).

#include <cstddef>
#include <functional>
#include <string_view>

namespace kemid {

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

}  // namespace kemid
