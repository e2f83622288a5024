#include "core/module_params.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/config_error.h"

namespace kemid {
namespace {

std::string checkColonPair(std::string_view value) {
  return value.find(':') == std::string_view::npos ? "expected \"a:b\"" : "";
}

constexpr ParamDef kTmParams[] = {
    {.name = "fr_timer", .type = ParamType::Int, .intDefault = 30000},
    {.name = "contacts_avp", .type = ParamType::Str, .strDefault = "tm_contacts"},
    {.name = "ttl", .type = ParamType::Int, .intDefault = 64, .minValue = 0, .maxValue = 255},
    {.name = "floor", .type = ParamType::Int, .intDefault = 10, .minValue = 10},
    {.name = "ceiling", .type = ParamType::Int, .intDefault = 10, .maxValue = 10},
    {.name = "load", .type = ParamType::Str, .strDefault = "default.lua", .repeatable = true},
    {.name = "port", .type = ParamType::Int, .intDefault = 5060, .repeatable = true},
    {.name = "pair", .type = ParamType::Str, .repeatable = true, .checkString = &checkColonPair},
    {.name = "reparse_invite", .type = ParamType::Int, .noEffect = true},
};

ModuleParam param(std::string name, ParamValue value, int line = 7) {
  return {std::move(name), std::move(value), {"kemid.cfg", line, 1}};
}

// The ConfigError `params.set(p)` throws; fails the test when none is thrown.
ConfigError setError(ModuleParams& params, const ModuleParam& p) {
  try {
    params.set(p);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no ConfigError for modparam '" << p.name << "'";
  return ConfigError({}, "");
}

class ModuleParamsTest : public ::testing::Test {
 protected:
  ModuleParams params_{"tm", kTmParams};
};

TEST_F(ModuleParamsTest, StartsWithTheDeclaredDefaults) {
  EXPECT_EQ(params_.getInt("fr_timer"), 30000);
  EXPECT_EQ(params_.getString("contacts_avp"), "tm_contacts");
  EXPECT_EQ(params_.getString("load"), "default.lua");
  EXPECT_TRUE(params_.getAll("load").empty());
}

TEST_F(ModuleParamsTest, PlainParametersKeepTheLastValue) {
  params_.set(param("fr_timer", std::int64_t{1000}));
  params_.set(param("fr_timer", std::int64_t{2000}));
  params_.set(param("contacts_avp", "a"));
  params_.set(param("contacts_avp", "b"));
  EXPECT_EQ(params_.getInt("fr_timer"), 2000);
  EXPECT_EQ(params_.getString("contacts_avp"), "b");
}

TEST_F(ModuleParamsTest, RepeatableParametersKeepEveryConfigValueInOrder) {
  params_.set(param("load", "one.lua"));
  params_.set(param("load", "two.lua"));
  params_.set(param("load", "one.lua"));
  auto all = params_.getAll("load");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], ParamValue("one.lua"));
  EXPECT_EQ(all[1], ParamValue("two.lua"));
  EXPECT_EQ(all[2], ParamValue("one.lua"));
  EXPECT_EQ(params_.getString("load"), "one.lua");

  params_.set(param("port", std::int64_t{5070}));
  ASSERT_EQ(params_.getAll("port").size(), 1u);
  EXPECT_EQ(params_.getAll("port")[0], ParamValue(std::int64_t{5070}));
  EXPECT_EQ(params_.getInt("port"), 5070);
}

// A parameter Kamailio has and kemid does not act on loads, with a warning
// naming where it was set to something other than what kemid does; its type
// is still checked.
TEST_F(ModuleParamsTest, ANoEffectParameterIsAcceptedWithAWarning) {
  ::testing::internal::CaptureStderr();
  params_.set(param("reparse_invite", std::int64_t{0}, 30));  // the default: what kemid does
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  ::testing::internal::CaptureStderr();
  params_.set(param("reparse_invite", std::int64_t{1}, 31));
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("kemid.cfg:31:1: parameter 'reparse_invite' of module 'tm' has no effect in "
                     "kemid (accepted so that Kamailio configs load)"),
            std::string::npos)
      << log;
  EXPECT_EQ(params_.getInt("reparse_invite"), 1);
  EXPECT_EQ(setError(params_, param("reparse_invite", std::string("yes"))).text(),
            "parameter 'reparse_invite' of module 'tm' expects an integer, found string \"yes\"");
}

