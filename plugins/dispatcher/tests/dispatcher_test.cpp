// dispatcher: list parsing, the selection algorithms, failover, the state
// machine and the RPC answers, through the module's descriptor.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <string>

#include "core/message_context.h"
#include "destination_list.h"
#include "dispatcher_module.h"
#include "prober.h"
#include "selection.h"
#include "set_order.h"
#include "sip/sip_message.h"
#include "support/fake_network.h"
#include "support/plugin_harness.h"
#include "support/process.h"

namespace kemid::dispatcher {
namespace {

std::shared_ptr<DestinationList> list(std::string_view text) {
  std::string error;
  auto parsed = parseListText(text, error);
  EXPECT_TRUE(parsed) << error;
  return parsed;
}

std::vector<std::string> uris(const DestinationSetData& set) {
  std::vector<std::string> out;
  for (const auto& d : set.destinations) out.push_back(d->uri);
  return out;
}

TEST(ListFile, ReadsSetUriFlagsPriorityAndAttributes) {
  auto l = list(
      "# comment\n"
      "1 sip:127.0.0.1:5401 0 0 duid=a;weight=50;maxload=3\n"
      "\n"
      "1 sip:127.0.0.1:5402 8 5   # probing, priority 5\n"
      "2 127.0.0.1:5403\n");
  ASSERT_EQ(l->sets().size(), 2u);
  const DestinationSetData& one = *l->set(1);
  // Highest priority first.
  EXPECT_EQ(uris(one), (std::vector<std::string>{"sip:127.0.0.1:5402", "sip:127.0.0.1:5401"}));
  EXPECT_EQ(one.destinations[0]->flags.load(), kProbing);
  EXPECT_EQ(one.destinations[1]->attrs.duid, "a");
  EXPECT_EQ(one.destinations[1]->attrs.weight, 50);
  EXPECT_EQ(one.destinations[1]->attrs.maxload, 3);
  EXPECT_EQ(one.destinations[1]->attrs.body, "duid=a;weight=50;maxload=3");
  // The scheme may be left out.
  EXPECT_EQ(uris(*l->set(2)), (std::vector<std::string>{"sip:127.0.0.1:5403"}));
}

TEST(ListFile, EqualPrioritiesAreKeptInReverseOrderAsKamailioDoes) {
  auto l = list("1 sip:127.0.0.1:1\n1 sip:127.0.0.1:2\n1 sip:127.0.0.1:3\n");
  EXPECT_EQ(uris(*l->set(1)),
            (std::vector<std::string>{"sip:127.0.0.1:3", "sip:127.0.0.1:2", "sip:127.0.0.1:1"}));
}

TEST(ListFile, ALineWithoutUriFailsTheList) {
  std::string error;
  EXPECT_FALSE(parseListText("1 sip:127.0.0.1\n2\n", error));
  EXPECT_NE(error.find("bad line"), std::string::npos);
}

TEST(ListFile, SetsAreWalkedInKamailiosTreeOrder) {
  EXPECT_EQ(kamailioSetOrder(*list("1 sip:127.0.0.1\n2 sip:127.0.0.1\n")),
            (std::vector<int>{2, 1}));
  EXPECT_EQ(kamailioSetOrder(*list("1 sip:127.0.0.1\n2 sip:127.0.0.1\n3 sip:127.0.0.1\n")),
            (std::vector<int>{1, 3, 2}));
}

TEST(Hash, IsKamailiosHashOverTheKeys) {
  // As Kamailio 5.6's dispatcher.hash answers (measured).
  EXPECT_EQ(dispatcherHash("abc", std::nullopt), 7167810u);
  EXPECT_EQ(dispatcherHash("abcd", "sip.example"), 1421186898u);
  EXPECT_EQ(dispatcherHash("", std::nullopt), 1u);  // 0 is never returned
  EXPECT_EQ(dispatcherHash("abcd", std::nullopt), dispatcherHash("abcd", ""));
  EXPECT_NE(dispatcherHash("abcd", std::nullopt), dispatcherHash("abce", std::nullopt));
  // The port is part of the key unless it is the default one.
  EXPECT_EQ(uriHash("sip:bob@example.com:5060", false), uriHash("sip:bob@example.com", false));
  EXPECT_NE(uriHash("sip:bob@example.com:5070", false), uriHash("sip:bob@example.com", false));
  EXPECT_EQ(uriHash("sip:bob@a.com", true), uriHash("sip:bob@b.com", true));
}

TEST(Select, RoundRobinWalksTheSetAndKeepsTheOthersForFailover) {
  auto l = list("1 sip:127.0.0.1:3\n1 sip:127.0.0.1:2\n1 sip:127.0.0.1:1\n");
  const DestinationSetData& set = *l->set(1);  // 1, 2, 3
  SelectOptions o{.algorithm = kRoundRobin};
  EXPECT_EQ(selectDestinations(set, o)->order, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(selectDestinations(set, o)->order, (std::vector<std::size_t>{1, 2, 0}));
  set.destinations[2]->flags = kInactive;
  EXPECT_EQ(selectDestinations(set, o)->order, (std::vector<std::size_t>{0, 1}));
  o.limit = 1;
  EXPECT_EQ(selectDestinations(set, o)->order, (std::vector<std::size_t>{1}));
}

TEST(Select, NothingWhenEveryDestinationIsDown) {
  auto l = list("1 sip:127.0.0.1:1 1\n1 sip:127.0.0.1:2 4\n");
  EXPECT_FALSE(selectDestinations(*l->set(1), SelectOptions{.algorithm = kSerial}));
}

TEST(Select, HashPicksByModuloAndSkipsToTheNextActive) {
  auto l = list("1 sip:127.0.0.1:3\n1 sip:127.0.0.1:2\n1 sip:127.0.0.1:1\n");
  const DestinationSetData& set = *l->set(1);
  EXPECT_EQ(selectDestinations(set, {.algorithm = kHashCallId, .hash = 7})->order.front(), 1u);
  set.destinations[1]->flags = kDisabled;
  EXPECT_EQ(selectDestinations(set, {.algorithm = kHashCallId, .hash = 7})->order.front(), 2u);
}

TEST(Select, RandomAndRelativeWeightPickOnlyActiveOnes) {
  auto l = list("1 sip:127.0.0.1:1 1 0 rweight=50\n1 sip:127.0.0.1:2 0 0 rweight=50\n");
  const DestinationSetData& set = *l->set(1);  // 2 (active), 1 (inactive)
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(selectDestinations(set, {.algorithm = kRandom})->order.front(), 0u);
    EXPECT_EQ(selectDestinations(set, {.algorithm = kRelativeWeight})->order.front(), 0u);
  }
}

TEST(Select, PriorityAndWeightAndCallLoad) {
  auto l = list(
      "1 sip:127.0.0.1:1 0 1 weight=100;rweight=100;duid=a;maxload=1\n"
      "1 sip:127.0.0.1:2 0 9 duid=b\n");
  const DestinationSetData& set = *l->set(1);
  EXPECT_EQ(set.destinations[0]->uri, "sip:127.0.0.1:2");
  EXPECT_EQ(selectDestinations(set, {.algorithm = kSerial})->order.front(), 0u);
  EXPECT_EQ(selectDestinations(set, {.algorithm = kLatency})->order.front(), 0u);
  // The first destination has no weight: no table, every slot is index 0.
  EXPECT_EQ(selectDestinations(set, {.algorithm = kWeight})->order.front(), 0u);
  auto weighted = list("1 sip:127.0.0.1:1 0 0 weight=100\n1 sip:127.0.0.1:2 0 9\n");
  EXPECT_EQ(selectDestinations(*weighted->set(1), {.algorithm = kWeight})->order.front(), 0u);
  set.destinations[0]->load = 2;
  EXPECT_EQ(selectDestinations(set, {.algorithm = kCallLoad})->order.front(), 1u);
  set.destinations[1]->load = 1;  // at its maxload
  EXPECT_EQ(selectDestinations(set, {.algorithm = kCallLoad})->order.front(), 0u);
}

class DispatcherModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A directory of its own: ctest runs the tests of this fixture in
    // parallel processes, which must not rewrite each other's list.
    plugin_.setParam("list_file", dir_.write("dispatcher.list",
                                             "1 sip:127.0.0.1:5401\n1 sip:127.0.0.1:5402\n"
                                             "2 sip:10.0.0.1:5060 0 0 x=1\n")
                                      .string());
    plugin_.setParam("flags", std::int64_t{2});
    plugin_.setParam("reload_delta", std::int64_t{0});
    ASSERT_TRUE(plugin_.init().ok());
  }

