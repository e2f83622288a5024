// xhttp_prom.* RPC commands: updates, metric_list_print, and the faults for
// missing or mistyped params (400) and refused updates (500).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "prom_test_support.h"

namespace kemid::xhttp_prom::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Var = Poco::Dynamic::Var;

class PromRpcTest : public PromModuleTest {
 protected:
  void SetUp() override {
    PromModuleTest::SetUp();
    ASSERT_TRUE(init({{"prom_counter", std::string("name=reqs_total; label=method:src")},
                      {"prom_counter", std::string("name=plain_total")},
                      {"prom_gauge", std::string("name=temp; label=room")},
                      {"prom_histogram", std::string("name=latency; label=m; buckets=0.1:1:10")}})
                    .ok());
  }

  void expectFault(const RpcOutcome& out, int code, const std::string& message) {
    EXPECT_EQ(out.fault.code, code) << out.fault.message;
    EXPECT_EQ(out.fault.message, message);
  }
};

TEST_F(PromRpcTest, Updates) {
  for (const RpcOutcome& out :
       {rpc("xhttp_prom.counter_inc", {"reqs_total", 1, "OPTIONS", "127.0.0.1"}),
        rpc("xhttp_prom.counter_inc", {"plain_total", 8}),
        rpc("xhttp_prom.gauge_set", {"temp", 21.5, "kitchen"}),
        rpc("xhttp_prom.gauge_set", {"temp", 3, "hall"}),
        rpc("xhttp_prom.histogram_observe", {"latency", 0.5, "OPTIONS"})}) {
    EXPECT_EQ(out.fault.code, 0) << out.fault.message;
    EXPECT_TRUE(out.result.isEmpty());  // answered as {}
  }
  EXPECT_THAT(
      samples(),
      ElementsAre("kamailio_reqs_total{method=\"OPTIONS\",src=\"127.0.0.1\"} 1",
                  "kamailio_plain_total 8", "kamailio_temp{room=\"kitchen\"} 21.5",
                  "kamailio_temp{room=\"hall\"} 3", "kamailio_latency_count{m=\"OPTIONS\"} 1",
                  "kamailio_latency_sum{m=\"OPTIONS\"} 0.5",
                  "kamailio_latency_bucket{m=\"OPTIONS\",le=\"0.1\"} 0",
                  "kamailio_latency_bucket{m=\"OPTIONS\",le=\"1\"} 1",
                  "kamailio_latency_bucket{m=\"OPTIONS\",le=\"10\"} 1",
                  "kamailio_latency_bucket{m=\"OPTIONS\",le=\"+Inf\"} 1"));
}

TEST_F(PromRpcTest, ZeroIncrementCreatesASeriesAndResetsSetZero) {
  EXPECT_EQ(rpc("xhttp_prom.counter_inc", {"reqs_total", 0, "m", "x"}).fault.code, 0);
  EXPECT_EQ(rpc("xhttp_prom.counter_inc", {"plain_total", 5}).fault.code, 0);
  EXPECT_EQ(rpc("xhttp_prom.counter_reset", {"plain_total"}).fault.code, 0);
  EXPECT_EQ(rpc("xhttp_prom.gauge_reset", {"temp", "hall"}).fault.code, 0);
  EXPECT_THAT(samples(), ElementsAre("kamailio_reqs_total{method=\"m\",src=\"x\"} 0",
                                     "kamailio_plain_total 0", "kamailio_temp{room=\"hall\"} 0"));
}

TEST_F(PromRpcTest, NumericLabelValuesAreReadAsText) {
  // kemictl sends "200" as a JSON number.
  EXPECT_EQ(rpc("xhttp_prom.counter_inc", {"reqs_total", 1, "INVITE", 200}).fault.code, 0);
  EXPECT_THAT(samples(), ElementsAre("kamailio_reqs_total{method=\"INVITE\",src=\"200\"} 1"));
}

