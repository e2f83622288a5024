// xhttp_prom as the host sees it: its parameters and init refusals, the API
// it publishes for /metrics, its KEMI functions through the descriptor
// table, and once the real xhttp_prom.so through the module loader.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/config_error.h"
#include "core/module_loader.h"
#include "prom_test_support.h"

namespace kemid::xhttp_prom::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::vector<std::pair<std::string, ParamValue>> kDeclarations{
    {"prom_counter", std::string("name=reqs_total; label=method:src")},
    {"prom_counter", std::string("name=plain_total")},
    {"prom_counter", std::string("name=c1; label=a")},
    {"prom_counter", std::string("name=c3; label=a:b:c")},
    {"prom_gauge", std::string("name=temp; label=room")},
    {"prom_gauge", std::string("name=g0")},
    {"prom_gauge", std::string("name=g2; label=a:b")},
    {"prom_gauge", std::string("name=g3; label=a:b:c")},
    {"prom_histogram", std::string("name=latency; label=m; buckets=0.1:1:10")},
    {"prom_histogram", std::string("name=h0; buckets=1")},
    {"prom_histogram", std::string("name=h2; label=a:b; buckets=1")},
    {"prom_histogram", std::string("name=h3; label=a:b:c; buckets=1")},
};

TEST_F(PromModuleTest, DefaultsAndThePublishedApi) {
  ASSERT_TRUE(init().ok());
  auto* api = host_.findApi<PromApi>();
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api, static_cast<PromApi*>(&module()));
  EXPECT_EQ(api->prefix(), "kamailio_");
  EXPECT_EQ(api->statisticsSelector(), "");
  EXPECT_THAT(samples(), IsEmpty());
}

TEST_F(PromModuleTest, Parameters) {
  ASSERT_TRUE(init({{"xhttp_prom_beginning", std::string("my_")},
                    {"xhttp_prom_stats", std::string("core:")},
                    {"xhttp_prom_timeout", std::int64_t{0}},
                    {"xhttp_prom_buf_size", std::int64_t{0}},
                    {"prom_counter", std::string("name=plain_total")}})
                  .ok());
  EXPECT_EQ(module().prefix(), "my_");
  EXPECT_EQ(module().statisticsSelector(), "core:");
  EXPECT_EQ(kemi("counter_inc_l0", {"plain_total", 2}), 1);
  EXPECT_THAT(samples(), ElementsAre("my_plain_total 2"));
}

TEST_F(PromModuleTest, AnEmptyPrefix) {
  ASSERT_TRUE(
      init({{"xhttp_prom_beginning", std::string("")}, {"prom_gauge", std::string("name=temp")}})
          .ok());
  EXPECT_EQ(kemi("gauge_set_l0", {"temp", "3"}), 1);
  EXPECT_THAT(samples(), ElementsAre("temp 3"));
}