  std::unique_ptr<SipMessage> invite() {
    std::string error;
    auto msg = SipMessage::parse(
        "INVITE sip:bob@example.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
        "From: <sip:alice@example.com>;tag=1\r\n"
        "To: <sip:bob@example.com>\r\n"
        "Call-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
        error);
    EXPECT_TRUE(msg) << error;
    return msg;
  }

  test::TempDir dir_;
  test::PluginHarness plugin_{*kemid_module_descriptor()};
};

TEST_F(DispatcherModuleTest, SelectSetsTheDestinationAndNextDstFailsOver) {
  auto msg = invite();
  MessageContext ctx;
  ctx.message = msg.get();
  EXPECT_EQ(plugin_.callKemi("ds_select_dst", &ctx, {std::int64_t{1}, std::int64_t{4}}),
            KemiValue{std::int64_t{1}});
  EXPECT_EQ(ctx.dstUri, "sip:127.0.0.1:5402");
  EXPECT_EQ(plugin_.callKemi("ds_next_dst", &ctx), KemiValue{std::int64_t{1}});
  EXPECT_EQ(ctx.dstUri, "sip:127.0.0.1:5401");
  EXPECT_EQ(plugin_.callKemi("ds_mark_dst", &ctx), KemiValue{std::int64_t{1}});
  EXPECT_EQ(plugin_.callKemi("ds_next_dst", &ctx), KemiValue{std::int64_t{-1}});
  EXPECT_EQ(plugin_.callKemi("ds_is_active_uri", &ctx, {std::int64_t{1}, "sip:127.0.0.1:5401"}),
            KemiValue{std::int64_t{-1}});
  EXPECT_EQ(plugin_.callKemi("ds_select_dst", &ctx, {std::int64_t{9}, std::int64_t{4}}),
            KemiValue{std::int64_t{-1}});
}

