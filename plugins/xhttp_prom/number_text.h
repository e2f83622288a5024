#pragma once
// Numbers written as text: the bucket bounds of a prom_histogram
// declaration and the values scripts give to gauge_set / histogram_observe.

#include <optional>
#include <string>
#include <string_view>

namespace kemid::xhttp_prom {

// The whole of `text` read as a finite decimal number ("21.5", "-3", "+1e3");
// nullopt for anything else: empty text, surrounding spaces, trailing
// characters, hexadecimal, inf, nan.
std::optional<double> parseFiniteNumber(std::string_view text);

// The shortest text that reads back as `value`: "1.5", "100", "0.005".
std::string formatNumber(double value);

}  // namespace kemid::xhttp_prom
