#include "core/rpc_registry.h"

#include <Poco/Dynamic/Var.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace kemid {
namespace {

void version(RpcCall& call) {
  *call.result = std::string("kemid 0.1.0");
}
void nothing(RpcCall&) {}

constexpr RpcCommandDef kCore[] = {
    {.name = "core.version", .help = "Version.", .handler = &version},
    {.name = "core.uptime", .help = "Uptime.", .handler = &nothing},
};

constexpr RpcCommandDef kTm[] = {
    {.name = "tm.stats", .help = "Stats.", .handler = &nothing},
    {.name = "core.version", .help = "Clash.", .handler = &nothing},
};

constexpr RpcCommandDef kRepeating[] = {
    {.name = "x.a", .help = "", .handler = &nothing},
    {.name = "x.a", .help = "", .handler = &nothing},
};

class State : public ModuleState {};

TEST(RpcRegistry, FindsCommandsAndCallsThem) {
  RpcRegistry registry;
  State state;
  registry.add(kCore, &state);

  const RpcRegistry::Command* cmd = registry.find("core.version");
  ASSERT_NE(cmd, nullptr);
  EXPECT_EQ(cmd->def, &kCore[0]);
  EXPECT_EQ(cmd->state, &state);

  Poco::Dynamic::Var result;
  RpcFault fault{0, ""};
  RpcCall call{cmd->state, {}, &result, &fault};
  cmd->def->handler(call);
  EXPECT_EQ(result.toString(), "kemid 0.1.0");
  EXPECT_EQ(fault.code, 0);

  EXPECT_EQ(registry.find("core.nosuch"), nullptr);
}

TEST(RpcRegistry, ListsNamesSorted) {
  RpcRegistry registry;
  registry.add(kCore, nullptr);
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"core.uptime", "core.version"}));
}

TEST(RpcRegistry, RefusesANameTakenAndAddsNoneOfTheSet) {
  RpcRegistry registry;
  registry.add(kCore, nullptr);
  try {
    registry.add(kTm, nullptr);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "RPC command 'core.version' registered twice");
  }
  EXPECT_EQ(registry.find("tm.stats"), nullptr);
  EXPECT_EQ(registry.find("core.version")->def, &kCore[0]);
}

TEST(RpcRegistry, RefusesANameRepeatedWithinOneSet) {
  RpcRegistry registry;
  EXPECT_THROW(registry.add(kRepeating, nullptr), std::invalid_argument);
  EXPECT_TRUE(registry.names().empty());
}

}  // namespace
}  // namespace kemid