TEST_F(DispatcherModuleTest, SelectDomainRewritesTheRequestUriHost) {
  auto msg = invite();
  MessageContext ctx;
  ctx.message = msg.get();
  EXPECT_EQ(plugin_.callKemi("ds_select_domain", &ctx, {std::int64_t{2}, std::int64_t{0}}),
            KemiValue{std::int64_t{1}});
  EXPECT_EQ(msg->requestUri(), "sip:bob@10.0.0.1:5060");
}

TEST_F(DispatcherModuleTest, ParallelAddsTheOthersAsBranches) {
  auto msg = invite();
  MessageContext ctx;
  ctx.message = msg.get();
  EXPECT_EQ(plugin_.callKemi("ds_select_dst", &ctx, {std::int64_t{1}, std::int64_t{12}}),
            KemiValue{std::int64_t{1}});
  EXPECT_EQ(ctx.dstUri, "sip:127.0.0.1:5402");
  ASSERT_EQ(ctx.destinations.size(), 1u);
  EXPECT_EQ(ctx.destinations[0].uri, "sip:bob@example.com");
  EXPECT_EQ(ctx.destinations[0].dstUri, "sip:127.0.0.1:5401");
  // Nothing kept for failover with algorithm 12.
  EXPECT_EQ(plugin_.callKemi("ds_next_dst", &ctx), KemiValue{std::int64_t{-1}});

  MessageContext domain;
  domain.message = msg.get();
  EXPECT_EQ(plugin_.callKemi("ds_select_domain", &domain, {std::int64_t{1}, std::int64_t{12}}),
            KemiValue{std::int64_t{1}});
  EXPECT_EQ(msg->requestUri(), "sip:bob@127.0.0.1:5402");
  ASSERT_EQ(domain.destinations.size(), 1u);
  EXPECT_EQ(domain.destinations[0].uri, "sip:bob@127.0.0.1:5401");
}

TEST_F(DispatcherModuleTest, SelectRoutesKeepsOneListOverTheSets) {
  auto msg = invite();
  MessageContext ctx;
  ctx.message = msg.get();
  EXPECT_EQ(plugin_.callKemi("ds_select_routes", &ctx, {"9=4;2=8;1=8", "d"}),
            KemiValue{std::int64_t{1}});
  EXPECT_EQ(ctx.dstUri, "sip:10.0.0.1:5060");
  EXPECT_EQ(plugin_.callKemi("ds_next_dst", &ctx), KemiValue{std::int64_t{1}});
  EXPECT_EQ(ctx.dstUri, "sip:127.0.0.1:5402");
  EXPECT_EQ(plugin_.callKemi("ds_select_routes", &ctx, {"1-4", "d"}), KemiValue{std::int64_t{-1}});
  EXPECT_EQ(plugin_.callKemi("ds_select_routes", &ctx, {"1=4", "q"}), KemiValue{std::int64_t{-1}});
}

