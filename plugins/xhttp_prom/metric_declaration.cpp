#include "metric_declaration.h"

#include <algorithm>
#include <optional>

#include "number_text.h"

namespace kemid::xhttp_prom {
namespace {

constexpr std::string_view kSpaces = " \t\r\n";

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(kSpaces);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpaces) - first + 1);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto at = text.find(separator);
    parts.push_back(trim(text.substr(0, at)));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

bool isAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string expectedKeys(MetricKind kind) {
  return kind == MetricKind::Histogram ? "name, label, buckets" : "name, label";
}

// Parses the value of one key into `d`; returns why it is refused, or "".
std::string parseLabels(std::string_view value, MetricDeclaration& d) {
  const auto names = split(value, ':');
  if (names.size() > kMaxLabels) {
    return "at most " + std::to_string(kMaxLabels) + " labels, " + std::to_string(names.size()) +
           " given";
  }
  for (std::string_view name : names) {
    if (name.empty()) return "empty label name (expected label=l1:l2:l3)";
    if (!isLabelName(name)) {
      return "invalid label name " + quoted(name) + " (expected [a-zA-Z_][a-zA-Z0-9_]*)";
    }
    if (name.starts_with("__")) {
      return "label name " + quoted(name) +
             " is reserved: names starting with __ belong to "
             "Prometheus";
    }
    if (d.kind == MetricKind::Histogram && name == "le") {
      return "label name \"le\" is reserved for histogram buckets";
    }
    if (std::find(d.labels.begin(), d.labels.end(), name) != d.labels.end()) {
      return "label " + quoted(name) + " given twice";
    }
    d.labels.emplace_back(name);
  }
  return {};
}

std::string parseBuckets(std::string_view value, MetricDeclaration& d) {
  for (std::string_view text : split(value, ':')) {
    if (text.empty()) return "empty bucket bound (expected buckets=b1:b2:b3)";
    const std::optional<double> bound = parseFiniteNumber(text);
    if (!bound) return "bucket bound " + quoted(text) + " is not a finite number";
    if (!d.buckets.empty() && *bound <= d.buckets.back()) {
      return "bucket bounds must increase strictly: " + std::string(text) + " follows " +
             formatNumber(d.buckets.back());
    }
    d.buckets.push_back(*bound);
  }
  return {};
}

std::string parseInto(std::string_view text, MetricDeclaration& d) {
  auto items = split(text, ';');
  if (items.size() > 1 && items.back().empty()) items.pop_back();  // a trailing ';'
  bool seenName = false, seenLabel = false, seenBuckets = false;
  for (std::string_view item : items) {
    if (item.empty()) {
      return text.find_first_not_of(kSpaces) == std::string_view::npos
                 ? "empty declaration (expected name=NAME; label=l1:l2:l3)"
                 : "empty item between ';' separators";
    }
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      return "item " + quoted(item) + " is not key=value (expected " + expectedKeys(d.kind) + ")";
    }
    const std::string_view key = trim(item.substr(0, eq));
    const std::string_view value = trim(item.substr(eq + 1));
    bool* seen = key == "name"                                         ? &seenName
                 : key == "label"                                      ? &seenLabel
                 : key == "buckets" && d.kind == MetricKind::Histogram ? &seenBuckets
                                                                       : nullptr;
    if (seen == nullptr) {
      return "unknown key " + quoted(key) + " (expected " + expectedKeys(d.kind) + ")";
    }
    if (*seen) return "key " + quoted(key) + " given twice";
    *seen = true;
    std::string error;
    if (key == "name") {
      if (!isMetricName(value)) {
        return "invalid metric name " + quoted(value) + " (expected [a-zA-Z_:][a-zA-Z0-9_:]*)";
      }
      d.name = value;
    } else if (key == "label") {
      error = parseLabels(value, d);
    } else {
      error = parseBuckets(value, d);
    }
    if (!error.empty()) return error;
  }
  if (!seenName) return "missing name=NAME";
  if (d.kind == MetricKind::Histogram && !seenBuckets) {
    d.buckets.assign(kDefaultBuckets.begin(), kDefaultBuckets.end());
  }
  return {};
}

}  // namespace

std::string_view kindName(MetricKind kind) {
  switch (kind) {
    case MetricKind::Counter:
      return "counter";
    case MetricKind::Gauge:
      return "gauge";
    case MetricKind::Histogram:
      return "histogram";
  }
  return "metric";
}

std::string_view paramName(MetricKind kind) {
  switch (kind) {
    case MetricKind::Counter:
      return "prom_counter";
    case MetricKind::Gauge:
      return "prom_gauge";
    case MetricKind::Histogram:
      return "prom_histogram";
  }
  return "prom_metric";
}

DeclarationResult parseDeclaration(MetricKind kind, std::string_view text) {
  DeclarationResult result;
  result.declaration.kind = kind;
  std::string why = parseInto(text, result.declaration);
  if (!why.empty()) result.error = quoted(text) + ": " + why;
  return result;
}

std::string checkPrefix(std::string_view prefix) {
  if (prefix.empty() || isMetricName(prefix)) return {};
  return quoted(prefix) + ": not a metric name prefix (expected empty or [a-zA-Z_:][a-zA-Z0-9_:]*)";
}

bool isMetricName(std::string_view name) {
  if (name.empty() || isDigit(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return isAsciiLetter(c) || isDigit(c) || c == '_' || c == ':'; });
}

bool isLabelName(std::string_view name) {
  if (name.empty() || isDigit(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return isAsciiLetter(c) || isDigit(c) || c == '_'; });
}

}  // namespace kemid::xhttp_prom
