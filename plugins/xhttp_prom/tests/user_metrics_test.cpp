// The series store: what each update does to the exposition, label checks,
// creation order, histograms and the xhttp_prom_timeout expiry (with a clock
// the test moves).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "prom_test_support.h"
#include "user_metrics.h"

namespace kemid::xhttp_prom::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

MetricDeclaration declared(MetricKind kind, std::string_view text) {
  DeclarationResult result = parseDeclaration(kind, text);
  EXPECT_TRUE(result.ok()) << result.error;
  return result.declaration;
}

class UserMetricsTest : public ::testing::Test {
 protected:
  UserMetricsTest() {
    metrics_.declare(declared(MetricKind::Counter, "name=reqs_total; label=method:src"));
    metrics_.declare(declared(MetricKind::Counter, "name=plain_total"));
    metrics_.declare(declared(MetricKind::Gauge, "name=temp; label=room"));
    metrics_.declare(declared(MetricKind::Histogram, "name=latency; label=m; buckets=0.1:1:10"));
  }

  std::vector<std::string> samples(std::string_view prefix = "kamailio_") const {
    std::vector<prometheus::MetricFamily> families;
    metrics_.collect(prefix, families);
    return sampleLines(families);
  }

  SteadyClock::time_point now_{};  // the test's clock
  UserMetrics metrics_{60min, [this] { return now_; }};
};

using Labels = std::vector<std::string_view>;

TEST_F(UserMetricsTest, NothingShowsBeforeTheFirstUpdate) {
  EXPECT_THAT(samples(), IsEmpty());
}

TEST_F(UserMetricsTest, TheExpositionOfEachKind) {
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"OPTIONS", "127.0.0.1"}).ok());
  ASSERT_TRUE(metrics_.counterAdd("plain_total", 8, {}).ok());
  ASSERT_TRUE(metrics_.gaugeSet("temp", 21.5, Labels{"kitchen"}).ok());
  ASSERT_TRUE(metrics_.histogramObserve("latency", 0.5, Labels{"OPTIONS"}).ok());

  std::vector<prometheus::MetricFamily> families;
  metrics_.collect("kamailio_", families);
  EXPECT_THAT(
      renderLines(families),
      ElementsAre(
          "# HELP kamailio_reqs_total User defined counter", "# TYPE kamailio_reqs_total counter",
          "kamailio_reqs_total{method=\"OPTIONS\",src=\"127.0.0.1\"} 1",
          "# HELP kamailio_plain_total User defined counter",
          "# TYPE kamailio_plain_total counter",  //
          "kamailio_plain_total 8",
          "# HELP kamailio_temp User defined gauge",  //
          "# TYPE kamailio_temp gauge",               //
          "kamailio_temp{room=\"kitchen\"} 21.5", "# HELP kamailio_latency User defined histogram",
          "# TYPE kamailio_latency histogram", "kamailio_latency_count{m=\"OPTIONS\"} 1",
          "kamailio_latency_sum{m=\"OPTIONS\"} 0.5",
          "kamailio_latency_bucket{m=\"OPTIONS\",le=\"0.1\"} 0",
          "kamailio_latency_bucket{m=\"OPTIONS\",le=\"1\"} 1",
          "kamailio_latency_bucket{m=\"OPTIONS\",le=\"10\"} 1",
          "kamailio_latency_bucket{m=\"OPTIONS\",le=\"+Inf\"} 1"));
}

TEST_F(UserMetricsTest, CountersAddAndSeriesKeepTheirCreationOrder) {
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"OPTIONS", "b"}).ok());
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 2, Labels{"INVITE", "a"}).ok());
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 3, Labels{"OPTIONS", "b"}).ok());
  EXPECT_THAT(samples(), ElementsAre("kamailio_reqs_total{method=\"OPTIONS\",src=\"b\"} 4",
                                     "kamailio_reqs_total{method=\"INVITE\",src=\"a\"} 2"));
}

TEST_F(UserMetricsTest, LabelValuesAreKeptApart) {
  // "a:b" + "c" and "a" + "b:c" must not share a series.
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"a:b", "c"}).ok());
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"a", "b:c"}).ok());
  EXPECT_EQ(samples().size(), 2u);
}

TEST_F(UserMetricsTest, AddingZeroAndResettingCreateASeries) {
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 0, Labels{"m", "x"}).ok());
  ASSERT_TRUE(metrics_.counterReset("plain_total", {}).ok());
  ASSERT_TRUE(metrics_.gaugeReset("temp", Labels{"hall"}).ok());
  EXPECT_THAT(samples(), ElementsAre("kamailio_reqs_total{method=\"m\",src=\"x\"} 0",
                                     "kamailio_plain_total 0", "kamailio_temp{room=\"hall\"} 0"));
}

TEST_F(UserMetricsTest, ResetSetsZero) {
  ASSERT_TRUE(metrics_.counterAdd("plain_total", 5, {}).ok());
  ASSERT_TRUE(metrics_.gaugeSet("temp", -4.25, Labels{"hall"}).ok());
  EXPECT_THAT(samples(),
              ElementsAre("kamailio_plain_total 5", "kamailio_temp{room=\"hall\"} -4.25"));
  ASSERT_TRUE(metrics_.counterReset("plain_total", {}).ok());
  ASSERT_TRUE(metrics_.gaugeReset("temp", Labels{"hall"}).ok());
  EXPECT_THAT(samples(), ElementsAre("kamailio_plain_total 0", "kamailio_temp{room=\"hall\"} 0"));
}

