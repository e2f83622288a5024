#include "http/json_rpc.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <stdexcept>

#include "core/rpc_registry.h"
#include "kemictl/rpc_client.h"

namespace kemid {
namespace {

using ::testing::HasSubstr;

void echo(RpcCall& call) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array();
  for (const auto& p : call.params) out->add(p);
  *call.result = out;
}
void nothing(RpcCall&) {}
void faulty(RpcCall& call) {
  call.fault->code = 404;
  call.fault->message = "No such thing";
}
void throwing(RpcCall&) {
  throw std::runtime_error("boom");
}
void structured(RpcCall& call) {
  Poco::JSON::Object::Ptr inner = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  inner->set("b", 2);
  Poco::JSON::Object::Ptr outer = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  outer->set("z", std::string("x\"y"));
  outer->set("a", inner);
  *call.result = outer;
}

constexpr std::array kCommands{
    RpcCommandDef{"t.echo", "", echo},         RpcCommandDef{"t.nothing", "", nothing},
    RpcCommandDef{"t.fault", "", faulty},      RpcCommandDef{"t.throw", "", throwing},
    RpcCommandDef{"t.struct", "", structured},
};

class JsonRpcTest : public ::testing::Test {
 protected:
  JsonRpcTest() { registry_.add(kCommands, nullptr); }
  HttpAnswer call(std::string_view body) { return JsonRpcDispatcher(registry_).handle(body); }
  RpcRegistry registry_;
};

TEST_F(JsonRpcTest, ArrayParamsAreHandedOver) {
  auto a = call(R"({"jsonrpc":"2.0","method":"t.echo","params":[1,"two",true],"id":1})");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body,
            "{\n\t\"jsonrpc\":\t\"2.0\",\n\t\"result\":\t[1, \"two\", true],\n\t\"id\":\t1\n}");
}

TEST_F(JsonRpcTest, ObjectParamsArePositional) {
  auto a = call(R"({"jsonrpc":"2.0","method":"t.echo","params":{"z":1,"a":2},"id":1})");
  EXPECT_THAT(a.body, HasSubstr("[1, 2]"));
}

TEST_F(JsonRpcTest, IdIsEchoedOrOmitted) {
  EXPECT_THAT(call(R"({"jsonrpc":"2.0","method":"t.nothing","id":"abc"})").body,
              HasSubstr("\"id\":\t\"abc\""));
  auto noId = call(R"({"jsonrpc":"2.0","method":"t.nothing"})");
  EXPECT_EQ(noId.body, "{\n\t\"jsonrpc\":\t\"2.0\",\n\t\"result\":\t{}\n}");
}

TEST_F(JsonRpcTest, NestedObjectsAreTabIndented) {
  auto a = call(R"({"jsonrpc":"2.0","method":"t.struct","id":1})");
  EXPECT_EQ(
      a.body,
      "{\n\t\"jsonrpc\":\t\"2.0\",\n\t\"result\":\t{\n\t\t\"z\":\t\"x\\\"y\",\n\t\t\"a\":\t{\n"
      "\t\t\t\"b\":\t2\n\t\t}\n\t},\n\t\"id\":\t1\n}");
}

TEST_F(JsonRpcTest, FaultCodeBecomesTheHttpStatus) {
  auto a = call(R"({"jsonrpc":"2.0","method":"t.fault","id":1})");
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.reason, "No such thing");
  EXPECT_THAT(a.body, HasSubstr("\"code\":\t404"));
}

TEST_F(JsonRpcTest, UnknownMethodIs500) {
  auto a = call(R"({"jsonrpc":"2.0","method":"t.none","id":1})");
  EXPECT_EQ(a.status, 500);
  EXPECT_THAT(a.body, HasSubstr("\"message\":\t\"Method Not Found\""));
}

TEST_F(JsonRpcTest, HandlerExceptionIs500) {
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"t.throw","id":1})").status, 500);
}

TEST_F(JsonRpcTest, BadJsonIs400) {
  EXPECT_EQ(call("{").status, 400);
  EXPECT_EQ(call("").status, 400);
}

TEST_F(JsonRpcTest, KamailioQuirksAnswerEmptyResults) {
  EXPECT_THAT(call(R"({"method":"t.echo","id":1})").body, HasSubstr("\"result\":\t{}"));
  EXPECT_THAT(call(R"([{"jsonrpc":"2.0","method":"t.echo","id":1}])").body,
              HasSubstr("\"result\":\t{}"));
}

TEST(KemictlRequest, NumbersAndForcedStrings) {
  EXPECT_EQ(ctl::buildRequest("m", {"5", "s:5", "abc", "1.5"}),
            R"({"jsonrpc":"2.0","method":"m","params":[5,"5","abc",1.5],"id":1})");
}

TEST(KemictlOutput, StructsAsKeyValueLines) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("b", 1);
  o->set("a", std::string("x"));
  EXPECT_EQ(ctl::humanReadable(o), "b: 1\na: x\n");
  Poco::JSON::Array::Ptr arr = new Poco::JSON::Array();
  arr->add(std::string("one"));
  arr->add(2);
  EXPECT_EQ(ctl::humanReadable(arr), "one\n2\n");
  EXPECT_EQ(ctl::humanReadable(std::string("s")), "s\n");
}

}  // namespace
}  // namespace kemid
