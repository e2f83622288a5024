// ndb_redis: server specs, command formatting, $redis names and what they
// read from a reply, and the module with a private redis-server: return
// codes, stored replies, a stalled or stopped server, allowed_timeouts,
// flush_on_reconnect, a unix socket with a password.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "command_format.h"
#include "core/message_context.h"
#include "core/module_abi.h"
#include "pv/pv_api.h"
#include "reply_path.h"
#include "server_spec.h"
#include "support/plugin_harness.h"
#include "support/process.h"
#include "support/redis_server.h"

namespace kemid::ndb_redis {
namespace {

using namespace std::chrono_literals;
using db_redis::RedisReply;
using pv::PvValue;

// ---- server specs --------------------------------------------------------

TEST(ServerSpec, ReadsEveryAttribute) {
  std::string error;
  auto spec = parseServerSpec("name=srv;addr=10.0.0.1;port=6390;db=3;pass=secret;", error);
  ASSERT_TRUE(spec) << error;
  EXPECT_EQ(spec->name, "srv");
  EXPECT_EQ(spec->address, "10.0.0.1");
  EXPECT_EQ(spec->port, 6390);
  EXPECT_EQ(spec->database, 3);
  EXPECT_EQ(spec->password, "secret");
  EXPECT_EQ(spec->describe(), "10.0.0.1:6390/3");
}

TEST(ServerSpec, DefaultsAsKamailio) {
  std::string error;
  auto spec = parseServerSpec("name=a;port=x;db=-1;sentinel=1.2.3.4:26379", error);
  ASSERT_TRUE(spec) << error;
  EXPECT_EQ(spec->port, 6379);
  EXPECT_EQ(spec->database, 0);
  auto local = parseServerSpec("name=b;unix=/tmp/redis.sock;db=2", error);
  ASSERT_TRUE(local) << error;
  EXPECT_EQ(local->unixSocket, "/tmp/redis.sock");
  EXPECT_EQ(local->describe(), "unix:/tmp/redis.sock db:2");
}

TEST(ServerSpec, RefusesASpecWithoutName) {
  std::string error;
  EXPECT_FALSE(parseServerSpec("addr=127.0.0.1;port=6379", error));
  EXPECT_NE(error, "");
  EXPECT_FALSE(parseServerSpec("name=a;port", error));
}

// ---- command formatting ----------------------------------------------------

CommandWords words(std::string_view text, std::vector<std::string_view> params = {}) {
  std::string error;
  auto formatted = formatCommand(text, params, error);
  EXPECT_TRUE(formatted) << error;
  return formatted.value_or(CommandWords{});
}

TEST(CommandFormat, SplitsOnSpacesAndSubstitutesParameters) {
  EXPECT_EQ(words("SET  foo bar "), (CommandWords{"SET", "foo", "bar"}));
  EXPECT_EQ(words("HSET %s f%s %s", {"a key", "1", ""}), (CommandWords{"HSET", "a key", "f1", ""}));
  EXPECT_EQ(words("SET k 100%%"), (CommandWords{"SET", "k", "100%"}));
  EXPECT_EQ(words("SET k 5%d"), (CommandWords{"SET", "k", "5%d"}));
}

TEST(CommandFormat, RefusesMissingParametersAndEmptyCommands) {
  std::string error;
  EXPECT_FALSE(formatCommand("GET %s %s", std::vector<std::string_view>{"a"}, error));
  EXPECT_FALSE(formatCommand("   ", {}, error));
  EXPECT_TRUE(hasArgumentSpecifier("GET %s"));
  EXPECT_TRUE(hasArgumentSpecifier("GET %b"));
  EXPECT_FALSE(hasArgumentSpecifier("GET 100%"));
}

// ---- $redis names and replies --------------------------------------------------

RedisReply text(std::string value, RedisReply::Kind kind = RedisReply::Kind::Text) {
  RedisReply r;
  r.kind = kind;
  r.text = std::move(value);
  return r;
}

RedisReply integer(std::int64_t value) {
  RedisReply r;
  r.kind = RedisReply::Kind::Integer;
  r.integer = value;
  return r;
}

RedisReply array(std::vector<RedisReply> elements) {
  RedisReply r;
  r.kind = RedisReply::Kind::Array;
  r.elements = std::move(elements);
  return r;
}

PvValue read(const RedisReply& reply, std::string_view name,
             const std::map<std::string, int>& vars = {}) {
  std::string error;
  auto path = parseReplyPath(name, error);
  EXPECT_TRUE(path) << error;
  if (!path) return {};
  return readReply(reply, *path, [&](std::string_view pv) -> std::optional<int> {
    auto found = vars.find(std::string(pv));
    if (found == vars.end()) return std::nullopt;
    return found->second;
  });
}

TEST(ReplyPath, ParsesNamesAsKamailio) {
  std::string error;
  auto path = parseReplyPath(" r => value[ 2 ]=>type[$var(i)] ", error);
  ASSERT_TRUE(path) << error;
  EXPECT_EQ(path->replyName, "r");
  ASSERT_EQ(path->keys.size(), 2u);
  EXPECT_EQ(path->keys[0].field, ReplyKey::Field::Value);
  EXPECT_EQ(path->keys[0].index->number, 2);
  EXPECT_EQ(path->keys[1].field, ReplyKey::Field::Type);
  EXPECT_EQ(path->keys[1].index->pseudoVariable, "$var(i)");
  for (std::string_view bad : {"r", "r=>", "=>type", "r=>colour", "r=>value[x]", "r=>value[1",
                               "r=>infos", "r=>value[0]x"}) {
    EXPECT_FALSE(parseReplyPath(bad, error)) << bad;
  }
}

TEST(ReplyPath, ReadsScalarReplies) {
  const RedisReply bar = text("bar");
  EXPECT_EQ(read(bar, "r=>type"), PvValue::integer(1));
  EXPECT_EQ(read(bar, "r=>value"), PvValue::string("bar"));
  EXPECT_EQ(read(bar, "r=>info"), PvValue::string("bar"));
  EXPECT_TRUE(read(bar, "r=>size").isNull());
  EXPECT_TRUE(read(bar, "r=>value[0]").isNull());

  const RedisReply ok = text("OK", RedisReply::Kind::Status);
  EXPECT_EQ(read(ok, "r=>type"), PvValue::integer(5));
  EXPECT_TRUE(read(ok, "r=>value").isNull());  // as Kamailio: a status has no value
  EXPECT_EQ(read(ok, "r=>info"), PvValue::string("OK"));

  const RedisReply error = text("ERR unknown command", RedisReply::Kind::Error);
  EXPECT_EQ(read(error, "r=>type"), PvValue::integer(6));
  EXPECT_TRUE(read(error, "r=>value").isNull());
  EXPECT_EQ(read(error, "r=>info"), PvValue::string("ERR unknown command"));

  EXPECT_EQ(read(integer(42), "r=>value"), PvValue::integer(42));
  EXPECT_EQ(read(integer(42), "r=>type"), PvValue::integer(3));
  EXPECT_TRUE(read(integer(42), "r=>info").isNull());
  EXPECT_EQ(read(integer(4294967297), "r=>value"), PvValue::integer(1));  // a C int, as Kamailio

  EXPECT_EQ(read(RedisReply{}, "r=>type"), PvValue::integer(4));
  EXPECT_TRUE(read(RedisReply{}, "r=>value").isNull());
}

TEST(ReplyPath, ReadsArraysAndNestedArrays) {
  const RedisReply list = array({text("a b"), integer(7), RedisReply{}});
  EXPECT_EQ(read(list, "r=>type"), PvValue::integer(2));
  EXPECT_EQ(read(list, "r=>size"), PvValue::integer(3));
  EXPECT_TRUE(read(list, "r=>value").isNull());
  EXPECT_EQ(read(list, "r=>value[0]"), PvValue::string("a b"));
  EXPECT_EQ(read(list, "r=>value[1]"), PvValue::integer(7));
  EXPECT_TRUE(read(list, "r=>value[2]").isNull());
  EXPECT_TRUE(read(list, "r=>value[3]").isNull());
  EXPECT_EQ(read(list, "r=>type[2]"), PvValue::integer(4));
  EXPECT_EQ(read(list, "r=>value[$var(i)]", {{"$var(i)", 1}}), PvValue::integer(7));
  EXPECT_TRUE(read(list, "r=>value[$var(j)]").isNull());

  const RedisReply exec = array({array({text("x"), text("")}), text("bar")});
  EXPECT_EQ(read(exec, "r=>value[0]=>size"), PvValue::integer(2));
  EXPECT_EQ(read(exec, "r=>value[0]=>value[1]"), PvValue::string(""));
  EXPECT_EQ(read(exec, "r=>value[0]=>type[0]"), PvValue::integer(1));
  EXPECT_TRUE(read(exec, "r=>value[0]").isNull());
  EXPECT_EQ(read(exec, "r=>value[1]"), PvValue::string("bar"));
  EXPECT_TRUE(read(exec, "r=>value[1]=>size").isNull());
  EXPECT_TRUE(read(exec, "r=>value[5]=>size").isNull());
}

TEST(ReplyPath, NamesTheReplyTypes) {
  EXPECT_EQ(replyTypeConstant("rpl_str"), 1);
  EXPECT_EQ(replyTypeConstant("rpl_arr"), 2);
  EXPECT_EQ(replyTypeConstant("rpl_int"), 3);
  EXPECT_EQ(replyTypeConstant("rpl_nil"), 4);
  EXPECT_EQ(replyTypeConstant("rpl_sts"), 5);
  EXPECT_EQ(replyTypeConstant("rpl_err"), 6);
  EXPECT_FALSE(replyTypeConstant("rpl_dbl"));
}

// ---- the module with a real redis-server ------------------------------------------

// pv's side of $redis: the providers ndb_redis registered, read directly.
class FakePv final : public pv::PvApi {
 public:
  std::optional<PvValue> get(std::string_view name, MessageContext&) override {
    if (name == "$var(i)") return PvValue::integer(1);
    return std::nullopt;
  }
  std::optional<std::string> format(std::string_view format, MessageContext&) override {
    return std::string(format);
  }
  bool provide(std::string_view className, Provider provider, Writer) override {
    providers[std::string(className)] = std::move(provider);
    return true;
  }
  std::map<std::string, Provider> providers;
};

const KemiValue kZero = std::int64_t{0};
const KemiValue kOne = std::int64_t{1};
const KemiValue kMinusOne = std::int64_t{-1};
const KemiValue kMinusTwo = std::int64_t{-2};

class NdbRedis : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    redis_ = test::RedisServer::start(why);
    if (!redis_) GTEST_SKIP() << why;
    plugin_.host().publishApi<pv::PvApi>(pv_);
    configure();
  }
  // The modparams of every test (the harness forgets them at each init).
  void configure() {
    plugin_.setParam("server",
                     "name=srv;addr=127.0.0.1;port=" + std::to_string(redis_->port()) + ";db=2");
    plugin_.setParam("cmd_timeout", std::int64_t{300});
    plugin_.setParam("connect_timeout", std::int64_t{300});
  }
  void TearDown() override {
    if (redis_) redis_->resume();
  }

