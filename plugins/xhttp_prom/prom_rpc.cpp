#include "prom_rpc.h"

#include <Poco/Dynamic/Var.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <charconv>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/log.h"
#include "metric_declaration.h"
#include "prom_module.h"

namespace kemid::xhttp_prom {
namespace {

constexpr Logger kLog{"xhttp_prom"};
constexpr int kBadRequest = 400;
constexpr int kFailed = 500;

PromModule& moduleOf(const RpcCall& call) {
  return *static_cast<PromModule*>(call.state);
}

void fault(RpcCall& call, int code, std::string message) {
  call.fault->code = code;
  call.fault->message = std::move(message);
}

// Kamailio prints the values in its fault texts with "%f".
std::string sixDecimals(double value) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::fixed, 6);
  return std::string(buffer.data(), result.ptr);
}

// The params of one call, read in order.
class Params {
 public:
  explicit Params(RpcCall& call) : call_(call) {}

  // The metric name, first; faults 400 when it is missing, not a string or empty.
  std::optional<std::string> name(MetricKind kind) {
    const Poco::Dynamic::Var* p = next();
    if (p == nullptr || !p->isString()) {
      fault(call_, kBadRequest, "required " + std::string(kindName(kind)) + " identifier");
      return std::nullopt;
    }
    std::string name = p->extract<std::string>();
    if (name.empty()) {
      fault(call_, kBadRequest, "invalid " + std::string(kindName(kind)) + " identifier");
      return std::nullopt;
    }
    return name;
  }

  // A JSON number; faults 400 otherwise. Kamailio reads a string as 0, kemid
  // refuses it.
  std::optional<double> number() {
    const Poco::Dynamic::Var* p = next();
    if (p == nullptr || !p->isNumeric() || p->isBoolean()) return missingNumber();
    return p->convert<double>();
  }

  // A JSON integer >= 0 (a counter increment); faults 400 otherwise.
  std::optional<std::uint64_t> increment() {
    const Poco::Dynamic::Var* p = next();
    if (p == nullptr || !p->isInteger() || p->isBoolean()) return missingNumber();
    try {
      const auto value = p->convert<Poco::Int64>();
      if (value < 0) {
        kLog.err("xhttp_prom.counter_inc: invalid negative number ", value);
        fault(call_, kBadRequest, "invalid negative number parameter");
        return std::nullopt;
      }
      return static_cast<std::uint64_t>(value);
    } catch (const Poco::Exception&) {  // above INT64_MAX
      return missingNumber();
    }
  }

  // The remaining params: label values as strings (kemictl and kamctl send
  // numeric-looking arguments as JSON numbers, so those are read as text).
  std::optional<std::vector<std::string>> labels() {
    std::vector<std::string> values;
    while (const Poco::Dynamic::Var* p = next()) {
      if (p->isBoolean() || !(p->isString() || p->isNumeric())) {
        fault(call_, kBadRequest, "label values must be strings");
        return std::nullopt;
      }
      values.push_back(p->convert<std::string>());
    }
    return values;
  }

 private:
  const Poco::Dynamic::Var* next() {
    return index_ < call_.params.size() ? &call_.params[index_++] : nullptr;
  }
  std::nullopt_t missingNumber() {
    fault(call_, kBadRequest, "required number argument");
    return std::nullopt;
  }

  RpcCall& call_;
  std::size_t index_ = 0;
};

// "name" or "name (l1, l2)", as Kamailio's fault texts name a series.
std::string seriesText(const std::string& name, const std::vector<std::string>& labels) {
  if (labels.empty()) return name;
  std::string out = name + " (";
  for (std::size_t i = 0; i < labels.size(); ++i) out += (i == 0 ? "" : ", ") + labels[i];
  return out + ")";
}

std::vector<std::string_view> views(const std::vector<std::string>& labels) {
  return {labels.begin(), labels.end()};
}

// Answers the outcome of an update; `failed` is the fault text's beginning
// ("Failed to add 1 to counter").
void answer(RpcCall& call, const UpdateResult& result, const std::string& failed,
            const std::string& name, const std::vector<std::string>& labels) {
  if (result.ok()) return;
  const std::string text = failed + ": " + seriesText(name, labels);
  kLog.err(text, ": ", result.refusal);
  fault(call, kFailed, text);
}

// counter_reset and gauge_reset: [name, labels...].
template <class Reset>
void reset(RpcCall& call, MetricKind kind, Reset&& apply) {
  Params params(call);
  const auto name = params.name(kind);
  if (!name) return;
  const auto labels = params.labels();
  if (!labels) return;
  answer(call, apply(*name, views(*labels)), "Failed to reset " + std::string(kindName(kind)),
         *name, *labels);
}

// gauge_set and histogram_observe: [name, number, labels...]; `failed`
// gives the fault text's beginning for the number ("Failed to assign 1.5 to
// gauge").
template <class Failed, class Update>
void updateWithNumber(RpcCall& call, MetricKind kind, Failed&& failed, Update&& update) {
  Params params(call);
  const auto name = params.name(kind);
  if (!name) return;
  const auto value = params.number();
  if (!value) return;
  const auto labels = params.labels();
  if (!labels) return;
  answer(call, update(*name, *value, views(*labels)), failed(*value), *name, *labels);
}

}  // namespace

void rpcCounterInc(RpcCall& call) {
  Params params(call);
  const auto name = params.name(MetricKind::Counter);
  if (!name) return;
  const auto amount = params.increment();
  if (!amount) return;
  const auto labels = params.labels();
  if (!labels) return;
  answer(call, moduleOf(call).metrics().counterAdd(*name, *amount, views(*labels)),
         "Failed to add " + std::to_string(*amount) + " to counter", *name, *labels);
}

void rpcCounterReset(RpcCall& call) {
  reset(call, MetricKind::Counter, [&](const std::string& name, const auto& labels) {
    return moduleOf(call).metrics().counterReset(name, labels);
  });
}

void rpcGaugeSet(RpcCall& call) {
  updateWithNumber(
      call, MetricKind::Gauge,
      [](double value) { return "Failed to assign " + sixDecimals(value) + " to gauge"; },
      [&](const std::string& name, double value, const auto& labels) {
        return moduleOf(call).metrics().gaugeSet(name, value, labels);
      });
}

void rpcGaugeReset(RpcCall& call) {
  reset(call, MetricKind::Gauge, [&](const std::string& name, const auto& labels) {
    return moduleOf(call).metrics().gaugeReset(name, labels);
  });
}

void rpcHistogramObserve(RpcCall& call) {
  updateWithNumber(
      call, MetricKind::Histogram,
      [](double value) { return "Failed to observe " + sixDecimals(value) + " in histogram"; },
      [&](const std::string& name, double value, const auto& labels) {
        return moduleOf(call).metrics().histogramObserve(name, value, labels);
      });
}

void rpcMetricListPrint(RpcCall& call) {
  std::vector<prometheus::MetricFamily> families;
  moduleOf(call).collect(families);
  std::ostringstream text;
  prometheus::TextSerializer().Serialize(text, families);
  *call.result = text.str();
}

}  // namespace kemid::xhttp_prom
