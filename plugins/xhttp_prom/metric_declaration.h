#pragma once
// A user metric as the config declares it:
//   modparam("xhttp_prom", "prom_counter", "name=reqs_total; label=method:src")
//   modparam("xhttp_prom", "prom_histogram", "name=latency; label=m; buckets=0.1:1:10")

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::xhttp_prom {

enum class MetricKind { Counter, Gauge, Histogram };

std::string_view kindName(MetricKind kind);   // "counter"
std::string_view paramName(MetricKind kind);  // "prom_counter", the modparam that declares it

// Kamailio accepts at most three label names per metric.
inline constexpr std::size_t kMaxLabels = 3;

// Kamailio's default histogram bounds (those of the Prometheus client libraries).
inline constexpr std::array<double, 11> kDefaultBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                        0.5,   1,    2.5,   5,    10};

struct MetricDeclaration {
  MetricKind kind = MetricKind::Counter;
  std::string name;                 // without xhttp_prom_beginning
  std::vector<std::string> labels;  // in declared order, at most kMaxLabels
  std::vector<double> buckets;      // histograms: finite upper bounds, strictly increasing
};

// One modparam value, parsed; on failure `error` quotes the value, says what
// is wrong and what was expected:
//   "name=x; lable=a": unknown key "lable" (expected name, label)
struct DeclarationResult {
  MetricDeclaration declaration;
  std::string error;
  bool ok() const { return error.empty(); }
};

// "name=NAME; label=l1:l2:l3" (histograms also "buckets=b1:b2:..."); spaces
// around items, keys and values are ignored and a trailing ';' is allowed.
DeclarationResult parseDeclaration(MetricKind kind, std::string_view text);

// ParamDef::checkString of prom_counter, prom_gauge and prom_histogram: the
// loader refuses a bad declaration when it reads the modparam, with its line.
template <MetricKind kind>
std::string checkDeclaration(std::string_view text) {
  return parseDeclaration(kind, text).error;
}

// ParamDef::checkString of xhttp_prom_beginning: empty, or the start of a
// metric name.
std::string checkPrefix(std::string_view prefix);

// Prometheus' metric name and label name syntax.
bool isMetricName(std::string_view name);  // [a-zA-Z_:][a-zA-Z0-9_:]*
bool isLabelName(std::string_view name);   // [a-zA-Z_][a-zA-Z0-9_]*

}  // namespace kemid::xhttp_prom
