// The module's declaration: parameters, KEMI table, init and shutdown hooks.

#include <algorithm>

#include "core/config.h"
#include "core/module_params.h"
#include "sip/via.h"
#include "support/plugin_harness.h"
#include "tm_api.h"
#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

class ModuleTest : public ::testing::Test {
 protected:
  ::kemid::test::PluginHarness plugin{*kemid_module_descriptor()};
  const ModuleDescriptor& descriptor = plugin.descriptor();
  FakeNetwork& network = plugin.network();
  FakeRouteEngine routes{network};
  ModuleHost& host = plugin.host();
  Config& config = plugin.config();
};

const KemiFunctionDef* findKemi(const ModuleDescriptor& d, std::string_view name) {
  auto it = std::find_if(d.kemi.begin(), d.kemi.end(),
                         [&](const KemiFunctionDef& f) { return f.name == name; });
  return it == d.kemi.end() ? nullptr : &*it;
}

TEST_F(ModuleTest, ExportsKamailiosNamesAndSignatures) {
  EXPECT_EQ(descriptor.name, "tm");
  EXPECT_EQ(descriptor.abiVersion, kModuleAbiVersion);
  for (std::string_view name :
       {"t_relay", "t_relay_to_proto_addr", "t_on_branch", "t_on_reply", "t_on_failure",
        "t_newtran", "t_reply", "t_send_reply", "t_check_trans", "t_is_canceled",
        "t_branch_timeout", "t_branch_replied", "t_any_timeout", "t_any_replied", "t_set_fr",
        "t_reset_fr", "t_check_status", "t_release"}) {
    const KemiFunctionDef* f = findKemi(descriptor, name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->returns, KemiType::Int) << name;
  }
  EXPECT_EQ(findKemi(descriptor, "t_relay")->paramCount(), 0u);
  const KemiFunctionDef* toAddr = findKemi(descriptor, "t_relay_to_proto_addr");
  EXPECT_EQ(toAddr->paramCount(), 3u);
  EXPECT_EQ(toAddr->params[2], KemiType::Int);
  EXPECT_EQ(findKemi(descriptor, "t_reply")->params[0], KemiType::Int);
  EXPECT_EQ(findKemi(descriptor, "t_set_fr")->paramCount(), 2u);
  ASSERT_EQ(descriptor.rpc.size(), 1u);
  EXPECT_EQ(descriptor.rpc[0].name, "tm.stats");
}

TEST_F(ModuleTest, InitReadsParamsPublishesApiAndTakesReplies) {
  plugin.setParam("fr_timer", std::int64_t{200});
  plugin.setParam("retr_timer1", std::int64_t{50});
  host.setRouting(&routes);
  HookResult result = plugin.init();
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_NE(plugin.state(), nullptr);
  auto* tm = static_cast<TransactionManager*>(plugin.state());
  EXPECT_EQ(tm->settings().frTimer, Millis(200));
  EXPECT_EQ(tm->settings().t1, Millis(50));
  EXPECT_EQ(tm->settings().frInvTimer, Millis(120000));
  EXPECT_EQ(tm->settings().autoInv100Reason, "trying -- your call is important to us");
  EXPECT_EQ(tm->settings().serverHeader, serverHeaderLine(config.core));

  auto* api = host.findApi<TmApi>();
  ASSERT_EQ(api, static_cast<TmApi*>(tm));
  ASSERT_EQ(host.replyHooks().size(), 1u);

  // An INVITE relayed through the KEMI table, its 486 through the reply hook.
  std::string error;
  auto request = SipMessage::parse(invite(), error);
  sip::addReceivedAndRport(*request, kCaller.ip, kCaller.port);
  MessageContext requestCtx;
  requestCtx.message = request.get();
  requestCtx.received = ReceiveInfo{kCaller, kProxy, Transport::Udp, 0};
  requestCtx.dstUri = std::string(kCalleeUri);
  EXPECT_EQ(std::get<std::int64_t>(plugin.callKemi("t_relay", &requestCtx)), 1);
  EXPECT_TRUE(api->hasTransaction(requestCtx));
  api->requestDone(requestCtx);
  EXPECT_FALSE(api->hasTransaction(requestCtx));

  auto invites = network.matching("INVITE ");
  ASSERT_EQ(invites.size(), 1u);
  auto reply = SipMessage::parse(calleeReply(invites[0], 486, "Busy Here"), error);
  MessageContext replyCtx;
  replyCtx.message = reply.get();
  replyCtx.routeType = RouteType::Reply;
  EXPECT_EQ(host.replyHooks()[0](replyCtx), HookVerdict::Taken);
  EXPECT_EQ(network.matching("SIP/2.0 486").size(), 1u);
  EXPECT_EQ(api->stats().completed[4].load(), 1u);

  // Publishing twice is refused.
  ModuleParams params("tm", descriptor.params);
  ModuleInitContext again{params, config, host, nullptr};
  EXPECT_FALSE(descriptor.init(again).ok());

  plugin.shutdown();
}

TEST_F(ModuleTest, RejectsOutOfRangeParams) {
  ModuleParams params("tm", descriptor.params);
  EXPECT_ANY_THROW(params.set(ModuleParam{"cancel_b_method", std::int64_t{3}, {}}));
  EXPECT_ANY_THROW(params.set(ModuleParam{"fr_timer", std::string("x"), {}}));
  EXPECT_NO_THROW(params.set(ModuleParam{"on_sl_reply", std::string("ksr_sl_reply"), {}}));
}

}  // namespace
}  // namespace kemid::tm::test