TEST_F(DispatcherModuleTest, IsFromListMatchesTheSourceAddress) {
  MessageContext ctx;
  ctx.received.source = {"127.0.0.1", 5402};
  EXPECT_EQ(plugin_.callKemi("ds_is_from_list", &ctx, {std::int64_t{1}}),
            KemiValue{std::int64_t{1}});
  EXPECT_EQ(plugin_.callKemi("ds_is_from_list", &ctx, {std::int64_t{2}}),
            KemiValue{std::int64_t{-1}});
  EXPECT_EQ(plugin_.callKemi("ds_is_from_lists", &ctx), KemiValue{std::int64_t{1}});
  ctx.received.source = {"127.0.0.1", 9};
  EXPECT_EQ(plugin_.callKemi("ds_is_from_list", &ctx, {std::int64_t{1}}),
            KemiValue{std::int64_t{-1}});
  EXPECT_EQ(plugin_.callKemi("ds_is_from_list_mode", &ctx, {std::int64_t{1}, std::int64_t{3}}),
            KemiValue{std::int64_t{1}});
  EXPECT_EQ(plugin_.callKemi("ds_list_exists", &ctx, {std::int64_t{2}}),
            KemiValue{std::int64_t{1}});
  EXPECT_EQ(plugin_.callKemi("ds_list_exists", &ctx, {std::int64_t{3}}),
            KemiValue{std::int64_t{-1}});
}

TEST_F(DispatcherModuleTest, StateMachineFollowsTheThresholds) {
  auto* ds = static_cast<DispatcherModule*>(plugin_.state());
  ASSERT_TRUE(ds->updateState(1, "sip:127.0.0.1:5401", kTrying | kProbing));
  const Destination* d = ds->list()->set(1)->find("sip:127.0.0.1:5401");
  EXPECT_EQ(stateText(d->flags), "IP");  // threshold 1: inactive at once
  ASSERT_TRUE(ds->updateState(1, "sip:127.0.0.1:5401", kTrying | kProbing));
  EXPECT_EQ(stateText(d->flags), "IP");  // stays inactive, never trying
  ASSERT_TRUE(ds->updateState(1, "sip:127.0.0.1:5401", kProbing));
  EXPECT_EQ(stateText(d->flags), "AP");
  EXPECT_FALSE(ds->updateState(1, "sip:127.0.0.1:9", 0));
}

TEST_F(DispatcherModuleTest, RpcListSetStateAddRemove) {
  test::RpcOutcome set = plugin_.callRpc("dispatcher.set_state", {"ip", 1, "sip:127.0.0.1:5401"});
  EXPECT_EQ(set.fault.code, 0);
  EXPECT_EQ(set.result.toString(), "Ok. Dispatcher state updated.");
  EXPECT_EQ(plugin_.callRpc("dispatcher.set_state", {"zz", 1, "sip:127.0.0.1:5401"}).fault.message,
            "Unknown State Value");
  EXPECT_EQ(plugin_.callRpc("dispatcher.set_state", {"a", 1, "sip:127.0.0.1:9"}).fault.message,
            "State Update Failed");
  test::RpcOutcome listed = plugin_.callRpc("dispatcher.list");
  auto result = listed.result.extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(result->getValue<int>("NRSETS"), 2);
  auto records = result->getArray("RECORDS");
  auto set2 = records->getObject(0)->getObject("SET");
  EXPECT_EQ(set2->getValue<int>("ID"), 2);  // Kamailio's tree order
  auto target = set2->getArray("TARGETS")->getObject(0)->getObject("DEST");
  EXPECT_EQ(target->getValue<std::string>("FLAGS"), "AX");
  EXPECT_EQ(target->getObject("ATTRS")->getValue<std::string>("BODY"), "x=1");
  auto set1 = records->getObject(1)->getObject("SET")->getArray("TARGETS");
  EXPECT_EQ(set1->getObject(1)->getObject("DEST")->getValue<std::string>("FLAGS"), "IP");

  EXPECT_EQ(plugin_.callRpc("dispatcher.add", {3, "sip:127.0.0.1:5404"}).result.toString(),
            "Ok. Dispatcher destination added.");
  auto* ds = static_cast<DispatcherModule*>(plugin_.state());
  ASSERT_NE(ds->list()->set(3), nullptr);
  // The others kept their state.
  EXPECT_EQ(stateText(ds->list()->set(1)->find("sip:127.0.0.1:5401")->flags), "IP");
  EXPECT_EQ(plugin_.callRpc("dispatcher.remove", {3, "sip:127.0.0.1:5404"}).fault.code, 0);
  EXPECT_EQ(ds->list()->set(3), nullptr);

  auto hashed =
      plugin_.callRpc("dispatcher.hash", {3, "abc"}).result.extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(hashed->getValue<std::uint32_t>("hashid"), 7167810u);
  EXPECT_EQ(hashed->getValue<std::uint32_t>("slot"), 0u);
  auto full =
      plugin_.callRpc("dispatcher.list", {"full"}).result.extract<Poco::JSON::Object::Ptr>();
  auto dest = full->getArray("RECORDS")
                  ->getObject(0)
                  ->getObject("SET")
                  ->getArray("TARGETS")
                  ->getObject(0)
                  ->getObject("DEST");
  EXPECT_EQ(dest->getValue<std::string>("IPADDR"), "10.0.0.1");
  EXPECT_EQ(dest->getValue<int>("PORT"), 5060);
  EXPECT_EQ(dest->getValue<int>("PROTOID"), 0);

  test::RpcOutcome ping = plugin_.callRpc("dispatcher.ping_active", {0});
  EXPECT_EQ(ping.result.extract<Poco::JSON::Object::Ptr>()->getValue<int>("OldPingState"), 1);
  EXPECT_FALSE(ds->pingActive());
}