TEST_F(PromRpcTest, MetricListPrint) {
  RpcOutcome empty = rpc("xhttp_prom.metric_list_print");
  EXPECT_EQ(empty.fault.code, 0);
  EXPECT_EQ(empty.result.toString(), "");

  rpc("xhttp_prom.counter_inc", {"plain_total", 2});
  rpc("xhttp_prom.gauge_set", {"temp", 1.5, "x"});
  RpcOutcome out = rpc("xhttp_prom.metric_list_print");
  EXPECT_EQ(out.fault.code, 0);
  EXPECT_EQ(out.result.toString(),
            "# HELP kamailio_plain_total User defined counter\n"
            "# TYPE kamailio_plain_total counter\n"
            "kamailio_plain_total 2\n"
            "# HELP kamailio_temp User defined gauge\n"
            "# TYPE kamailio_temp gauge\n"
            "kamailio_temp{room=\"x\"} 1.5\n");
}

TEST_F(PromRpcTest, RefusedUpdatesFault500) {
  expectFault(rpc("xhttp_prom.counter_inc", {"nosuch", 1}), 500,
              "Failed to add 1 to counter: nosuch");
  expectFault(rpc("xhttp_prom.counter_inc", {"reqs_total", 1, "OPTIONS"}), 500,
              "Failed to add 1 to counter: reqs_total (OPTIONS)");
  expectFault(rpc("xhttp_prom.counter_inc", {"plain_total", 1, "a", "b", "c", "d"}), 500,
              "Failed to add 1 to counter: plain_total (a, b, c, d)");
  expectFault(rpc("xhttp_prom.counter_reset", {"temp", "x"}), 500,
              "Failed to reset counter: temp (x)");
  expectFault(rpc("xhttp_prom.gauge_set", {"temp", 1.5}), 500,
              "Failed to assign 1.500000 to gauge: temp");
  expectFault(rpc("xhttp_prom.gauge_reset", {"nosuch", "a", "b"}), 500,
              "Failed to reset gauge: nosuch (a, b)");
  expectFault(rpc("xhttp_prom.histogram_observe", {"latency", 2, "m", "x"}), 500,
              "Failed to observe 2.000000 in histogram: latency (m, x)");
  expectFault(rpc("xhttp_prom.gauge_set", {"temp", 1, ""}), 500,
              "Failed to assign 1.000000 to gauge: temp ()");
  EXPECT_THAT(samples(), IsEmpty());
}

TEST_F(PromRpcTest, MissingOrMistypedParamsFault400) {
  expectFault(rpc("xhttp_prom.counter_inc"), 400, "required counter identifier");
  expectFault(rpc("xhttp_prom.counter_inc", {7, 1}), 400, "required counter identifier");
  expectFault(rpc("xhttp_prom.counter_inc", {"", 1}), 400, "invalid counter identifier");
  expectFault(rpc("xhttp_prom.counter_inc", {"plain_total"}), 400, "required number argument");
  expectFault(rpc("xhttp_prom.counter_inc", {"plain_total", "1"}), 400, "required number argument");
  expectFault(rpc("xhttp_prom.counter_inc", {"plain_total", 1.5}), 400, "required number argument");
  expectFault(rpc("xhttp_prom.counter_inc", {"plain_total", true}), 400,
              "required number argument");
  expectFault(
      rpc("xhttp_prom.counter_inc", {"plain_total", std::numeric_limits<Poco::UInt64>::max()}), 400,
      "required number argument");
  expectFault(rpc("xhttp_prom.counter_inc", {"plain_total", -1}), 400,
              "invalid negative number parameter");
  expectFault(rpc("xhttp_prom.counter_reset", {}), 400, "required counter identifier");
  expectFault(rpc("xhttp_prom.gauge_set", {"temp"}), 400, "required number argument");
  // Kamailio reads a string as 0; kemid refuses it.
  expectFault(rpc("xhttp_prom.gauge_set", {"temp", "1.5", "x"}), 400, "required number argument");
  expectFault(rpc("xhttp_prom.gauge_reset", {Var()}), 400, "required gauge identifier");
  expectFault(rpc("xhttp_prom.histogram_observe", {}), 400, "required histogram identifier");
  expectFault(rpc("xhttp_prom.histogram_observe", {"latency", false, "m"}), 400,
              "required number argument");
  expectFault(rpc("xhttp_prom.counter_inc", {"reqs_total", 1, "m", true}), 400,
              "label values must be strings");
  EXPECT_THAT(samples(), IsEmpty());
}

}  // namespace
}  // namespace kemid::xhttp_prom::testing
