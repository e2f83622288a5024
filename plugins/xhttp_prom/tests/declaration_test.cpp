// prom_counter / prom_gauge / prom_histogram values and the
// number syntax shared with gauge_set and histogram_observe.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "metric_declaration.h"
#include "number_text.h"

namespace kemid::xhttp_prom {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

MetricDeclaration parsed(MetricKind kind, std::string_view text) {
  DeclarationResult result = parseDeclaration(kind, text);
  EXPECT_TRUE(result.ok()) << result.error;
  return result.declaration;
}

std::string errorOf(MetricKind kind, std::string_view text) {
  DeclarationResult result = parseDeclaration(kind, text);
  EXPECT_FALSE(result.ok()) << text;
  return result.error;
}

TEST(DeclarationTest, NameAndLabels) {
  const MetricDeclaration d = parsed(MetricKind::Counter, "name=reqs_total; label=method:src");
  EXPECT_EQ(d.kind, MetricKind::Counter);
  EXPECT_EQ(d.name, "reqs_total");
  EXPECT_THAT(d.labels, ElementsAre("method", "src"));
  EXPECT_THAT(d.buckets, IsEmpty());
}

TEST(DeclarationTest, NameOnly) {
  const MetricDeclaration d = parsed(MetricKind::Gauge, "name=temp");
  EXPECT_EQ(d.kind, MetricKind::Gauge);
  EXPECT_EQ(d.name, "temp");
  EXPECT_THAT(d.labels, IsEmpty());
}

TEST(DeclarationTest, SpacesAroundItemsAndATrailingSemicolon) {
  const MetricDeclaration d = parsed(MetricKind::Counter, "  name = a:b_c ;label= l1 : l2:l3 ;  ");
  EXPECT_EQ(d.name, "a:b_c");
  EXPECT_THAT(d.labels, ElementsAre("l1", "l2", "l3"));
  EXPECT_EQ(parsed(MetricKind::Counter, "label=x;name=y;").name, "y");
}

TEST(DeclarationTest, HistogramBuckets) {
  const MetricDeclaration d =
      parsed(MetricKind::Histogram, "name=latency; label=m; buckets=0.1:1:10");
  EXPECT_THAT(d.buckets, ElementsAre(0.1, 1, 10));
  EXPECT_THAT(d.labels, ElementsAre("m"));
  EXPECT_THAT(parsed(MetricKind::Histogram, "name=h; buckets=-1 : 0 : 2.5e1").buckets,
              ElementsAre(-1, 0, 25));
}

TEST(DeclarationTest, HistogramDefaultBuckets) {
  EXPECT_THAT(parsed(MetricKind::Histogram, "name=latency").buckets,
              ElementsAreArray(kDefaultBuckets));
}

TEST(DeclarationTest, Refusals) {
  using enum MetricKind;
  EXPECT_EQ(errorOf(Counter, "name=x; lable=a"),
            "\"name=x; lable=a\": unknown key \"lable\" (expected name, label)");
  EXPECT_EQ(errorOf(Gauge, "name=x; buckets=1:2"),
            "\"name=x; buckets=1:2\": unknown key \"buckets\" (expected name, label)");
  EXPECT_EQ(errorOf(Histogram, "name=x; bucket=1"),
            "\"name=x; bucket=1\": unknown key \"bucket\" (expected name, label, "
            "buckets)");
  EXPECT_EQ(errorOf(Counter, "label=a"), "\"label=a\": missing name=NAME");
  EXPECT_EQ(errorOf(Counter, ""), "\"\": empty declaration (expected name=NAME; label=l1:l2:l3)");
  EXPECT_EQ(errorOf(Counter, "name=x;;label=a"),
            "\"name=x;;label=a\": empty item between ';' separators");
  EXPECT_EQ(errorOf(Counter, "reqs"),
            "\"reqs\": item \"reqs\" is not key=value (expected name, label)");
  EXPECT_EQ(errorOf(Counter, "name=a; name=b"), "\"name=a; name=b\": key \"name\" given twice");
  EXPECT_EQ(errorOf(Counter, "name=1x"),
            "\"name=1x\": invalid metric name \"1x\" (expected "
            "[a-zA-Z_:][a-zA-Z0-9_:]*)");
  EXPECT_EQ(errorOf(Counter, "name=a-b"),
            "\"name=a-b\": invalid metric name \"a-b\" (expected "
            "[a-zA-Z_:][a-zA-Z0-9_:]*)");
  EXPECT_EQ(errorOf(Counter, "name="),
            "\"name=\": invalid metric name \"\" (expected [a-zA-Z_:][a-zA-Z0-9_:]*)");
}

TEST(DeclarationTest, LabelRefusals) {
  using enum MetricKind;
  EXPECT_EQ(errorOf(Counter, "name=x; label=a:b:c:d"),
            "\"name=x; label=a:b:c:d\": at most 3 labels, 4 given");
  EXPECT_EQ(errorOf(Counter, "name=x; label=a:b:"),
            "\"name=x; label=a:b:\": empty label name (expected label=l1:l2:l3)");
  EXPECT_EQ(errorOf(Gauge, "name=x; label=a:b:a"),
            "\"name=x; label=a:b:a\": label \"a\" given twice");
}

TEST(DeclarationTest, LabelNameSyntax) {
  using enum MetricKind;
  EXPECT_EQ(errorOf(Counter, "name=x; label=m:1a"),
            "\"name=x; label=m:1a\": invalid label name \"1a\" (expected "
            "[a-zA-Z_][a-zA-Z0-9_]*)");
  EXPECT_EQ(errorOf(Gauge, "name=x; label=a.b"),
            "\"name=x; label=a.b\": invalid label name \"a.b\" (expected "
            "[a-zA-Z_][a-zA-Z0-9_]*)");
  EXPECT_EQ(errorOf(Counter, "name=x; label=__name"),
            "\"name=x; label=__name\": label name \"__name\" is reserved: names "
            "starting with __ belong to Prometheus");
  EXPECT_EQ(errorOf(Histogram, "name=x; label=m:le"),
            "\"name=x; label=m:le\": label name \"le\" is reserved for "
            "histogram buckets");
  // Only histograms reserve "le".
  EXPECT_THAT(parsed(Counter, "name=x; label=le:_a:B9").labels, ElementsAre("le", "_a", "B9"));
}

TEST(DeclarationTest, BucketRefusals) {
  using enum MetricKind;
  EXPECT_EQ(errorOf(Histogram, "name=h; buckets=1:0.5"),
            "\"name=h; buckets=1:0.5\": bucket bounds must increase strictly: 0.5 "
            "follows 1");
  EXPECT_EQ(errorOf(Histogram, "name=h; buckets=1:1"),
            "\"name=h; buckets=1:1\": bucket bounds must increase strictly: 1 "
            "follows 1");
  EXPECT_EQ(errorOf(Histogram, "name=h; buckets=0.1:abc"),
            "\"name=h; buckets=0.1:abc\": bucket bound \"abc\" is not a finite "
            "number");
  EXPECT_EQ(errorOf(Histogram, "name=h; buckets=1:inf"),
            "\"name=h; buckets=1:inf\": bucket bound \"inf\" is not a finite "
            "number");
  EXPECT_EQ(errorOf(Histogram, "name=h; buckets="),
            "\"name=h; buckets=\": empty bucket bound (expected "
            "buckets=b1:b2:b3)");
  EXPECT_EQ(errorOf(Histogram, "name=h; buckets=1::2"),
            "\"name=h; buckets=1::2\": empty bucket bound (expected "
            "buckets=b1:b2:b3)");
}

TEST(DeclarationTest, TheLoadersChecks) {
  EXPECT_EQ(checkDeclaration<MetricKind::Counter>("name=a; label=b"), "");
  EXPECT_EQ(checkDeclaration<MetricKind::Gauge>("name=a; buckets=1"),
            "\"name=a; buckets=1\": unknown key \"buckets\" (expected name, label)");
  EXPECT_EQ(checkDeclaration<MetricKind::Histogram>("name=a; buckets=1"), "");
  EXPECT_EQ(checkPrefix(""), "");
  EXPECT_EQ(checkPrefix("kamailio_"), "");
  EXPECT_EQ(checkPrefix("kam-"),
            "\"kam-\": not a metric name prefix (expected empty or [a-zA-Z_:][a-zA-Z0-9_:]*)");
}

TEST(DeclarationTest, NameSyntax) {
  EXPECT_TRUE(isMetricName("kamailio_"));
  EXPECT_TRUE(isMetricName(":a:b_9"));
  EXPECT_FALSE(isMetricName(""));
  EXPECT_FALSE(isMetricName("9a"));
  EXPECT_FALSE(isMetricName("a b"));
  EXPECT_TRUE(isLabelName("_x9"));
  EXPECT_FALSE(isLabelName("x:y"));
  EXPECT_FALSE(isLabelName("0"));
}

TEST(NumberTextTest, WholeFiniteNumbersOnly) {
  EXPECT_EQ(parseFiniteNumber("21.5"), 21.5);
  EXPECT_EQ(parseFiniteNumber("-3"), -3);
  EXPECT_EQ(parseFiniteNumber("+1e3"), 1000);
  EXPECT_EQ(parseFiniteNumber(".5"), 0.5);
  for (std::string_view bad :
       {"", " 1", "1 ", "1.5x", "abc", "0x10", "inf", "nan", "+", "+-1", "1e999"}) {
    EXPECT_EQ(parseFiniteNumber(bad), std::nullopt) << bad;
  }
}

TEST(NumberTextTest, ShortestText) {
  EXPECT_EQ(formatNumber(1.5), "1.5");
  EXPECT_EQ(formatNumber(100), "100");
  EXPECT_EQ(formatNumber(0.005), "0.005");
}

}  // namespace
}  // namespace kemid::xhttp_prom
