// The KSR object as scripts see it: layout, argument and return conversions,
// arity rules, message context, KSR.x, and the legacy sr object
// (Kamailio's KEMI conversions, KSR.x, the sr object).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lua_test_fixture.h"

namespace kemid::app_lua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using KsrLayout = LuaTest;

TEST_F(KsrLayout, CoreFunctionsAreOnKsrAndModuleFunctionsInTheirTable) {
  EXPECT_EQ(show("type(KSR.info), type(KSR.noparams)"), "string:function string:function");
  EXPECT_EQ(show("type(KSR.fake), type(KSR.fake.i1), type(KSR.pv.get), type(KSR.hdr.append)"),
            "string:table string:function string:function string:function");
}

TEST_F(KsrLayout, ModulesNotLoadedHaveNoTable) {
  EXPECT_EQ(show("KSR.auth, KSR.tm, KSR.fake.nosuch"), "nil:nil nil:nil nil:nil");
}

TEST_F(KsrLayout, KsrxAndVersion) {
  EXPECT_EQ(show("KSRVERSION"), "string:2.0");
  EXPECT_EQ(show("type(KSR.x.exit), type(KSR.x.drop), type(KSR.x.modf), type(KSR.x.probe)"),
            "string:function string:function string:function string:function");
}

TEST_F(KsrLayout, CallingAnAbsentFunctionIsALuaError) {
  EXPECT_EQ(engine().runString("KSR.auth.www_authenticate('x')", &ctx_), -1);
  EXPECT_THAT(engine().lastError(), HasSubstr("attempt to index a nil value (field 'auth')"));
}

using KsrIntArguments = LuaTest;

TEST_F(KsrIntArguments, IntegersPassThrough) {
  EXPECT_EQ(show("KSR.fake.i1(5)"), "number:5");
  EXPECT_EQ(show("KSR.fake.i1(-12)"), "number:-12");
}

TEST_F(KsrIntArguments, NumbersAreTruncated) {
  EXPECT_EQ(show("KSR.fake.i1(7.9)"), "number:7");
  EXPECT_EQ(show("KSR.fake.i1(-7.9)"), "number:-7");
  EXPECT_EQ(show("KSR.fake.i1(10/2)"), "number:5");
  EXPECT_EQ(show("KSR.fake.i1(1e30)"), "number:9223372036854775807");
  EXPECT_EQ(show("KSR.fake.i1(0/0)"), "number:0");
}

TEST_F(KsrIntArguments, NumericStringsAreConverted) {
  EXPECT_EQ(show("KSR.fake.i1('404')"), "number:404");
  EXPECT_EQ(show("KSR.fake.i1(' 42 ')"), "number:42");
  EXPECT_EQ(show("KSR.fake.i1('7.9')"), "number:7");
  EXPECT_EQ(show("KSR.fake.i1('0x10')"), "number:16");
}

TEST_F(KsrIntArguments, AnythingElseIsZeroAndTheFunctionRuns) {
  EXPECT_EQ(show("KSR.fake.i1('12abc')"), "number:0");
  EXPECT_EQ(show("KSR.fake.i1(true)"), "number:0");
  EXPECT_EQ(show("KSR.fake.i1(nil)"), "number:0");
  EXPECT_EQ(show("KSR.fake.i1({})"), "number:0");
  EXPECT_THAT(eval("KSR.fake.i1(print)"), ElementsAre("i1(i:0)"));
}

using KsrStrArguments = LuaTest;

TEST_F(KsrStrArguments, StringsPassThroughWithTheirLength) {
  EXPECT_EQ(show("KSR.fake.s1('abc')"), "string:abc");
  EXPECT_EQ(show("KSR.fake.len('a\\0b')"), "number:3");
  EXPECT_EQ(show("KSR.fake.s1('')"), "string:");
}

TEST_F(KsrStrArguments, NumbersBecomeDecimalTextAsInLua51) {
  EXPECT_EQ(show("KSR.fake.s1(5)"), "string:5");
  EXPECT_EQ(show("KSR.fake.s1(10/2)"), "string:5");
  EXPECT_EQ(show("KSR.fake.s1(5.5)"), "string:5.5");
  EXPECT_EQ(show("KSR.fake.s1(-0.1)"), "string:-0.1");
  EXPECT_EQ(show("KSR.fake.s1(1e20)"), "string:1e+20");
  EXPECT_EQ(show("KSR.fake.s1(math.mininteger)"), "string:-9223372036854775808");
}

