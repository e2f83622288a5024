// sl through its KEMI table, RPC command and published API, with replies
// checked as they leave through a fake network.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "core/network.h"
#include "sip/reply_builder.h"
#include "sip/sip_message.h"
#include "sip/via.h"
#include "sl_api.h"
#include "support/plugin_harness.h"
#include "tm/tm_api.h"

namespace kemid::sl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using test::FakeNetwork;
using test::Sent;

// tm as sl sees it: a transaction or not, and the replies sent through it.
class FakeTm : public tm::TmApi {
 public:
  bool hasTransaction(const MessageContext&) const override { return transaction; }
  std::optional<int> replyIfTransaction(MessageContext&, int code,
                                        std::string_view reason) override {
    if (!transaction) return std::nullopt;
    replies.emplace_back(std::to_string(code) + " " + std::string(reason));
    return result;
  }
  void requestDone(MessageContext&) override {}
  const tm::TmStats& stats() const override { return stats_; }
  void onReplyOut(tm::ReplyOutCallback, tm::ReplyOutFilter) override {}

  bool transaction = false;
  int result = 1;
  std::vector<std::string> replies;

 private:
  tm::TmStats stats_;
};

constexpr std::string_view kSource = "192.0.2.10";
constexpr std::uint16_t kSourcePort = 5062;

std::string request(std::string_view method, std::string_view branch = "z9hG4bK776asdhds",
                    std::string_view toTag = "", std::string_view via = "") {
  std::string text = std::string(method) + " sip:bob@biloxi.example.com SIP/2.0\r\n";
  if (via.empty()) {
    text +=
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=" + std::string(branch) + ";rport\r\n";
  } else {
    text += "Via: " + std::string(via) + "\r\n";
  }
  text +=
      "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8;received=192.0.2.3\r\n"
      "Max-Forwards: 70\r\n"
      "To: Bob <sip:bob@biloxi.example.com>";
  if (!toTag.empty()) text += ";tag=" + std::string(toTag);
  text +=
      "\r\n"
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
      "CSeq: 314159 " +
      std::string(method) +
      "\r\n"
      "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
      "Record-Route: <sip:p1.example.com;lr>\r\n"
      "Content-Length: 0\r\n\r\n";
  return text;
}

std::vector<std::string> lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\r\n", start)) != std::string_view::npos;
       start = end + 2) {
    out.emplace_back(text.substr(start, end - start));
  }
  return out;
}

std::string toTagOf(std::string_view reply) {
  for (const auto& line : lines(reply)) {
    if (!line.starts_with("To:")) continue;
    auto at = line.find(";tag=");
    return at == std::string::npos ? std::string() : line.substr(at + 5);
  }
  return {};
}

