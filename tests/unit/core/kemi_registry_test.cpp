#include "core/kemi_registry.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace kemid {
namespace {

KemiValue answer(KemiCall&) {
  return std::int64_t{42};
}
KemiValue echo(KemiCall& call) {
  return std::string(call.strArg(0));
}

constexpr KemiFunctionDef kSl[] = {
    {.name = "sl_send_reply",
     .returns = KemiType::Int,
     .params = {KemiType::Int, KemiType::Str},
     .handler = &answer},
    {.name = "send_reply",
     .returns = KemiType::Int,
     .params = {KemiType::Int, KemiType::Str},
     .handler = &answer},
};

constexpr KemiFunctionDef kCore[] = {
    {.name = "echo", .returns = KemiType::Str, .params = {KemiType::Str}, .handler = &echo},
};

constexpr KemiFunctionDef kRepeating[] = {
    {.name = "f", .returns = KemiType::None, .params = {}, .handler = &answer},
    {.name = "g", .returns = KemiType::None, .params = {}, .handler = &answer},
    {.name = "f", .returns = KemiType::None, .params = {}, .handler = &answer},
};

class State : public ModuleState {};

TEST(KemiRegistry, FindsRegisteredFunctionsWithTheirModuleAndState) {
  KemiRegistry registry;
  State state;
  registry.addModule("", kCore, nullptr);
  registry.addModule("sl", kSl, &state);

  const KemiExport* reply = registry.find("sl", "send_reply");
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->module, "sl");
  EXPECT_EQ(reply->def, &kSl[1]);
  EXPECT_EQ(reply->state, &state);
  EXPECT_EQ(reply->def->paramCount(), 2u);

  const KemiExport* core = registry.find("", "echo");
  ASSERT_NE(core, nullptr);
  const KemiArg args[] = {std::string_view("hi")};
  KemiCall call{nullptr, core->state, args};
  EXPECT_EQ(core->def->handler(call), KemiValue(std::string("hi")));

  EXPECT_EQ(registry.find("sl", "echo"), nullptr);
  EXPECT_EQ(registry.find("tm", "send_reply"), nullptr);
  EXPECT_TRUE(registry.hasModule("sl"));
  EXPECT_TRUE(registry.hasModule(""));
  EXPECT_FALSE(registry.hasModule("tm"));
}

TEST(KemiRegistry, KeepsRegistrationOrder) {
  KemiRegistry registry;
  registry.addModule("sl", kSl, nullptr);
  registry.addModule("", kCore, nullptr);
  EXPECT_EQ(registry.modules(), (std::vector<std::string>{"sl", ""}));
  ASSERT_EQ(registry.all().size(), 3u);
  EXPECT_EQ(registry.all()[0].def->name, "sl_send_reply");
  EXPECT_EQ(registry.all()[1].def->name, "send_reply");
  EXPECT_EQ(registry.all()[2].def->name, "echo");
}

TEST(KemiRegistry, RefusesAModuleRegisteredTwice) {
  KemiRegistry registry;
  registry.addModule("sl", kSl, nullptr);
  try {
    registry.addModule("sl", kCore, nullptr);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "KEMI module 'sl' registered twice");
  }
  EXPECT_EQ(registry.find("sl", "echo"), nullptr);
  EXPECT_EQ(registry.all().size(), 2u);
}

TEST(KemiRegistry, RefusesARepeatedFunctionAndKeepsNothingOfThatModule) {
  KemiRegistry registry;
  try {
    registry.addModule("dup", kRepeating, nullptr);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "KEMI function 'dup.f' declared twice");
  }
  EXPECT_FALSE(registry.hasModule("dup"));
  EXPECT_EQ(registry.find("dup", "f"), nullptr);
  EXPECT_TRUE(registry.all().empty());
  // The name is still free.
  registry.addModule("dup", kCore, nullptr);
  EXPECT_NE(registry.find("dup", "echo"), nullptr);
}

TEST(KemiRegistry, TheSameFunctionNameInTwoModulesIsFine) {
  KemiRegistry registry;
  registry.addModule("a", kCore, nullptr);
  registry.addModule("b", kCore, nullptr);
  EXPECT_EQ(registry.find("a", "echo")->module, "a");
  EXPECT_EQ(registry.find("b", "echo")->module, "b");
}

}  // namespace
}  // namespace kemid
