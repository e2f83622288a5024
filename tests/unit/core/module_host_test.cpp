#include "core/module_host.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/kemi_registry.h"
#include "core/rpc_registry.h"

namespace kemid {
namespace {

namespace v1 {
struct GreetApi {
  static constexpr std::string_view kApiName = "greet";
  static constexpr std::uint32_t kApiVersion = 1;
  int greetings = 0;
};
}  // namespace v1

namespace v2 {
struct GreetApi {
  static constexpr std::string_view kApiName = "greet";
  static constexpr std::uint32_t kApiVersion = 2;
  std::string greeting;
};
}  // namespace v2

// Another type that claims the same name and version.
struct ImpostorApi {
  static constexpr std::string_view kApiName = "greet";
  static constexpr std::uint32_t kApiVersion = 1;
};

class ModuleHostTest : public ::testing::Test {
 protected:
  KemiRegistry kemi_;
  RpcRegistry rpc_;
  ModuleHost host_{kemi_, rpc_};
};

TEST_F(ModuleHostTest, FindsThePublishedApiByItsType) {
  EXPECT_EQ(host_.findApi<v1::GreetApi>(), nullptr);
  v1::GreetApi api;
  EXPECT_TRUE(host_.publishApi<v1::GreetApi>(api));
  EXPECT_EQ(host_.findApi<v1::GreetApi>(), &api);
  v1::GreetApi another;
  EXPECT_FALSE(host_.publishApi<v1::GreetApi>(another));  // the name is taken
  host_.withdrawApis();
  EXPECT_EQ(host_.findApi<v1::GreetApi>(), nullptr);
}

TEST_F(ModuleHostTest, RefusesAnotherVersionNamingBoth) {
  v1::GreetApi api;
  ASSERT_TRUE(host_.publishApi<v1::GreetApi>(api));
  std::string mismatch;
  EXPECT_EQ(host_.findApi<v2::GreetApi>(&mismatch), nullptr);
  EXPECT_THAT(mismatch, ::testing::HasSubstr("API \"greet\""));
  EXPECT_THAT(mismatch,
              ::testing::HasSubstr("kemid::(anonymous namespace)::v1::GreetApi version 1"));
  EXPECT_THAT(mismatch,
              ::testing::HasSubstr("kemid::(anonymous namespace)::v2::GreetApi version 2"));
}

TEST_F(ModuleHostTest, RefusesAnotherTypeUnderTheSameName) {
  v1::GreetApi api;
  ASSERT_TRUE(host_.publishApi<v1::GreetApi>(api));
  std::string mismatch;
  EXPECT_EQ(host_.findApi<ImpostorApi>(&mismatch), nullptr);
  EXPECT_THAT(mismatch, ::testing::HasSubstr("ImpostorApi version 1"));
}

}  // namespace
}  // namespace kemid
