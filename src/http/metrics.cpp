#include "http/metrics.h"

#include <prometheus/text_serializer.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include "core/duration_histogram.h"
#include "core/exposition_shaper.h"
#include "core/statistics_registry.h"

#ifndef KEMID_VERSION
#define KEMID_VERSION "0.0.0"
#endif

namespace kemid {

namespace {

constexpr std::string_view kDefaultPrefix = "kamailio_";  // xhttp_prom_beginning's default

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type) {
  prometheus::MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  return f;
}

// Appends one sample (counter, gauge or untyped, as the family's type) with
// at most one label.
void addSample(prometheus::MetricFamily& f, double value, std::string labelName = {},
               std::string labelValue = {}) {
  prometheus::ClientMetric m;
  if (!labelName.empty()) m.label.push_back({std::move(labelName), std::move(labelValue)});
  switch (f.type) {
    case prometheus::MetricType::Counter:
      m.counter.value = value;
      break;
    case prometheus::MetricType::Gauge:
      m.gauge.value = value;
      break;
    default:
      m.untyped.value = value;
      break;
  }
  f.metric.push_back(std::move(m));
}

prometheus::MetricFamily single(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  auto f = family(std::move(name), std::move(help), type);
  addSample(f, value);
  return f;
}

// Kamailio's name: prefix + group + "_" + name with '-' turned into '_'.
std::string kamailioName(std::string_view prefix, const Statistic& s) {
  std::string name = std::string(prefix) + s.group + "_" + s.name;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

void addHistogram(prometheus::MetricFamily& f, const MetricSample& sample) {
  const DurationHistogram& h = *sample.histogram;
  prometheus::ClientMetric m;
  m.label.push_back({sample.labelName, sample.labelValue});
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= DurationHistogram::kBounds.size(); ++i) {
    cumulative += h.bucketCount(i);
    double bound = i < DurationHistogram::kBounds.size() ? DurationHistogram::kBounds[i]
                                                         : std::numeric_limits<double>::infinity();
    m.histogram.bucket.push_back({cumulative, bound});
  }
  m.histogram.sample_count = cumulative;
  m.histogram.sample_sum = h.sumSeconds();
  f.metric.push_back(std::move(m));
}

prometheus::MetricType prometheusType(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return prometheus::MetricType::Counter;
    case MetricType::Gauge:
      return prometheus::MetricType::Gauge;
    case MetricType::Histogram:
      return prometheus::MetricType::Histogram;
  }
  return prometheus::MetricType::Untyped;
}

prometheus::MetricFamily familyOf(MetricReading reading) {
  auto f = family(std::move(reading.name), std::move(reading.help), prometheusType(reading.type));
  for (MetricSample& sample : reading.samples) {
    if (reading.type == MetricType::Histogram) {
      addHistogram(f, sample);
    } else {
      addSample(f, sample.value, std::move(sample.labelName), std::move(sample.labelValue));
    }
  }
  return f;
}

// Process metrics as the Prometheus client libraries name them, from /proc.
void addProcess(std::vector<prometheus::MetricFamily>& out) {
  using prometheus::MetricType;
  const double pageSize = static_cast<double>(::sysconf(_SC_PAGESIZE));
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  {
    std::ifstream statm("/proc/self/statm");
    double size = 0, resident = 0;
    if (statm >> size >> resident) {
      out.push_back(single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                           MetricType::Gauge, size * pageSize));
      out.push_back(single("process_resident_memory_bytes", "Resident memory size in bytes.",
                           MetricType::Gauge, resident * pageSize));
    }
  }
  {
    std::ifstream statFile("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(statFile)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start at ')'.
    auto close = text.rfind(')');
    if (close != std::string::npos) {
      std::istringstream fields(text.substr(close + 2));
      std::vector<std::string> f;
      for (std::string word; fields >> word;) f.push_back(word);
      // f[0] is field 3 (state): utime = 14, stime = 15, starttime = 22.
      if (f.size() > 19) {
        const double cpu = (std::stod(f[11]) + std::stod(f[12])) / ticks;
        out.push_back(single("process_cpu_seconds_total",
                             "Total user and system CPU time spent in seconds.",
                             MetricType::Counter, cpu));
        std::ifstream uptimeFile("/proc/uptime");
        double uptime = 0;
        if (uptimeFile >> uptime) {
          const double sinceBoot = std::stod(f[19]) / ticks;
          const double now = static_cast<double>(std::time(nullptr));
          out.push_back(single("process_start_time_seconds",
                               "Start time of the process since unix epoch in seconds.",
                               MetricType::Gauge, now - uptime + sinceBoot));
        }
      }
    }
  }
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  out.push_back(
      single("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, fds));
  auto build = family("kemid_build_info", "kemid's version.", MetricType::Gauge);
  addSample(build, 1, "version", KEMID_VERSION);
  out.push_back(std::move(build));
}

}  // namespace

std::vector<prometheus::MetricFamily> MetricsCollector::Collect() const {
  std::vector<prometheus::MetricFamily> out;
  // With a module that shapes the exposition (xhttp_prom) its parameters
  // decide, as in Kamailio: its own metrics first, then the internal
  // statistics it selects under its prefix. Without one, every statistic
  // under "kamailio_".
  const ExpositionShaper* shaper = registry_.expositionShaper();
  if (shaper != nullptr) shaper->collect(out);
  const std::string_view prefix = shaper != nullptr ? shaper->prefix() : kDefaultPrefix;
  // Kamailio's statistics are plain unsigned values (xhttp_prom prints no
  // type); untyped keeps their names exactly.
  for (const Statistic& s : registry_.statistics()) {
    if (shaper != nullptr && !statisticMatches(s, shaper->statisticsSelector())) continue;
    out.push_back(single(kamailioName(prefix, s), "Kamailio statistic " + s.group + ":" + s.name,
                         prometheus::MetricType::Untyped, static_cast<double>(s.value)));
  }
  for (MetricReading& reading : registry_.metrics()) out.push_back(familyOf(std::move(reading)));
  addProcess(out);
  return out;
}

Metrics::Metrics(const StatisticsRegistry& statistics)
    : registry_(std::make_shared<prometheus::Registry>()),
      collector_(std::make_shared<MetricsCollector>(statistics)) {}

std::string Metrics::render() const {
  std::vector<prometheus::MetricFamily> families = collector_->Collect();
  for (auto& f : registry_->Collect()) families.push_back(std::move(f));
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace kemid