// 32 lowercase hex digits, '.', 8 hex digits.
bool isSlTag(std::string_view tag) {
  if (tag.size() != 41 || tag[32] != '.') return false;
  for (std::size_t i = 0; i < tag.size(); ++i) {
    if (i != 32 && std::string_view("0123456789abcdef").find(tag[i]) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

class Sl : public ::testing::Test {
 protected:
  void init(std::vector<ModuleParam> modparams = {}) {
    for (const auto& p : modparams) plugin_.setParam(p.name, p.value);
    ASSERT_TRUE(plugin_.init().ok());
    api_ = host_.findApi<SlApi>();
    ASSERT_NE(api_, nullptr);
  }

  // A request as the core hands it to the script: parsed, with
  // received/rport added to its top Via.
  MessageContext& receive(const std::string& text, int socketIndex = 3) {
    std::string error;
    messages_.push_back(SipMessage::parse(text, error));
    EXPECT_NE(messages_.back(), nullptr) << error;
    if (messages_.back()->isRequest()) {
      sip::addReceivedAndRport(*messages_.back(), kSource, kSourcePort);
    }
    contexts_.push_back(std::make_unique<MessageContext>());
    MessageContext& ctx = *contexts_.back();
    ctx.message = messages_.back().get();
    ctx.received = {.source = {std::string(kSource), kSourcePort},
                    .local = {"192.0.2.1", 5060},
                    .socketIndex = socketIndex};
    return ctx;
  }

  KemiValue call(MessageContext* ctx, std::string_view name, std::vector<KemiArg> args = {}) {
    return plugin_.callKemi(name, ctx, std::move(args));
  }

  std::int64_t reply(MessageContext& ctx, std::int64_t code, std::string_view reason,
                     std::string_view function = "sl_send_reply") {
    return std::get<std::int64_t>(call(&ctx, function, {code, reason}));
  }

  Poco::JSON::Object::Ptr rpcStats() {
    test::RpcOutcome out = plugin_.callRpc("sl.stats");
    EXPECT_EQ(out.fault.code, 0);
    return out.result.isEmpty() ? Poco::JSON::Object::Ptr()
                                : out.result.extract<Poco::JSON::Object::Ptr>();
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  const ModuleDescriptor* descriptor_ = &plugin_.descriptor();
  Config& config_ = plugin_.config();
  ModuleHost& host_ = plugin_.host();
  FakeNetwork& network_ = plugin_.network();
  SlApi* api_ = nullptr;
  std::vector<std::unique_ptr<SipMessage>> messages_;
  std::vector<std::unique_ptr<MessageContext>> contexts_;
};

TEST_F(Sl, ExportsKamailioNames) {
  init();
  std::vector<std::string> names;
  for (const auto& def : descriptor_->kemi) names.emplace_back(def.name);
  EXPECT_THAT(names, ElementsAre("sl_send_reply", "send_reply", "send_reply_mode", "sl_reply_error",
                                 "sl_forward_reply", "sreply", "get_reply_totag"));
  ASSERT_EQ(descriptor_->rpc.size(), 1u);
  EXPECT_EQ(descriptor_->rpc[0].name, "sl.stats");
}

TEST_F(Sl, ReplyOnTheWire) {
  init();
  MessageContext& ctx = receive(request("INVITE"));
  EXPECT_EQ(reply(ctx, 404, "Not Here"), 1);
  ASSERT_EQ(network_.sent().size(), 1u);
  const Sent sent = network_.sent()[0];
  // From the socket the request came in on, to received/rport (RFC 3581 §4).
  EXPECT_EQ(sent.socket, 3);
  EXPECT_EQ(sent.to, (Endpoint{"192.0.2.10", 5062}));
  const std::string tag = toTagOf(sent.data);
  EXPECT_THAT(lines(sent.data),
              ElementsAre("SIP/2.0 404 Not Here",
                          "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;"
                          "rport=5062;received=192.0.2.10",
                          "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8;received=192.0.2.3",
                          "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
                          "To: Bob <sip:bob@biloxi.example.com>;tag=" + tag,
                          "Call-ID: a84b4c76e66710@pc33.atlanta.example.com", "CSeq: 314159 INVITE",
                          serverHeaderLine(config_.core), "Content-Length: 0", ""));
  // Kamailio's sl tag shape: 32 hex digits, '.', 8 hex digits.
  EXPECT_TRUE(isSlTag(tag)) << tag;
}

TEST_F(Sl, ServerLineFollowsTheCoreSettings) {
  config_.core.serverHeader = "Server: my proxy";
  init();
  MessageContext& ctx = receive(request("OPTIONS"));
  EXPECT_EQ(reply(ctx, 200, "OK"), 1);
  ASSERT_EQ(network_.sent().size(), 1u);
  EXPECT_THAT(network_.sent()[0].data, HasSubstr("\r\nServer: my proxy\r\nContent-Length: 0\r\n"));
}

TEST_F(Sl, NoServerLineWithoutSignature) {
  config_.core.serverSignature = false;
  init();
  MessageContext& ctx = receive(request("OPTIONS"));
  EXPECT_EQ(reply(ctx, 200, "OK"), 1);
  ASSERT_EQ(network_.sent().size(), 1u);
  EXPECT_THAT(network_.sent()[0].data, ::testing::Not(HasSubstr("Server:")));
}

TEST_F(Sl, ReplyHeadersFromTheScriptAreAdded) {
  init();
  MessageContext& ctx = receive(request("REGISTER"));
  ctx.replyHeaders = "WWW-Authenticate: Digest realm=\"x\"\r\n";
  EXPECT_EQ(reply(ctx, 401, "Unauthorized"), 1);
  ASSERT_EQ(network_.sent().size(), 1u);
  EXPECT_THAT(network_.sent()[0].data, HasSubstr("\r\nWWW-Authenticate: Digest realm=\"x\"\r\n"));
}

TEST_F(Sl, ToTagIsStableAcrossRetransmissions) {
  init();
  MessageContext& first = receive(request("INVITE"));
  MessageContext& again = receive(request("INVITE"));
  MessageContext& other = receive(request("INVITE", "z9hG4bKother"));
  EXPECT_EQ(reply(first, 486, "Busy Here"), 1);
  EXPECT_EQ(reply(again, 486, "Busy Here"), 1);
  EXPECT_EQ(reply(other, 486, "Busy Here"), 1);
  ASSERT_EQ(network_.sent().size(), 3u);
  EXPECT_EQ(network_.sent()[0].data, network_.sent()[1].data);
  EXPECT_NE(toTagOf(network_.sent()[0].data), toTagOf(network_.sent()[2].data));
  // Same process prefix, different request part.
  EXPECT_EQ(toTagOf(network_.sent()[0].data).substr(0, 33),
            toTagOf(network_.sent()[2].data).substr(0, 33));
}

TEST_F(Sl, ExistingToTagIsKept) {
  init();
  MessageContext& ctx = receive(request("BYE", "z9hG4bKbye", "abc123"));
  EXPECT_EQ(reply(ctx, 481, "Call/Transaction Does Not Exist"), 1);
  ASSERT_EQ(network_.sent().size(), 1u);
  EXPECT_EQ(toTagOf(network_.sent()[0].data), "abc123");
  EXPECT_EQ(std::get<std::string>(call(&ctx, "get_reply_totag")), "abc123");
}

TEST_F(Sl, ProvisionalRepliesAndRecordRoute) {
  init();
  MessageContext& ctx = receive(request("INVITE"));
  EXPECT_EQ(reply(ctx, 100, "Trying"), 1);
  EXPECT_EQ(reply(ctx, 180, "Ringing"), 1);
  ASSERT_EQ(network_.sent().size(), 2u);
  EXPECT_EQ(toTagOf(network_.sent()[0].data), "");  // RFC 3261 §8.2.6.2: not on 100
  EXPECT_NE(toTagOf(network_.sent()[1].data), "");
  EXPECT_THAT(network_.sent()[1].data, HasSubstr("Record-Route: <sip:p1.example.com;lr>\r\n"));
  EXPECT_THAT(network_.sent()[0].data, ::testing::Not(HasSubstr("Record-Route")));
}

TEST_F(Sl, RepliesGoToSentByWithoutReceivedOrRport) {
  init();
  // sent-by is the source address and no rport: the core adds nothing.
  MessageContext& ctx =
      receive(request("OPTIONS", "", "", "SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKa"));
  ctx.received.source = {"192.0.2.10", 5070};
  EXPECT_EQ(reply(ctx, 200, "OK"), 1);
  MessageContext& noPort =
      receive(request("OPTIONS", "", "", "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKb"));
  EXPECT_EQ(reply(noPort, 200, "OK"), 1);
  ASSERT_EQ(network_.sent().size(), 2u);
  EXPECT_EQ(network_.sent()[0].to, (Endpoint{"192.0.2.10", 5070}));
  EXPECT_EQ(network_.sent()[1].to, (Endpoint{"192.0.2.10", 5060}));  // RFC 3261 §18.2.2
}

TEST_F(Sl, AckIsNeverAnswered) {
  init();
  MessageContext& ctx = receive(request("ACK"));
  EXPECT_EQ(reply(ctx, 200, "OK"), -1);
  EXPECT_TRUE(network_.sent().empty());
  EXPECT_EQ(api_->counters().failures(), 1u);
  EXPECT_EQ(api_->counters().sentReplies(), 0u);
}

TEST_F(Sl, RepliesAreNotAnswered) {
  init();
  MessageContext& ctx = receive(
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\n"
      "To: <sip:bob@biloxi.example.com>;tag=b\r\n"
      "From: <sip:alice@atlanta.example.com>;tag=a\r\n"
      "Call-ID: c1\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(reply(ctx, 500, "No"), -1);
  EXPECT_EQ(std::get<std::int64_t>(call(&ctx, "sl_reply_error")), -1);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(call(&ctx, "get_reply_totag")));
  EXPECT_TRUE(network_.sent().empty());
}

TEST_F(Sl, InvalidCodeOrReason) {
  init();
  MessageContext& ctx = receive(request("INVITE"));
  EXPECT_EQ(reply(ctx, 700, "Too Big"), -1);
  EXPECT_EQ(reply(ctx, 99, "Too Small"), -1);
  EXPECT_EQ(reply(ctx, 1LL << 40, "Huge"), -1);
  EXPECT_EQ(reply(ctx, 400, "Bad\r\nInjected: yes"), -1);
  EXPECT_TRUE(network_.sent().empty());
  EXPECT_EQ(api_->counters().failures(), 4u);
}

TEST_F(Sl, SendFailureIsCounted) {
  init();
  network_.failSends = true;
  MessageContext& ctx = receive(request("INVITE"));
  EXPECT_EQ(reply(ctx, 404, "Not Here"), -1);
  EXPECT_EQ(api_->counters().failures(), 1u);
  EXPECT_EQ(api_->counters().sentReplies(), 0u);
}

TEST_F(Sl, NoMessageNoReply) {
  init();
  EXPECT_EQ(std::get<std::int64_t>(call(nullptr, "sl_send_reply", {std::int64_t{404}, "x"})), -1);
  EXPECT_EQ(std::get<std::int64_t>(call(nullptr, "send_reply", {std::int64_t{404}, "x"})), -1);
  EXPECT_EQ(std::get<std::int64_t>(call(nullptr, "sl_reply_error")), -1);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(call(nullptr, "get_reply_totag")));
}

TEST_F(Sl, SendReplyIsStatelessWithoutTm) {
  init();
  MessageContext& ctx = receive(request("INVITE"));
  EXPECT_EQ(reply(ctx, 483, "Too Many Hops", "send_reply"), 1);
  EXPECT_EQ(std::get<std::int64_t>(call(&ctx, "send_reply_mode",
                                        {std::int64_t{483}, "Too Many Hops", std::int64_t{1}})),
            1);
  EXPECT_EQ(reply(ctx, 483, "Too Many Hops", "sreply"), 1);
  ASSERT_EQ(network_.sent().size(), 3u);
  for (const auto& sent : network_.sent()) {
    EXPECT_EQ(sent.data, network_.sent()[0].data);
    EXPECT_THAT(sent.data, ::testing::StartsWith("SIP/2.0 483 Too Many Hops\r\n"));
  }
}

TEST_F(Sl, SendReplyGoesThroughTmWhenThereIsATransaction) {
  FakeTm tm;
  ASSERT_TRUE(host_.publishApi<tm::TmApi>(tm));
  init();
  MessageContext& ctx = receive(request("INVITE"));
  // No transaction: stateless.
  EXPECT_EQ(reply(ctx, 404, "Not Here", "send_reply"), 1);
  EXPECT_EQ(network_.sent().size(), 1u);
  EXPECT_TRUE(tm.replies.empty());
  EXPECT_EQ(std::get<std::string>(call(&ctx, "get_reply_totag")), api_->replyToTag(*ctx.message));

  tm.transaction = true;
  EXPECT_EQ(reply(ctx, 486, "Busy Here", "send_reply"), 1);
  EXPECT_EQ(std::get<std::int64_t>(
                call(&ctx, "send_reply_mode", {std::int64_t{487}, "Terminated", std::int64_t{2}})),
            1);
  tm.result = -1;
  EXPECT_EQ(reply(ctx, 500, "Refused", "send_reply"), -1);
  EXPECT_THAT(tm.replies, ElementsAre("486 Busy Here", "487 Terminated", "500 Refused"));
  EXPECT_EQ(network_.sent().size(), 1u);
  // tm's tag is the reply builder's default.
  EXPECT_EQ(std::get<std::string>(call(&ctx, "get_reply_totag")), sip::stableToTag(*ctx.message));
  // sl_send_reply stays stateless; tm replies are not sl's statistics.
  EXPECT_EQ(reply(ctx, 404, "Not Here"), 1);
  EXPECT_EQ(network_.sent().size(), 2u);
  EXPECT_EQ(api_->counters().sentReplies(), 2u);
}

TEST_F(Sl, BindTmOffKeepsSendReplyStateless) {
  FakeTm tm;
  tm.transaction = true;
  ASSERT_TRUE(host_.publishApi<tm::TmApi>(tm));
  init({ModuleParam{"bind_tm", std::int64_t{0}, {}}});
  MessageContext& ctx = receive(request("INVITE"));
  EXPECT_EQ(reply(ctx, 486, "Busy Here", "send_reply"), 1);
  EXPECT_TRUE(tm.replies.empty());
  EXPECT_EQ(network_.sent().size(), 1u);
}

TEST_F(Sl, ReplyError) {
  init();
  MessageContext& ctx = receive(request("INVITE"));
  EXPECT_EQ(std::get<std::int64_t>(call(&ctx, "sl_reply_error")), 1);
  ASSERT_EQ(network_.sent().size(), 1u);
  EXPECT_THAT(
      network_.sent()[0].data,
      ::testing::StartsWith("SIP/2.0 500 I'm terribly sorry, server error occurred (1/SL)\r\n"));
  EXPECT_EQ(api_->counters().bucket(SlCounters::bucketOf(500)), 1u);
  EXPECT_EQ(api_->counters().sentErrReplies(), 0u);  // as Kamailio 5.6.3
}

TEST_F(Sl, GetReplyTotagMatchesTheReply) {
  init();
  MessageContext& ctx = receive(request("INVITE"));
  auto tag = call(&ctx, "get_reply_totag");
  ASSERT_TRUE(std::holds_alternative<std::string>(tag));
  EXPECT_EQ(reply(ctx, 404, "Not Here"), 1);
  ASSERT_EQ(network_.sent().size(), 1u);
  EXPECT_EQ(std::get<std::string>(tag), toTagOf(network_.sent()[0].data));
  EXPECT_EQ(api_->replyToTag(*ctx.message), std::get<std::string>(tag));
}

TEST_F(Sl, AckToOwnNegativeReplyIsAbsorbed) {
  init();
  MessageContext& invite = receive(request("INVITE"));
  EXPECT_EQ(reply(invite, 404, "Not Here"), 1);
  const std::string tag = toTagOf(network_.sent().at(0).data);

  // RFC 3261 §17.1.1.3: the ACK repeats the INVITE's top Via branch.
  MessageContext& ack = receive(request("ACK", "z9hG4bK776asdhds", tag));
  EXPECT_TRUE(api_->isAckToOwnReply(*ack.message));
  EXPECT_EQ(api_->counters().receivedAcks(), 1u);

  // Not ours: another tag, another branch (a 2xx ACK), or not an ACK.
  MessageContext& otherTag = receive(request("ACK", "z9hG4bK776asdhds", "someone-else"));
  EXPECT_FALSE(api_->isAckToOwnReply(*otherTag.message));
  MessageContext& otherBranch = receive(request("ACK", "z9hG4bKnew", tag));
  EXPECT_FALSE(api_->isAckToOwnReply(*otherBranch.message));
  MessageContext& bye = receive(request("BYE", "z9hG4bK776asdhds", tag));
  EXPECT_FALSE(api_->isAckToOwnReply(*bye.message));
  MessageContext& noTag = receive(request("ACK"));
  EXPECT_FALSE(api_->isAckToOwnReply(*noTag.message));
  EXPECT_EQ(api_->counters().receivedAcks(), 1u);
}

TEST_F(Sl, AckWithoutRecentReplyIsNotAbsorbed) {
  init();
  // The tag is right, but sl has sent nothing within the window.
  MessageContext& invite = receive(request("INVITE"));
  const std::string tag = api_->replyToTag(*invite.message);
  MessageContext& ack = receive(request("ACK", "z9hG4bK776asdhds", tag));
  EXPECT_FALSE(api_->isAckToOwnReply(*ack.message));
}

// A code's own bucket, else its class's; below 200 and above 699: "xxx".
static_assert(SlCounters::kBuckets[SlCounters::bucketOf(200)] == "200");
static_assert(SlCounters::kBuckets[SlCounters::bucketOf(204)] == "2xx");
static_assert(SlCounters::kBuckets[SlCounters::bucketOf(483)] == "483");
static_assert(SlCounters::kBuckets[SlCounters::bucketOf(486)] == "4xx");
static_assert(SlCounters::kBuckets[SlCounters::bucketOf(699)] == "6xx");
static_assert(SlCounters::kBuckets[SlCounters::bucketOf(183)] == "xxx");
static_assert(SlCounters::kBuckets[SlCounters::bucketOf(700)] == "xxx");
static_assert(SlCounters::kBuckets[SlCounters::bucketOf(-1)] == "xxx");

TEST_F(Sl, StatisticsByClass) {
  init();
  MessageContext& ctx = receive(request("INVITE"));
  for (int code : {200, 200, 202, 204, 300, 301, 302, 305, 400, 401, 403,
                   404, 407, 408, 483, 486, 500, 503, 603, 180, 183, 100}) {
    EXPECT_EQ(reply(ctx, code, "x"), 1) << code;
  }
  const SlCounters& counters = api_->counters();
  EXPECT_EQ(counters.sentReplies(), 22u);
  EXPECT_EQ(counters.bucket(SlCounters::bucketOf(200)), 2u);
  EXPECT_EQ(counters.bucket(SlCounters::bucketOf(204)), 1u);  // 2xx excludes 200 and 202
  EXPECT_EQ(counters.bucket(SlCounters::bucketOf(486)), 1u);
  EXPECT_EQ(counters.bucket(SlCounters::bucketOf(100)), 3u);  // below 200: xxx

  std::vector<std::string> names;
  std::uint64_t sum = 0;
  counters.forEachStatistic([&](std::string_view name, std::uint64_t value) {
    names.emplace_back(name);
    if (name.ends_with("_replies") && name != "sent_replies" && name != "sent_err_replies") {
      sum += value;
    }
  });
  EXPECT_THAT(names,
              ElementsAre("1xx_replies", "200_replies", "202_replies", "2xx_replies", "300_replies",
                          "301_replies", "302_replies", "3xx_replies", "400_replies", "401_replies",
                          "403_replies", "404_replies", "407_replies", "408_replies", "483_replies",
                          "4xx_replies", "500_replies", "5xx_replies", "6xx_replies", "failures",
                          "received_ACKs", "sent_err_replies", "sent_replies", "xxx_replies"));
  EXPECT_EQ(sum, counters.sentReplies());

  auto stats = rpcStats();
  ASSERT_FALSE(stats.isNull());
  std::vector<std::string> keys;
  for (const auto& key : stats->getNames()) keys.push_back(key);
  EXPECT_THAT(
      keys, ElementsAre("200", "202", "2xx", "300", "301", "302", "3xx", "400", "401", "403", "404",
                        "407", "408", "483", "4xx", "500", "5xx", "6xx", "xxx"));
  EXPECT_EQ(stats->getValue<Poco::UInt64>("200"), 2u);
  EXPECT_EQ(stats->getValue<Poco::UInt64>("2xx"), 1u);
  EXPECT_EQ(stats->getValue<Poco::UInt64>("4xx"), 1u);
  EXPECT_EQ(stats->getValue<Poco::UInt64>("5xx"), 1u);
  EXPECT_EQ(stats->getValue<Poco::UInt64>("6xx"), 1u);
  EXPECT_EQ(stats->getValue<Poco::UInt64>("xxx"), 3u);
}

TEST_F(Sl, ApiIsPublishedOnce) {
  init();
  // A second instance cannot take the name.
  ModuleParams params(descriptor_->name, descriptor_->params);
  ModuleInitContext ctx{params, config_, host_, nullptr};
  EXPECT_FALSE(descriptor_->init(ctx).ok());
}

TEST_F(Sl, CountersAreThreadSafe) {
  init();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this] {
      std::string error;
      auto message = SipMessage::parse(request("OPTIONS"), error);
      MessageContext ctx;
      ctx.message = message.get();
      ctx.received.source = {"192.0.2.10", 5062};
      for (int i = 0; i < 200; ++i) api_->sendStatelessReply(ctx, 200, "OK");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(api_->counters().sentReplies(), 800u);
}

}  // namespace
}  // namespace kemid::sl