TEST_F(ModuleParamsTest, RefusesAnUnknownNameWithASuggestion) {
  ConfigError e = setError(params_, param("fr_timr", std::int64_t{1}, 12));
  EXPECT_EQ(e.text(), "module 'tm' has no parameter 'fr_timr' (did you mean 'fr_timer'?)");
  EXPECT_EQ(e.where(), (SourceLocation{"kemid.cfg", 12, 1}));
  EXPECT_STREQ(e.what(),
               "kemid.cfg:12:1: module 'tm' has no parameter 'fr_timr' (did you mean "
               "'fr_timer'?)");

  EXPECT_EQ(setError(params_, param("TTL", std::int64_t{1})).text(),
            "module 'tm' has no parameter 'TTL' (did you mean 'ttl'?)");
}

TEST_F(ModuleParamsTest, RefusesAnUnknownNameWithoutSuggestionWhenNothingIsClose) {
  EXPECT_EQ(setError(params_, param("nosuch", std::int64_t{1})).text(),
            "module 'tm' has no parameter 'nosuch'");
}

TEST_F(ModuleParamsTest, RefusesAValueOfTheWrongType) {
  ConfigError e = setError(params_, param("fr_timer", "30000", 9));
  EXPECT_EQ(e.text(),
            "parameter 'fr_timer' of module 'tm' expects an integer, found string \"30000\"");
  EXPECT_EQ(e.where().line, 9);
  EXPECT_EQ(setError(params_, param("contacts_avp", std::int64_t{5})).text(),
            "parameter 'contacts_avp' of module 'tm' expects a string, found integer 5");
  EXPECT_EQ(setError(params_, param("load", std::int64_t{5})).text(),
            "parameter 'load' of module 'tm' expects a string, found integer 5");
  EXPECT_EQ(params_.getInt("fr_timer"), 30000);
  EXPECT_TRUE(params_.getAll("load").empty());
}

TEST_F(ModuleParamsTest, RefusesAnIntegerOutOfRange) {
  EXPECT_EQ(setError(params_, param("ttl", std::int64_t{300})).text(),
            "parameter 'ttl' of module 'tm' must be between 0 and 255, found 300");
  EXPECT_EQ(setError(params_, param("ttl", std::int64_t{-1})).text(),
            "parameter 'ttl' of module 'tm' must be between 0 and 255, found -1");
  EXPECT_EQ(setError(params_, param("floor", std::int64_t{9})).text(),
            "parameter 'floor' of module 'tm' must be at least 10, found 9");
  EXPECT_EQ(setError(params_, param("ceiling", std::int64_t{11})).text(),
            "parameter 'ceiling' of module 'tm' must be at most 10, found 11");
  EXPECT_EQ(params_.getInt("ttl"), 64);
}

TEST_F(ModuleParamsTest, AStringWithItsOwnSyntaxIsCheckedWhenRead) {
  params_.set(param("pair", "a:b"));
  ConfigError e = setError(params_, param("pair", "ab", 12));
  EXPECT_EQ(e.text(), "parameter 'pair' of module 'tm': expected \"a:b\"");
  EXPECT_EQ(e.where().line, 12);
  ASSERT_EQ(params_.getAll("pair").size(), 1u);
}

TEST_F(ModuleParamsTest, AcceptsTheRangeBounds) {
  params_.set(param("ttl", std::int64_t{0}));
  EXPECT_EQ(params_.getInt("ttl"), 0);
  params_.set(param("ttl", std::int64_t{255}));
  EXPECT_EQ(params_.getInt("ttl"), 255);
  params_.set(param("fr_timer", std::int64_t{-5}));
  EXPECT_EQ(params_.getInt("fr_timer"), -5);
}

TEST_F(ModuleParamsTest, AModuleAskingForWhatItDidNotDeclareIsALogicError) {
  EXPECT_THROW(params_.getInt("nosuch"), std::logic_error);
  EXPECT_THROW(params_.getInt("contacts_avp"), std::logic_error);
  EXPECT_THROW(params_.getString("fr_timer"), std::logic_error);
  EXPECT_THROW(params_.getAll("fr_timer"), std::logic_error);
  EXPECT_THROW(params_.getAll("nosuch"), std::logic_error);
}

TEST(ModuleParams, AModuleWithoutParametersRefusesEveryName) {
  ModuleParams none("sl", {});
  EXPECT_EQ(setError(none, param("bind", std::int64_t{1})).text(),
            "module 'sl' has no parameter 'bind'");
}

}  // namespace
}  // namespace kemid