  void init() { ASSERT_TRUE(plugin_.init().ok()); }
  KemiValue cmd(std::string_view command, std::string_view reply = "r") {
    return plugin_.callKemi("redis_cmd", &ctx_, {std::string_view("srv"), command, reply});
  }
  PvValue redis(std::string_view name) { return pv_.providers.at("redis")(name, {}, ctx_); }

  std::unique_ptr<test::RedisServer> redis_;
  FakePv pv_;
  test::PluginHarness plugin_{*kemid_module_descriptor()};
  MessageContext ctx_;
};

TEST_F(NdbRedis, RunsCommandsAndKeepsTheirReplies) {
  init();
  EXPECT_EQ(cmd("SET foo bar"), kZero);
  EXPECT_EQ(redis("r=>type"), PvValue::integer(5));
  EXPECT_EQ(redis("r=>info"), PvValue::string("OK"));
  EXPECT_EQ(plugin_.callKemi(
                "redis_cmd_p3", &ctx_,
                {std::string_view("srv"), std::string_view("RPUSH %s %s %s"), std::string_view("l"),
                 std::string_view("a b"), std::string_view(""), std::string_view("list")}),
            kZero);
  EXPECT_EQ(cmd("LRANGE l 0 -1", "list"), kZero);
  EXPECT_EQ(redis("list=>size"), PvValue::integer(2));
  EXPECT_EQ(redis("list=>value[0]"), PvValue::string("a b"));
  EXPECT_EQ(redis("list=>value[$var(i)]"), PvValue::string(""));
  EXPECT_EQ(plugin_.callKemi("redis_cmd_p1", &ctx_,
                             {std::string_view("srv"), std::string_view("GET %s"),
                              std::string_view("foo"), std::string_view("r")}),
            kZero);
  EXPECT_EQ(redis("r=>value"), PvValue::string("bar"));
  // Another thread (worker) has replies of its own.
  std::thread([&] {
    MessageContext other;
    EXPECT_TRUE(pv_.providers.at("redis")("r=>value", {}, other).isNull());
  }).join();
  EXPECT_EQ(plugin_.callKemi("redis_free", &ctx_, {std::string_view("r")}), kOne);
  EXPECT_TRUE(redis("r=>type").isNull());
  EXPECT_EQ(plugin_.callKemi("redis_free", &ctx_, {std::string_view("never")}), kMinusOne);
  EXPECT_EQ(pv_.providers.at("redisd")("rpl_err", {}, ctx_), PvValue::integer(6));
}

