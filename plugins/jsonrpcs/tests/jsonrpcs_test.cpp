// KSR.jsonrpcs.* through the module's KEMI table: commands run through the
// registry as /RPC runs them, answers kept for $jsonrpl and response().

#include <gtest/gtest.h>

#include <Poco/Dynamic/Var.h>

#include <map>
#include <string>

#include "core/message_context.h"
#include "core/module_host.h"
#include "pv/pv_api.h"
#include "support/plugin_harness.h"

namespace kemid::jsonrpcs {
namespace {

// Records the classes a module names and reads them back.
class FakePv final : public pv::PvApi {
 public:
  std::map<std::string, Provider, std::less<>> provided;
  std::optional<pv::PvValue> get(std::string_view, MessageContext&) override { return {}; }
  std::optional<std::string> format(std::string_view, MessageContext&) override { return {}; }
  bool provide(std::string_view className, Provider provider, Writer) override {
    return provided.emplace(std::string(className), std::move(provider)).second;
  }
};

void answerEcho(RpcCall& call) {
  *call.result = call.params.empty() ? "none" : call.params[0];
}
void answerFault(RpcCall& call) {
  call.fault->code = 404;
  call.fault->message = "Nothing Here";
}

constexpr std::array kCommands{
    RpcCommandDef{.name = "test.echo", .help = "", .handler = &answerEcho},
    RpcCommandDef{.name = "test.fault", .help = "", .handler = &answerFault},
};

class JsonrpcsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    harness.host().publishApi<pv::PvApi>(pv);
    harness.rpc().add(kCommands, nullptr);
    ASSERT_TRUE(harness.init().ok());
    ASSERT_TRUE(harness.descriptor().start(harness.state()).ok());
    ASSERT_TRUE(pv.provided.contains("jsonrpl"));
  }

  pv::PvValue reply(std::string_view inner) {
    return pv.provided["jsonrpl"](inner, std::nullopt, ctx);
  }

  KemiValue exec(std::string request) {
    return harness.callKemi("exec", nullptr, {KemiArg{std::string_view(request)}});
  }

  test::PluginHarness harness{*kemid_module_descriptor()};
  FakePv pv;
  MessageContext ctx;
};

TEST_F(JsonrpcsTest, ExecKeepsTheAnswerOfACommand) {
  EXPECT_EQ(exec(R"({"jsonrpc": "2.0", "method": "test.echo", "params": ["hi"], "id": 3})"),
            KemiValue(std::int64_t{1}));
  EXPECT_EQ(reply("code").number(), 200);
  EXPECT_EQ(reply("text").text(), "OK");
  const std::string body = "{\n\t\"jsonrpc\":\t\"2.0\",\n\t\"result\":\t\"hi\",\n\t\"id\":\t3\n}";
  EXPECT_EQ(reply("body").text(), body);
  EXPECT_EQ(harness.callKemi("response", nullptr), KemiValue(body));
}

TEST_F(JsonrpcsTest, AFaultIsAnAnswerToo) {
  EXPECT_EQ(exec(R"({"jsonrpc": "2.0", "method": "test.fault", "id": 1})"),
            KemiValue(std::int64_t{1}));
  EXPECT_EQ(reply("code").number(), 404);
  EXPECT_EQ(reply("text").text(), "Nothing Here");
  EXPECT_EQ(exec(R"({"jsonrpc": "2.0", "method": "no.such", "id": 1})"),
            KemiValue(std::int64_t{1}));
  EXPECT_EQ(reply("code").number(), 500);
  EXPECT_EQ(reply("text").text(), "Method Not Found");
}

TEST_F(JsonrpcsTest, TextThatIsNotJsonFailsAndKeepsThePreviousAnswer) {
  exec(R"({"jsonrpc": "2.0", "method": "test.echo", "id": 1})");
  EXPECT_EQ(exec("garbage"), KemiValue(std::int64_t{-1}));
  EXPECT_EQ(reply("code").number(), 200);
  EXPECT_EQ(reply("text").text(), "OK");
}

TEST_F(JsonrpcsTest, UnknownMemberOfJsonrplIsNull) {
  EXPECT_TRUE(reply("foo").isNull());
}

}  // namespace
}  // namespace kemid::jsonrpcs
