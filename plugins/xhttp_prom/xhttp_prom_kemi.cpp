#include "xhttp_prom_kemi.h"

#include <array>
#include <optional>
#include <string>

#include "core/log.h"
#include "metric_declaration.h"
#include "number_text.h"
#include "prom_module.h"

namespace kemid::xhttp_prom {
namespace {

constexpr Logger kLog{"xhttp_prom"};

// The label values of a call: its string arguments from `first` on.
class LabelArgs {
 public:
  LabelArgs(const KemiCall& call, std::size_t first) {
    for (std::size_t i = first; i < call.args.size() && count_ < values_.size(); ++i) {
      values_[count_++] = call.strArg(i);
    }
  }
  LabelValues values() const { return LabelValues(values_.data(), count_); }

 private:
  std::array<std::string_view, kMaxLabels> values_{};
  std::size_t count_ = 0;
};

UserMetrics& metricsOf(const KemiCall& call) {
  return static_cast<PromModule*>(call.state)->metrics();
}

// `describe` says what was attempted; it runs only when the update failed, so
// that a successful update formats no text.
template <class Describe>
KemiValue answer(const UpdateResult& result, Describe&& describe) {
  if (result.ok()) return std::int64_t{1};
  kLog.err(describe(), ": ", result.refusal);
  return std::int64_t{-1};
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// gauge_set and histogram_observe: (name, "number", labels...); `update`
// gets the number and the label values.
template <class Describe, class Update>
KemiValue updateWithNumber(const KemiCall& call, Describe&& describe, Update&& update) {
  const std::optional<double> value = parseFiniteNumber(call.strArg(1));
  if (!value) {
    kLog.err(describe(), ": not a finite number");
    return std::int64_t{-1};
  }
  return answer(update(*value, LabelArgs(call, 2).values()), describe);
}

}  // namespace

KemiValue kemiCounterInc(KemiCall& call) {
  const std::string_view name = call.strArg(0);
  const std::int64_t amount = call.intArg(1);
  auto action = [&] {
    return "cannot add " + std::to_string(amount) + " to counter " + quoted(name);
  };
  // Prometheus counters only increase; Kamailio refuses a negative number too.
  if (amount < 0) {
    kLog.err(action(), ": a counter never decreases");
    return std::int64_t{-1};
  }
  return answer(metricsOf(call).counterAdd(name, static_cast<std::uint64_t>(amount),
                                           LabelArgs(call, 2).values()),
                action);
}

KemiValue kemiCounterReset(KemiCall& call) {
  const std::string_view name = call.strArg(0);
  return answer(metricsOf(call).counterReset(name, LabelArgs(call, 1).values()),
                [&] { return "cannot reset counter " + quoted(name); });
}

KemiValue kemiGaugeSet(KemiCall& call) {
  const std::string_view name = call.strArg(0);
  return updateWithNumber(
      call, [&] { return "cannot set gauge " + quoted(name) + " to " + quoted(call.strArg(1)); },
      [&](double value, LabelValues labels) {
        return metricsOf(call).gaugeSet(name, value, labels);
      });
}

KemiValue kemiGaugeReset(KemiCall& call) {
  const std::string_view name = call.strArg(0);
  return answer(metricsOf(call).gaugeReset(name, LabelArgs(call, 1).values()),
                [&] { return "cannot reset gauge " + quoted(name); });
}

KemiValue kemiHistogramObserve(KemiCall& call) {
  const std::string_view name = call.strArg(0);
  return updateWithNumber(
      call,
      [&] { return "cannot observe " + quoted(call.strArg(1)) + " in histogram " + quoted(name); },
      [&](double value, LabelValues labels) {
        return metricsOf(call).histogramObserve(name, value, labels);
      });
}

}  // namespace kemid::xhttp_prom