TEST_F(KsrStrArguments, NilBooleansAndTablesArriveAsNullStr) {
  EXPECT_THAT(eval("KSR.fake.s1(nil)"), ElementsAre("s1(s:<null>)"));
  EXPECT_THAT(eval("KSR.fake.s1(true)"), ElementsAre("s1(s:<null>)"));
  EXPECT_THAT(eval("KSR.fake.s1({})"), ElementsAre("s1(s:<null>)"));
  EXPECT_EQ(show("KSR.fake.len(false)"), "number:0");
}

TEST_F(KsrStrArguments, SixMixedArguments) {
  EXPECT_THAT(eval("KSR.fake.six(1, 'a', 2.5, 3, '4', 5.0)"),
              ElementsAre("six(i:1,s:a,i:2,s:3,i:4,s:5)"));
}

using KsrArity = LuaTest;

TEST_F(KsrArity, NoArgumentsForAFunctionWithParameters) {
  const std::string log = evalLogged("show(KSR.fake.i1())");
  EXPECT_THAT(recorded(), ElementsAre("boolean:false"));
  EXPECT_THAT(log, HasSubstr("invalid number of parameters for: fake.i1"));
}

TEST_F(KsrArity, TooFewArgumentsDoNotCallTheFunction) {
  const std::string log = evalLogged("show(KSR.fake.six(1, 'a', 2))");
  EXPECT_THAT(recorded(), ElementsAre("boolean:false"));
  EXPECT_THAT(log, HasSubstr("ERROR: <app_lua> not enough parameters for: fake.six"));
}

TEST_F(KsrArity, ArgumentsToAFunctionWithoutParametersAreRefused) {
  const std::string log = evalLogged("show(KSR.noparams(1))");
  EXPECT_THAT(recorded(), ElementsAre("boolean:false"));
  EXPECT_THAT(log, HasSubstr("invalid parameters for: noparams"));
  EXPECT_EQ(show("KSR.noparams()"), "number:7");
}

TEST_F(KsrArity, ExtraArgumentsAreIgnored) {
  EXPECT_EQ(show("KSR.fake.i1(3, 'x', {})"), "number:3");
}

TEST_F(KsrArity, MoreThanSixArgumentsAreRefused) {
  const std::string log = evalLogged("show(KSR.fake.six(1, 'a', 2, 'b', 3, 'c', 4))");
  EXPECT_THAT(recorded(), ElementsAre("boolean:false"));
  EXPECT_THAT(log, HasSubstr("too many parameters for: fake.six"));
}

using KsrReturns = LuaTest;

TEST_F(KsrReturns, IntIsANumber) {
  EXPECT_EQ(show("math.type(KSR.fake.i1(3))"), "string:integer");
  EXPECT_EQ(show("KSR.fake.bool_as_int()"), "number:1");
}

TEST_F(KsrReturns, BoolIsABoolean) {
  EXPECT_EQ(show("KSR.fake.b(1), KSR.fake.b(0), KSR.fake.b(-5)"),
            "boolean:true boolean:false boolean:true");
}

TEST_F(KsrReturns, NoneIsFalse) {
  EXPECT_EQ(show("KSR.fake.none()"), "boolean:false");
  EXPECT_EQ(show("KSR.info('x')"), "boolean:false");
}

TEST_F(KsrReturns, XvalFollowsTheValue) {
  EXPECT_EQ(show("KSR.fake.x(0), KSR.fake.x(1), KSR.fake.x(2), KSR.fake.x(3), KSR.fake.x(4)"),
            "nil:nil number:42 string:str boolean:true boolean:false");
}

TEST_F(KsrReturns, AThrowingHandlerGivesFalseAndAnErrorLog) {
  const std::string log = evalLogged("show(KSR.fake.throws())");
  EXPECT_THAT(recorded(), ElementsAre("boolean:false"));
  EXPECT_THAT(log, HasSubstr("fake.throws failed: fake failure"));
}

using KsrMessageContext = LuaTest;

TEST_F(KsrMessageContext, FunctionsSeeTheCurrentMessage) {
  ctx_.dstUri = "sip:next@example.com";
  EXPECT_EQ(show("KSR.fake.dsturi(), KSR.fake.has_context()"),
            "string:sip:next@example.com boolean:true");
  EXPECT_EQ(show("KSR.setdsturi('sip:other'), KSR.pv.get('$du')"), "boolean:true string:sip:other");
  EXPECT_EQ(ctx_.dstUri, "sip:other");
}