// The loader reads each modparam through ModuleParams, which runs the
// ParamDefs' checks: a bad value is refused with its modparam line.
TEST_F(PromModuleTest, BadValuesAreRefusedWhenTheModparamIsRead) {
  ModuleParams params("xhttp_prom", descriptor().params);
  auto refusal = [&](std::string name, ParamValue value) -> std::string {
    try {
      params.set({std::move(name), std::move(value), {"kemid.cfg", 9, 1}});
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "accepted";
  };
  EXPECT_EQ(refusal("prom_counter", std::string("name=x; lable=a")),
            "kemid.cfg:9:1: parameter 'prom_counter' of module 'xhttp_prom': \"name=x; lable=a\": "
            "unknown key \"lable\" (expected name, label)");
  EXPECT_EQ(refusal("prom_gauge", std::string("name=g; label=a:b:c:d")),
            "kemid.cfg:9:1: parameter 'prom_gauge' of module 'xhttp_prom': \"name=g; "
            "label=a:b:c:d\": at most 3 labels, 4 given");
  EXPECT_EQ(refusal("prom_histogram", std::string("name=h; label=le")),
            "kemid.cfg:9:1: parameter 'prom_histogram' of module 'xhttp_prom': \"name=h; "
            "label=le\": label name \"le\" is reserved for histogram buckets");
  EXPECT_EQ(refusal("xhttp_prom_beginning", std::string("kam-")),
            "kemid.cfg:9:1: parameter 'xhttp_prom_beginning' of module 'xhttp_prom': \"kam-\": "
            "not a metric name prefix (expected empty or [a-zA-Z_:][a-zA-Z0-9_:]*)");
  EXPECT_EQ(refusal("xhttp_prom_timeout", std::int64_t{-1}),
            "kemid.cfg:9:1: parameter 'xhttp_prom_timeout' of module 'xhttp_prom' must be between "
            "0 and 52560000, found -1");
  EXPECT_NE(refusal("xhttp_prom_buf_size", std::int64_t{-1}), "accepted");
  EXPECT_NE(refusal("prom_counter", std::int64_t{1}), "accepted");
  EXPECT_NE(refusal("xhttp_prom_pkg_stats", std::int64_t{1}), "accepted");  // from 6.0 on
  EXPECT_EQ(refusal("prom_counter", std::string("name=ok")), "accepted");
}

TEST_F(PromModuleTest, ADuplicateNameFailsInit) {
  const HookResult result = init({{"prom_counter", std::string("name=reqs; label=a")},
                                  {"prom_gauge", std::string("name=reqs")}});
  EXPECT_EQ(result.error,
            "prom_gauge \"name=reqs\": metric \"reqs\" is already declared (metric names must be "
            "unique)");
  EXPECT_EQ(host_.findApi<PromApi>(), nullptr);
}

TEST_F(PromModuleTest, NoCheckUriOrDispatch) {
  for (const KemiFunctionDef& def : descriptor().kemi) {
    EXPECT_NE(def.name, "check_uri");
    EXPECT_NE(def.name, "dispatch");
    EXPECT_EQ(def.returns, KemiType::Int) << def.name;
  }
  EXPECT_EQ(descriptor().kemi.size(), 20u);
}

TEST_F(PromModuleTest, CountersWithZeroToThreeLabels) {
  ASSERT_TRUE(init(kDeclarations).ok());
  EXPECT_EQ(kemi("counter_inc_l0", {"plain_total", 8}), 1);
  EXPECT_EQ(kemi("counter_inc_l1", {"c1", 1, "x"}), 1);
  EXPECT_EQ(kemi("counter_inc_l2", {"reqs_total", 1, "OPTIONS", "127.0.0.1"}), 1);
  EXPECT_EQ(kemi("counter_inc_l3", {"c3", 2, "x", "y", "z"}), 1);
  EXPECT_EQ(kemi("counter_inc_l3", {"c3", 3, "x", "y", "z"}), 1);
  EXPECT_THAT(samples(), ElementsAre("kamailio_reqs_total{method=\"OPTIONS\",src=\"127.0.0.1\"} 1",
                                     "kamailio_plain_total 8", "kamailio_c1{a=\"x\"} 1",
                                     "kamailio_c3{a=\"x\",b=\"y\",c=\"z\"} 5"));
}

TEST_F(PromModuleTest, CounterResetAndZeroIncrement) {
  ASSERT_TRUE(init(kDeclarations).ok());
  EXPECT_EQ(kemi("counter_inc_l1", {"c1", 0, "zero"}), 1);
  EXPECT_EQ(kemi("counter_inc_l0", {"plain_total", 4}), 1);
  EXPECT_EQ(kemi("counter_reset_l0", {"plain_total"}), 1);
  EXPECT_EQ(kemi("counter_reset_l2", {"reqs_total", "INVITE", "a"}), 1);  // creates it
  EXPECT_EQ(kemi("counter_reset_l1", {"c1", "zero"}), 1);
  EXPECT_EQ(kemi("counter_reset_l3", {"c3", "x", "y", "z"}), 1);
  EXPECT_THAT(samples(), ElementsAre("kamailio_reqs_total{method=\"INVITE\",src=\"a\"} 0",
                                     "kamailio_plain_total 0", "kamailio_c1{a=\"zero\"} 0",
                                     "kamailio_c3{a=\"x\",b=\"y\",c=\"z\"} 0"));
}

TEST_F(PromModuleTest, GaugesWithZeroToThreeLabels) {
  ASSERT_TRUE(init(kDeclarations).ok());
  EXPECT_EQ(kemi("gauge_set_l0", {"g0", "-1.25"}), 1);
  EXPECT_EQ(kemi("gauge_set_l1", {"temp", "21.5", "kitchen"}), 1);
  EXPECT_EQ(kemi("gauge_set_l2", {"g2", "+7", "x", "y"}), 1);
  EXPECT_EQ(kemi("gauge_set_l3", {"g3", "1e3", "x", "y", "z"}), 1);
  EXPECT_EQ(kemi("gauge_set_l1", {"temp", "19", "hall"}), 1);
  EXPECT_THAT(samples(),
              ElementsAre("kamailio_temp{room=\"kitchen\"} 21.5", "kamailio_temp{room=\"hall\"} 19",
                          "kamailio_g0 -1.25", "kamailio_g2{a=\"x\",b=\"y\"} 7",
                          "kamailio_g3{a=\"x\",b=\"y\",c=\"z\"} 1000"));
  EXPECT_EQ(kemi("gauge_reset_l0", {"g0"}), 1);
  EXPECT_EQ(kemi("gauge_reset_l1", {"temp", "kitchen"}), 1);
  EXPECT_EQ(kemi("gauge_reset_l2", {"g2", "x", "y"}), 1);
  EXPECT_EQ(kemi("gauge_reset_l3", {"g3", "x", "y", "z"}), 1);
  EXPECT_THAT(samples(),
              ElementsAre("kamailio_temp{room=\"kitchen\"} 0", "kamailio_temp{room=\"hall\"} 19",
                          "kamailio_g0 0", "kamailio_g2{a=\"x\",b=\"y\"} 0",
                          "kamailio_g3{a=\"x\",b=\"y\",c=\"z\"} 0"));
}

TEST_F(PromModuleTest, HistogramsWithZeroToThreeLabels) {
  ASSERT_TRUE(init(kDeclarations).ok());
  EXPECT_EQ(kemi("histogram_observe_l0", {"h0", "0.5"}), 1);
  EXPECT_EQ(kemi("histogram_observe_l1", {"latency", "0.5", "OPTIONS"}), 1);
  EXPECT_EQ(kemi("histogram_observe_l2", {"h2", "2", "x", "y"}), 1);
  EXPECT_EQ(kemi("histogram_observe_l3", {"h3", "1", "x", "y", "z"}), 1);
  EXPECT_THAT(
      samples(),
      ElementsAre("kamailio_latency_count{m=\"OPTIONS\"} 1",
                  "kamailio_latency_sum{m=\"OPTIONS\"} 0.5",
                  "kamailio_latency_bucket{m=\"OPTIONS\",le=\"0.1\"} 0",
                  "kamailio_latency_bucket{m=\"OPTIONS\",le=\"1\"} 1",
                  "kamailio_latency_bucket{m=\"OPTIONS\",le=\"10\"} 1",
                  "kamailio_latency_bucket{m=\"OPTIONS\",le=\"+Inf\"} 1",
                  "kamailio_h0_count 1",  //
                  "kamailio_h0_sum 0.5",  //
                  "kamailio_h0_bucket{le=\"1\"} 1", "kamailio_h0_bucket{le=\"+Inf\"} 1",
                  "kamailio_h2_count{a=\"x\",b=\"y\"} 1", "kamailio_h2_sum{a=\"x\",b=\"y\"} 2",
                  "kamailio_h2_bucket{a=\"x\",b=\"y\",le=\"1\"} 0",
                  "kamailio_h2_bucket{a=\"x\",b=\"y\",le=\"+Inf\"} 1",
                  "kamailio_h3_count{a=\"x\",b=\"y\",c=\"z\"} 1",
                  "kamailio_h3_sum{a=\"x\",b=\"y\",c=\"z\"} 1",
                  "kamailio_h3_bucket{a=\"x\",b=\"y\",c=\"z\",le=\"1\"} 1",
                  "kamailio_h3_bucket{a=\"x\",b=\"y\",c=\"z\",le=\"+Inf\"} 1"));
}

TEST_F(PromModuleTest, KemiFailuresReturnMinusOneAndNameTheMetric) {
  ASSERT_TRUE(init(kDeclarations).ok());
  std::string log;
  EXPECT_EQ(kemiLogged("counter_inc_l0", {"nosuch", 1}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot add 1 to counter \"nosuch\": not declared by modparam "
                             "prom_counter"));
  EXPECT_EQ(kemiLogged("counter_inc_l1", {"reqs_total", 1, "OPTIONS"}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot add 1 to counter \"reqs_total\": declared with 2 labels "
                             "(method, src), given 1 label value"));
  EXPECT_EQ(kemiLogged("counter_inc_l0", {"plain_total", -1}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot add -1 to counter \"plain_total\": a counter never "
                             "decreases"));
  EXPECT_EQ(kemiLogged("gauge_set_l0", {"plain_total", "1"}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot set gauge \"plain_total\" to \"1\": declared by "
                             "prom_counter, not prom_gauge"));
  EXPECT_EQ(kemiLogged("gauge_set_l1", {"temp", "21,5", "kitchen"}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot set gauge \"temp\" to \"21,5\": not a finite number"));
  EXPECT_EQ(kemiLogged("gauge_set_l0", {"g0", ""}, log), -1);
  EXPECT_EQ(kemiLogged("histogram_observe_l1", {"latency", "fast", "m"}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot observe \"fast\" in histogram \"latency\": not a finite "
                             "number"));
  EXPECT_EQ(kemiLogged("histogram_observe_l2", {"latency", "1", "m", "x"}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot observe \"1\" in histogram \"latency\": declared with 1 "
                             "label (m), given 2 label values"));
  EXPECT_EQ(kemiLogged("counter_reset_l1", {"plain_total", "x"}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot reset counter \"plain_total\": declared without labels, "
                             "given 1 label value"));
  EXPECT_EQ(kemiLogged("gauge_reset_l0", {"nosuch"}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot reset gauge \"nosuch\": not declared by modparam "
                             "prom_gauge"));
  EXPECT_EQ(kemiLogged("counter_inc_l1", {"c1", 1, ""}, log), -1);
  EXPECT_THAT(log, HasSubstr("cannot add 1 to counter \"c1\": empty value for label a"));
  EXPECT_THAT(samples(), IsEmpty());
}

// The whole path once: xhttp_prom.so through the real loader, its KEMI and
// RPC registered, its API published.
TEST(PromLoaderTest, LoadsThroughTheModuleLoader) {
  Config config;
  config.modules.push_back({"xhttp_prom",
                            "xhttp_prom.so",
                            {{"prom_counter", std::string("name=reqs_total; label=method"), {}},
                             {"xhttp_prom_beginning", std::string("k_"), {}}},
                            {"kemid.cfg", 3, 1}});
  KemiRegistry registry;
  RpcRegistry rpc;
  ModuleSet modules(registry, rpc);
  modules.load(config, {KEMID_MODULE_OUTPUT_DIR});
  modules.init(config);

  const KemiExport* inc = registry.find("xhttp_prom", "counter_inc_l1");
  ASSERT_NE(inc, nullptr);
  std::vector<KemiArg> args{std::string_view("reqs_total"), std::int64_t{1},
                            std::string_view("OPTIONS")};
  KemiCall call{nullptr, inc->state, args};
  EXPECT_EQ(std::get<std::int64_t>(inc->def->handler(call)), 1);

  const RpcRegistry::Command* print = rpc.find("xhttp_prom.metric_list_print");
  ASSERT_NE(print, nullptr);
  Poco::Dynamic::Var result;
  RpcFault fault{0, {}};
  RpcCall rpcCall{print->state, {}, &result, &fault};
  print->def->handler(rpcCall);
  EXPECT_THAT(result.toString(), HasSubstr("k_reqs_total{method=\"OPTIONS\"} 1\n"));

  auto* api = modules.host().findApi<PromApi>();
  ASSERT_NE(api, nullptr);
  std::vector<prometheus::MetricFamily> families;
  api->collect(families);
  EXPECT_THAT(sampleLines(families), ElementsAre("k_reqs_total{method=\"OPTIONS\"} 1"));
  modules.shutdown();
}

TEST(PromLoaderTest, ABadDeclarationStopsTheStartAtItsModparam) {
  Config config;
  config.modules.push_back(
      {"xhttp_prom",
       "xhttp_prom.so",
       {{"prom_histogram", std::string("name=h; buckets=2:1"), {"kemid.cfg", 4, 1}}},
       {"kemid.cfg", 3, 1}});
  KemiRegistry registry;
  RpcRegistry rpc;
  ModuleSet modules(registry, rpc);
  try {
    modules.load(config, {KEMID_MODULE_OUTPUT_DIR});
    FAIL() << "a bad declaration was accepted";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "kemid.cfg:4:1: parameter 'prom_histogram' of module 'xhttp_prom': \"name=h; "
                 "buckets=2:1\": bucket bounds must increase strictly: 1 follows 2");
  }
}

TEST(PromLoaderTest, ADuplicateNameStopsTheStartAtItsLoadmodule) {
  Config config;
  config.modules.push_back({"xhttp_prom",
                            "xhttp_prom.so",
                            {{"prom_counter", std::string("name=m"), {"kemid.cfg", 4, 1}},
                             {"prom_histogram", std::string("name=m"), {"kemid.cfg", 5, 1}}},
                            {"kemid.cfg", 3, 1}});
  KemiRegistry registry;
  RpcRegistry rpc;
  ModuleSet modules(registry, rpc);
  modules.load(config, {KEMID_MODULE_OUTPUT_DIR});
  try {
    modules.init(config);
    FAIL() << "a duplicate metric name was accepted";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "kemid.cfg:3:1: module 'xhttp_prom' failed to initialise: prom_histogram "
                 "\"name=m\": metric \"m\" is already declared (metric names must be unique)");
  }
  EXPECT_EQ(rpc.find("xhttp_prom.counter_inc"), nullptr);
}

}  // namespace
}  // namespace kemid::xhttp_prom::testing
