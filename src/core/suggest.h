#pragma once
// "Did you mean" hints for misspelt names, shared by the configuration
// frontends and the plugin loader.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace kemid {

// Edit distance counting an adjacent transposition as one edit ("childern").
std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` (compared in lower case) when `name` is
// likely a typo of it: fewer than 2 edits for names of up to 4 characters,
// fewer than 3 otherwise. Empty when nothing is that close.
std::string closestName(std::string_view name, std::span<const std::string_view> candidates);

}  // namespace kemid