TEST_F(UserMetricsTest, HistogramBucketsAreCumulativeAndInclusive) {
  for (double v : {0.1, 0.05, 1.0, 5.0, 11.0}) {
    ASSERT_TRUE(metrics_.histogramObserve("latency", v, Labels{"INVITE"}).ok());
  }
  EXPECT_THAT(samples(), ElementsAre("kamailio_latency_count{m=\"INVITE\"} 5",
                                     "kamailio_latency_sum{m=\"INVITE\"} 17.15",
                                     "kamailio_latency_bucket{m=\"INVITE\",le=\"0.1\"} 2",
                                     "kamailio_latency_bucket{m=\"INVITE\",le=\"1\"} 3",
                                     "kamailio_latency_bucket{m=\"INVITE\",le=\"10\"} 4",
                                     "kamailio_latency_bucket{m=\"INVITE\",le=\"+Inf\"} 5"));
}

TEST_F(UserMetricsTest, RefusalsSayWhy) {
  EXPECT_EQ(metrics_.counterAdd("nosuch", 1, {}).refusal, "not declared by modparam prom_counter");
  EXPECT_EQ(metrics_.gaugeSet("plain_total", 1, {}).refusal,
            "declared by prom_counter, not prom_gauge");
  EXPECT_EQ(metrics_.counterAdd("reqs_total", 1, Labels{"OPTIONS"}).refusal,
            "declared with 2 labels (method, src), given 1 label value");
  EXPECT_EQ(metrics_.counterAdd("plain_total", 1, Labels{"x"}).refusal,
            "declared without labels, given 1 label value");
  EXPECT_EQ(metrics_.gaugeSet("temp", 1, {}).refusal,
            "declared with 1 label (room), given 0 label values");
  EXPECT_EQ(metrics_.counterAdd("reqs_total", 1, Labels{"OPTIONS", ""}).refusal,
            "empty value for label src");
  EXPECT_THAT(samples(), IsEmpty());
}

TEST_F(UserMetricsTest, DuplicateNamesAreRefused) {
  EXPECT_FALSE(metrics_.declare(declared(MetricKind::Gauge, "name=plain_total")));
  ASSERT_NE(metrics_.find("plain_total"), nullptr);
  EXPECT_EQ(metrics_.find("plain_total")->kind, MetricKind::Counter);
  EXPECT_EQ(metrics_.find("nosuch"), nullptr);
}

TEST_F(UserMetricsTest, ThePrefixIsPrependedAsIs) {
  ASSERT_TRUE(metrics_.counterAdd("plain_total", 1, {}).ok());
  EXPECT_THAT(samples("my:"), ElementsAre("my:plain_total 1"));
  EXPECT_THAT(samples(""), ElementsAre("plain_total 1"));
}

TEST_F(UserMetricsTest, UntouchedSeriesExpire) {
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"A", "x"}).ok());
  ASSERT_TRUE(metrics_.counterAdd("plain_total", 1, {}).ok());
  now_ += 30min;
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"B", "x"}).ok());
  ASSERT_TRUE(metrics_.counterAdd("plain_total", 1, {}).ok());  // touched: lives on
  now_ += 60min;  // A: 90 minutes untouched, B and plain: 60 (not longer than the timeout)
  EXPECT_THAT(samples(), ElementsAre("kamailio_reqs_total{method=\"B\",src=\"x\"} 1",
                                     "kamailio_plain_total 2"));
  now_ += 1s;
  EXPECT_THAT(samples(), IsEmpty());
}

TEST_F(UserMetricsTest, AnExpiredSeriesStartsAgainFromZero) {
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 5, Labels{"A", "x"}).ok());
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"B", "x"}).ok());
  now_ += 61min;
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"B", "x"}).ok());
  // Expired, though no collect() has dropped it yet: a new series, created last.
  ASSERT_TRUE(metrics_.counterAdd("reqs_total", 1, Labels{"A", "x"}).ok());
  EXPECT_THAT(samples(), ElementsAre("kamailio_reqs_total{method=\"B\",src=\"x\"} 1",
                                     "kamailio_reqs_total{method=\"A\",src=\"x\"} 1"));
}

TEST(UserMetricsTimeoutTest, ZeroKeepsSeriesForever) {
  SteadyClock::time_point now{};
  UserMetrics metrics(0min, [&] { return now; });
  metrics.declare(declared(MetricKind::Gauge, "name=g"));
  ASSERT_TRUE(metrics.gaugeSet("g", 1, {}).ok());
  now += 24h * 365;
  std::vector<prometheus::MetricFamily> families;
  metrics.collect("", families);
  EXPECT_THAT(sampleLines(families), ElementsAre("g 1"));
}

TEST(UserMetricsThreadsTest, ConcurrentUpdatesAllCount) {
  UserMetrics metrics(60min);
  metrics.declare(declared(MetricKind::Counter, "name=c; label=t"));
  metrics.declare(declared(MetricKind::Histogram, "name=h"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics, t] {
      const std::string label = t % 2 == 0 ? "even" : "odd";
      for (int i = 0; i < 1000; ++i) {
        ASSERT_TRUE(metrics.counterAdd("c", 1, Labels{label}).ok());
        ASSERT_TRUE(metrics.histogramObserve("h", 0.01, {}).ok());
        if (i % 100 == 0) {
          std::vector<prometheus::MetricFamily> families;
          metrics.collect("", families);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<prometheus::MetricFamily> families;
  metrics.collect("", families);
  const auto lines = sampleLines(families);
  EXPECT_THAT(lines, ::testing::Contains("c{t=\"even\"} 2000"));
  EXPECT_THAT(lines, ::testing::Contains("c{t=\"odd\"} 2000"));
  EXPECT_THAT(lines, ::testing::Contains("h_count 4000"));
}

}  // namespace
}  // namespace kemid::xhttp_prom::testing