// The answer a destination gives to a ping.
std::unique_ptr<SipMessage> answer(const test::Sent& ping, int code) {
  auto request = ping.parse();
  std::string text = "SIP/2.0 " + std::to_string(code) + " Whatever\r\n";
  text += "Via: " + request->header("Via").value() + "\r\n";
  text += "From: " + request->header("From").value() + "\r\n";
  text += "To: " + request->header("To").value() + ";tag=x\r\n";
  text += "Call-ID: " + request->callId() + "\r\n";
  text += "CSeq: " + request->header("CSeq").value() + "\r\nContent-Length: 0\r\n\r\n";
  std::string error;
  auto reply = SipMessage::parse(text, error);
  EXPECT_TRUE(reply) << error;
  return reply;
}

TEST(Prober, PingsFailuresAndAnswersMoveTheStateWithTheThresholds) {
  DispatcherSettings settings;
  settings.probingMode = 1;
  settings.inactiveThreshold = 2;
  settings.pingReplyCodes = {404};
  test::FakeNetwork network;
  test::PluginHarness harness{*kemid_module_descriptor()};
  DispatcherModule ds(settings, harness.host());
  ASSERT_FALSE(ds.addDestination(1, "sip:127.0.0.1:5411", 0, 0, ""));
  Prober prober(ds, network);
  const Destination* d = ds.list()->set(1)->find("sip:127.0.0.1:5411");

  prober.pingAll();
  auto pings = network.matching("OPTIONS sip:127.0.0.1:5411 SIP/2.0");
  ASSERT_EQ(pings.size(), 1u);
  EXPECT_EQ(pings[0].to, (Endpoint{"127.0.0.1", 5411}));
  EXPECT_NE(pings[0].data.find("From: <sip:dispatcher@localhost>;tag="), std::string::npos);
  EXPECT_TRUE(prober.takeReply(*answer(pings[0], 200)));
  EXPECT_EQ(stateText(d->flags), "AP");

  // Unanswered until the next round: a 408, inactive at once (threshold 1).
  network.clear();
  prober.tick();
  prober.tick();
  EXPECT_EQ(stateText(d->flags), "IP");
  // Two answers (404 is accepted here) to become active again.
  auto second = network.matching("OPTIONS ");
  ASSERT_EQ(second.size(), 2u);  // one a round; the first one timed out
  EXPECT_TRUE(prober.takeReply(*answer(second[1], 404)));
  EXPECT_EQ(stateText(d->flags), "IP");
  network.clear();
  prober.pingAll();
  EXPECT_TRUE(prober.takeReply(*answer(network.matching("OPTIONS ")[0], 200)));
  EXPECT_EQ(stateText(d->flags), "AP");

  // dispatcher.ping_active 0: the rounds send nothing.
  network.clear();
  ds.setPingActive(false);
  prober.tick();
  EXPECT_EQ(network.count(), 0u);
}

TEST(Prober, DisabledDestinationsAreNotPinged) {
  DispatcherSettings settings;
  settings.probingMode = 1;
  test::FakeNetwork network;
  test::PluginHarness harness{*kemid_module_descriptor()};
  DispatcherModule ds(settings, harness.host());
  ASSERT_FALSE(ds.addDestination(1, "sip:127.0.0.1:5411", 4, 0, ""));
  Prober prober(ds, network);
  prober.pingAll();
  EXPECT_EQ(network.count(), 0u);
}

}  // namespace
}  // namespace kemid::dispatcher