TEST_F(NdbRedis, AnswersMinusOneForErrorsAsKamailio) {
  init();
  EXPECT_EQ(cmd("NOSUCHCOMMAND x"), kMinusOne);
  EXPECT_EQ(redis("r=>type"), PvValue::integer(6));  // the error reply is kept
  EXPECT_EQ(plugin_.callKemi(
                "redis_cmd", &ctx_,
                {std::string_view("other"), std::string_view("GET a"), std::string_view("r")}),
            kMinusOne);
  EXPECT_EQ(cmd("GET %s"), kMinusOne);  // a specifier without parameters
  EXPECT_EQ(cmd(""), kMinusOne);
}

TEST_F(NdbRedis, FailsWithinTheCommandTimeoutWhenTheServerStalls) {
  init();
  ASSERT_EQ(cmd("SET k v"), kZero);
  redis_->pause();
  for (int i = 0; i < 2; ++i) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(cmd("GET k"), kMinusOne);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 900ms);
    EXPECT_TRUE(redis("r=>type").isNull());
  }
  redis_->resume();
  EXPECT_EQ(cmd("GET k"), kZero);  // connected again
  EXPECT_EQ(redis("r=>value"), PvValue::string("v"));
}

TEST_F(NdbRedis, ReconnectsAfterTheServerRestarted) {
  init();
  ASSERT_EQ(cmd("SET k v"), kZero);
  std::string why;
  ASSERT_TRUE(redis_->restart(why)) << why;
  EXPECT_EQ(cmd("SET k w"), kZero);
  redis_->stop();
  EXPECT_EQ(cmd("GET k"), kMinusOne);
  ASSERT_TRUE(redis_->restart(why)) << why;
  EXPECT_EQ(cmd("GET k"), kZero);
}

