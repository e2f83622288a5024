// xhttp_prom: user-defined Prometheus metrics (docs/metrics.md), shown by the
// /metrics endpoint of kemid's HTTP listener, whose exposition it shapes.

#include <array>

#include "core/module_abi.h"
#include "metric_declaration.h"
#include "prom_module.h"
#include "prom_rpc.h"
#include "xhttp_prom_kemi.h"

namespace kemid::xhttp_prom {
namespace {

constexpr std::array kParams{
    // Prefix of every metric name /metrics shows (may be empty).
    ParamDef{.name = "xhttp_prom_beginning",
             .type = ParamType::Str,
             .strDefault = "kamailio_",
             .checkString = &checkPrefix},
    // Internal statistics /metrics adds: "" none, "all", "group:" or one name.
    ParamDef{.name = "xhttp_prom_stats", .type = ParamType::Str},
    // Minutes after which an untouched label series is dropped; 0: never.
    ParamDef{.name = "xhttp_prom_timeout",
             .type = ParamType::Int,
             .intDefault = 60,
             .minValue = 0,
             // 100 years: ages are compared in steady_clock ticks (nanoseconds),
             // which a much larger timeout would overflow.
             .maxValue = 100LL * 365 * 24 * 60},
    // Kamailio's reply buffer size; accepted for compatibility, unused: the
    // exposition is built in a growing string.
    ParamDef{.name = "xhttp_prom_buf_size", .type = ParamType::Int, .intDefault = 0, .minValue = 0},
    // "name=NAME; label=l1:l2:l3" (histograms also "; buckets=b1:b2:..."),
    // once per metric.
    ParamDef{.name = "prom_counter",
             .type = ParamType::Str,
             .repeatable = true,
             .checkString = &checkDeclaration<MetricKind::Counter>},
    ParamDef{.name = "prom_gauge",
             .type = ParamType::Str,
             .repeatable = true,
             .checkString = &checkDeclaration<MetricKind::Gauge>},
    ParamDef{.name = "prom_histogram",
             .type = ParamType::Str,
             .repeatable = true,
             .checkString = &checkDeclaration<MetricKind::Histogram>},
};

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kS{Str};
constexpr std::array<KemiType, kMaxKemiParams> kSS{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSS{Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSSS{Str, Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSSSS{Str, Str, Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSI{Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kSIS{Str, Int, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSISS{Str, Int, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSISSS{Str, Int, Str, Str, Str};

// Kamailio also exports check_uri() and dispatch(), which answer its xhttp
// event route; kemid serves /metrics itself from its HTTP listener, so there
// is no HTTP request for a script to dispatch and they are not exported.
constexpr std::array kKemi{
    KemiFunctionDef{"counter_inc_l0", Int, kSI, &kemiCounterInc},
    KemiFunctionDef{"counter_inc_l1", Int, kSIS, &kemiCounterInc},
    KemiFunctionDef{"counter_inc_l2", Int, kSISS, &kemiCounterInc},
    KemiFunctionDef{"counter_inc_l3", Int, kSISSS, &kemiCounterInc},
    KemiFunctionDef{"counter_reset_l0", Int, kS, &kemiCounterReset},
    KemiFunctionDef{"counter_reset_l1", Int, kSS, &kemiCounterReset},
    KemiFunctionDef{"counter_reset_l2", Int, kSSS, &kemiCounterReset},
    KemiFunctionDef{"counter_reset_l3", Int, kSSSS, &kemiCounterReset},
    KemiFunctionDef{"gauge_set_l0", Int, kSS, &kemiGaugeSet},
    KemiFunctionDef{"gauge_set_l1", Int, kSSS, &kemiGaugeSet},
    KemiFunctionDef{"gauge_set_l2", Int, kSSSS, &kemiGaugeSet},
    KemiFunctionDef{"gauge_set_l3", Int, kSSSSS, &kemiGaugeSet},
    KemiFunctionDef{"gauge_reset_l0", Int, kS, &kemiGaugeReset},
    KemiFunctionDef{"gauge_reset_l1", Int, kSS, &kemiGaugeReset},
    KemiFunctionDef{"gauge_reset_l2", Int, kSSS, &kemiGaugeReset},
    KemiFunctionDef{"gauge_reset_l3", Int, kSSSS, &kemiGaugeReset},
    KemiFunctionDef{"histogram_observe_l0", Int, kSS, &kemiHistogramObserve},
    KemiFunctionDef{"histogram_observe_l1", Int, kSSS, &kemiHistogramObserve},
    KemiFunctionDef{"histogram_observe_l2", Int, kSSSS, &kemiHistogramObserve},
    KemiFunctionDef{"histogram_observe_l3", Int, kSSSSS, &kemiHistogramObserve},
};

constexpr std::array kRpc{
    RpcCommandDef{"xhttp_prom.counter_inc",
                  "Add a non-negative integer to a counter: [name, number, labels...]",
                  &rpcCounterInc},
    RpcCommandDef{"xhttp_prom.counter_reset", "Reset a counter to 0: [name, labels...]",
                  &rpcCounterReset},
    RpcCommandDef{"xhttp_prom.gauge_set", "Set a gauge to a number: [name, number, labels...]",
                  &rpcGaugeSet},
    RpcCommandDef{"xhttp_prom.gauge_reset", "Reset a gauge to 0: [name, labels...]",
                  &rpcGaugeReset},
    RpcCommandDef{"xhttp_prom.histogram_observe",
                  "Observe a number in a histogram: [name, number, labels...]",
                  &rpcHistogramObserve},
    RpcCommandDef{"xhttp_prom.metric_list_print",
                  "Print the user defined metrics in the Prometheus text format.",
                  &rpcMetricListPrint},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "xhttp_prom",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &initPromModule,
};

}  // namespace
}  // namespace kemid::xhttp_prom

KEMID_MODULE(kemid::xhttp_prom::kDescriptor)