TEST_F(KsrMessageContext, TopLevelCodeHasNoMessage) {
  ::testing::internal::CaptureStderr();
  load({"atLoad = {KSR.fake.i1(5), KSR.info('loading')}"});
  EXPECT_EQ(show("atLoad[1], atLoad[2]"), "boolean:false boolean:false");
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr("ERROR: <app_lua> invalid Lua environment attributes or parameters"));
  EXPECT_THAT(recorded(), Not(::testing::Contains("i1(i:5)")));
}

TEST_F(KsrMessageContext, CoroutinesShareTheMessage) {
  ctx_.dstUri = "sip:co";
  EXPECT_EQ(show("coroutine.wrap(function() return KSR.fake.dsturi() end)()"), "string:sip:co");
}

using KsrX = LuaTest;

TEST_F(KsrX, ExitEndsTheCallbackNormally) {
  load({"function route() KSR.fake.record('before'); KSR.x.exit(); KSR.fake.record('after') end"});
  EXPECT_EQ(engine().run("route", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("before"));
}

TEST_F(KsrX, PcallCatchesExit) {
  EXPECT_EQ(show("pcall(KSR.x.exit)"), "boolean:false string:~~ksr~exit~~");
  load(
      {"function route() local ok, e = pcall(function() KSR.x.exit() end)\n"
       "  KSR.fake.record(tostring(ok) .. ' ' .. e) end"});
  recorded().clear();
  EXPECT_EQ(engine().run("route", ctx_), RouteOutcome::Completed);
  EXPECT_THAT(recorded(), ElementsAre("false ~~ksr~exit~~"));
}

TEST_F(KsrX, DropSetsDroppedAndExits) {
  load({"function route() KSR.x.drop(); KSR.fake.record('after') end"});
  EXPECT_EQ(engine().run("route", ctx_), RouteOutcome::Completed);
  EXPECT_TRUE(ctx_.dropped);
  EXPECT_THAT(recorded(), IsEmpty());
}

TEST_F(KsrX, ModfIsRefusedWithMinusOne) {
  const std::string log = evalLogged("show(KSR.x.modf('sl_send_reply', '200', 'OK'))");
  EXPECT_THAT(recorded(), ElementsAre("number:-1"));
  EXPECT_THAT(log, HasSubstr("cannot run native function 'sl_send_reply'"));
}

TEST_F(KsrX, ProbeReturnsNothing) {
  EXPECT_EQ(show("KSR.x.probe()"), "");
  EXPECT_EQ(show("select('#', KSR.x.probe())"), "number:0");
}

using LegacySr = LuaTest;

TEST_F(LegacySr, FlagsAndUrisMapOntoTheCoreFunctions) {
  EXPECT_EQ(show("sr.setflag(3), sr.isflagset(3), sr.isflagset(4)"),
            "boolean:true boolean:true boolean:false");
  EXPECT_EQ(ctx_.flags, 1u << 3);
  EXPECT_EQ(show("sr.setdsturi('sip:d'), sr.is_myself('sip:127.0.0.1')"),
            "boolean:true boolean:true");
  EXPECT_EQ(ctx_.dstUri, "sip:d");
}

TEST_F(LegacySr, MissingArgumentsCountAsNil) {
  EXPECT_EQ(show("sr.setflag()"), "boolean:true");
  EXPECT_EQ(ctx_.flags, 1u);
}

TEST_F(LegacySr, BranchFlagWithABranchIndexUsesTheIndexedExport) {
  EXPECT_THAT(eval("sr.setbflag(2); sr.setbflag(2, 1)"),
              ElementsAre("setbflag(i:2)", "setbiflag(i:2,i:1)"));
}

TEST_F(LegacySr, SettersAndLoggersReturnNothing) {
  EXPECT_THAT(eval("show(sr.pv.sets('$var(x)', 'v'))"), ElementsAre("pv.sets(s:$var(x),s:v)", ""));
  EXPECT_THAT(eval("show(sr.hdr.append('X: y\\r\\n'))"), ElementsAre("hdr.append(s:X: y\r\n)", ""));
  EXPECT_THAT(eval("show(sr.log('info', 'text'))"), ElementsAre("log(s:info,s:text)", ""));
  ctx_.dstUri = "sip:g";
  EXPECT_EQ(show("sr.pv.get('$du')"), "string:sip:g");
}

TEST_F(LegacySr, EntriesWithoutAnExportAreAbsent) {
  EXPECT_EQ(show("sr.sethost, sr.pv.unset, sr.xavp, type(sr.probe), sr.modf('x')"),
            "nil:nil nil:nil nil:nil string:function number:-1");
}

}  // namespace
}  // namespace kemid::app_lua::testing