TEST_F(NdbRedis, DisablesAServerAfterAllowedTimeouts) {
  plugin_.setParam("allowed_timeouts", std::int64_t{1});
  plugin_.setParam("disable_time", std::int64_t{1});
  init();
  redis_->stop();
  EXPECT_EQ(cmd("GET k"), kMinusOne);
  EXPECT_EQ(cmd("GET k"), kMinusOne);  // the second failure in a row disables it
  EXPECT_EQ(cmd("GET k"), kMinusTwo);
  std::string why;
  ASSERT_TRUE(redis_->restart(why)) << why;
  EXPECT_EQ(cmd("GET k"), kMinusTwo);
  std::this_thread::sleep_for(2100ms);
  EXPECT_EQ(cmd("GET k"), kZero);
}

TEST_F(NdbRedis, FlushesTheDatabaseAfterAReconnection) {
  plugin_.setParam("flush_on_reconnect", std::int64_t{1});
  init();
  ASSERT_EQ(cmd("SET k v"), kZero);  // this thread's first connection: no flush
  ASSERT_EQ(cmd("GET k"), kZero);
  EXPECT_EQ(redis("r=>value"), PvValue::string("v"));
  // Another worker closes this one's connection (CLIENT KILL skips its own).
  std::thread([&] {
    MessageContext other;
    EXPECT_EQ(
        plugin_.callKemi("redis_cmd", &other,
                         {std::string_view("srv"), std::string_view("CLIENT KILL TYPE normal"),
                          std::string_view("k")}),
        kZero);
  }).join();
  EXPECT_EQ(cmd("GET k"), kZero);  // reconnected, flushed
  EXPECT_EQ(redis("r=>type"), PvValue::integer(4));
}

TEST_F(NdbRedis, RefusesToStartWithoutRedisUnlessAsked) {
  redis_->stop();
  EXPECT_FALSE(plugin_.init().ok());
  configure();
  plugin_.setParam("init_without_redis", std::int64_t{1});
  EXPECT_TRUE(plugin_.init().ok());
  EXPECT_EQ(cmd("GET k"), kMinusOne);
}

// A server on a unix socket only, with a password.
TEST(NdbRedisUnixSocket, ConnectsAndAuthenticates) {
  if (!std::filesystem::exists(test::RedisServer::kBinary)) GTEST_SKIP() << "no redis-server";
  test::TempDir dir;
  const std::string socket = (dir.path() / "redis.sock").string();
  test::BackgroundProcess server(
      test::RedisServer::kBinary,
      {"--port", "0", "--unixsocket", socket, "--requirepass", "secret", "--dir",
       dir.path().string(), "--save", "", "--appendonly", "no"});
  for (int i = 0; i < 100 && !std::filesystem::exists(socket); ++i) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(std::filesystem::exists(socket)) << server.stdoutText();

  test::PluginHarness plugin{*kemid_module_descriptor()};
  plugin.setParam("server", "name=srv;unix=" + socket + ";pass=wrong");
  EXPECT_FALSE(plugin.init().ok());  // AUTH refused
  plugin.setParam("server", "name=srv;unix=" + socket + ";pass=secret;db=1");
  ASSERT_TRUE(plugin.init().ok());
  MessageContext ctx;
  EXPECT_EQ(plugin.callKemi(
                "redis_cmd", &ctx,
                {std::string_view("srv"), std::string_view("SET a b"), std::string_view("r")}),
            kZero);
}

}  // namespace
}  // namespace kemid::ndb_redis
