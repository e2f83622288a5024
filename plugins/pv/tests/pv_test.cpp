// KSR.pv through the module's KEMI table, on parsed messages.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "pv/pv_api.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

namespace kemid::pv {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::string_view kInvite =
    "INVITE sip:bob@biloxi.example.com:5070;transport=udp SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport\r\n"
    "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "User-Agent: testua/1.0\r\n"
    "X-Foo: one\r\n"
    "X-Foo: two\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "v=0\r\n";

constexpr std::string_view kReply =
    "SIP/2.0 486 Busy Here\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKproxy\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
    "To: Bob <sip:bob@biloxi.example.com>;tag=b0b\r\n"
    "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Content-Length: 0\r\n\r\n";

KemiValue S(std::string text) {
  return KemiValue(std::move(text));
}
KemiValue I(std::int64_t number) {
  return KemiValue(number);
}
const KemiValue kNil{};
const KemiValue kTrue{true};
const KemiValue kFalse{false};

class Pv : public ::testing::Test {
 protected:
  void SetUp() override { init(); }

  void init(std::vector<ModuleParam> modparams = {}) {
    for (const auto& p : modparams) plugin_.setParam(p.name, p.value);
    HookResult result = plugin_.init();
    ASSERT_TRUE(result.ok()) << result.error;
    receive(kInvite);
  }

  // A new message in a new context, as the core makes one per datagram.
  MessageContext& receive(std::string_view text) {
    std::string error;
    messages_.push_back(SipMessage::parse(text, error));
    EXPECT_NE(messages_.back(), nullptr) << error;
    contexts_.push_back(std::make_unique<MessageContext>());
    ctx_ = contexts_.back().get();
    ctx_->message = messages_.back().get();
    ctx_->received = {.source = {"192.0.2.10", 5062}, .local = {"192.0.2.1", 5060}};
    return *ctx_;
  }

  SipMessage& message() { return *ctx_->message; }

  KemiValue call(std::string_view name, std::vector<KemiArg> args) {
    return plugin_.callKemi(name, ctx_, std::move(args));
  }

  KemiValue get(std::string_view pv) { return call("get", {pv}); }
  KemiValue sets(std::string_view pv, std::string_view value) { return call("sets", {pv, value}); }
  KemiValue seti(std::string_view pv, std::int64_t value) { return call("seti", {pv, value}); }
  KemiValue unset(std::string_view pv) { return call("unset", {pv}); }
  KemiValue isNull(std::string_view pv) { return call("is_null", {pv}); }
  std::string requestLine() {
    std::string text = message().wireText();
    return text.substr(0, text.find("\r\n"));
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  const ModuleDescriptor* descriptor_ = &plugin_.descriptor();
  Config& config_ = plugin_.config();
  ModuleHost& host_ = plugin_.host();
  std::vector<std::unique_ptr<SipMessage>> messages_;
  std::vector<std::unique_ptr<MessageContext>> contexts_;
  MessageContext* ctx_ = nullptr;
};

TEST_F(Pv, ExportsKamailioNames) {
  std::vector<std::string> names;
  for (const auto& def : descriptor_->kemi) names.emplace_back(def.name);
  EXPECT_THAT(names, ::testing::ElementsAre("get", "getw", "gete", "getvn", "getvs", "geti", "seti",
                                            "sets", "unset", "is_null"));
}

// Another module's class ($ulc from registrar): parsed with a name in
// parentheses and an index, read through its provider, read-only.
TEST_F(Pv, ProvidedClassesReadThroughTheirProvider) {
  auto* api = host_.findApi<pv::PvApi>();
  ASSERT_NE(api, nullptr);
  auto provider = [](std::string_view inner, std::optional<int> index, MessageContext&) {
    if (inner == "none") return pv::PvValue{};
    return pv::PvValue::string(std::string(inner) + "/" +
                               (index ? std::to_string(*index) : std::string("-")));
  };
  EXPECT_EQ(get("$zzz(p=>addr)"), kNil);  // not provided: unknown
  ASSERT_TRUE(api->provide("tst", provider));
  EXPECT_FALSE(api->provide("tst", provider));  // taken
  EXPECT_FALSE(api->provide("ru", provider));   // pv's own
  EXPECT_FALSE(api->provide("hdr", provider));
  EXPECT_EQ(get("$tst(p=>addr)"), S("p=>addr/-"));
  EXPECT_EQ(get("$(tst(p=>addr)[2])"), S("p=>addr/2"));
  EXPECT_EQ(get("$tst(none)"), kNil);
  EXPECT_EQ(get("$tst"), kNil);  // the name in parentheses is required
  EXPECT_EQ(sets("$tst(p=>addr)", "x"), kTrue);
  EXPECT_EQ(get("$tst(p=>addr)"), S("p=>addr/-"));
}

// A bare name provided by another module ($tls_version from tls): no
// parentheses, no index, read-only.
TEST_F(Pv, ProvidedNamesHaveNoParentheses) {
  auto* api = host_.findApi<pv::PvApi>();
  ASSERT_NE(api, nullptr);
  auto provider = [](std::string_view inner, std::optional<int>, MessageContext&) {
    return pv::PvValue::string("v[" + std::string(inner) + "]");
  };
  EXPECT_EQ(get("$tst_other"), kNil);  // not provided: unknown
  ASSERT_TRUE(api->provideName("tst_name", provider));
  EXPECT_FALSE(api->provideName("tst_name", provider));  // taken
  EXPECT_FALSE(api->provideName("ru", provider));        // pv's own
  EXPECT_EQ(get("$tst_name"), S("v[]"));
  EXPECT_EQ(get("$tst_name(x)"), kNil);      // no parentheses allowed
  EXPECT_EQ(get("$(tst_name[1])"), kNil);    // nor an index
  EXPECT_EQ(sets("$tst_name", "x"), kTrue);  // read-only: accepted, unchanged
  EXPECT_EQ(get("$tst_name"), S("v[]"));
}

// A class provided with a writer ($sht from htable): written through it,
// $null as an unset; a refused value is false; a nested pv stays in the name.
TEST_F(Pv, ProvidedClassesWrittenThroughTheirWriter) {
  auto* api = host_.findApi<pv::PvApi>();
  ASSERT_NE(api, nullptr);
  std::map<std::string, pv::PvValue> store;
  auto reader = [&](std::string_view inner, std::optional<int>, MessageContext&) {
    auto it = store.find(std::string(inner));
    return it == store.end() ? pv::PvValue{} : it->second;
  };
  auto writer = [&](std::string_view inner, std::optional<int>, const pv::PvValue& value,
                    MessageContext&) {
    if (inner == "fixed") return false;
    if (value.isNull()) {
      store.erase(std::string(inner));
    } else {
      store[std::string(inner)] = value;
    }
    return true;
  };
  ASSERT_TRUE(api->provide("wtst", reader, writer));
  EXPECT_EQ(sets("$wtst(t=>k)", "v"), kTrue);
  EXPECT_EQ(get("$wtst(t=>k)"), S("v"));
  EXPECT_EQ(seti("$wtst(t=>$var(x))", 3), kTrue);
  EXPECT_EQ(store.count("t=>$var(x)"), 1u);
  EXPECT_EQ(unset("$wtst(t=>k)"), kTrue);
  EXPECT_EQ(get("$wtst(t=>k)"), kNil);
  EXPECT_EQ(sets("$wtst(fixed)", "v"), kFalse);
}

TEST_F(Pv, RequestLineAndDestination) {
  EXPECT_EQ(get("$ru"), S("sip:bob@biloxi.example.com:5070;transport=udp"));
  EXPECT_EQ(get("$ruri"), get("$ru"));
  EXPECT_EQ(get("$rU"), S("bob"));
  EXPECT_EQ(get("$ruri.user"), S("bob"));
  EXPECT_EQ(get("$rd"), S("biloxi.example.com"));
  EXPECT_EQ(get("$ruri.domain"), S("biloxi.example.com"));
  EXPECT_EQ(get("$rp"), S("5070"));  // a string, as Kamailio gives it
  EXPECT_EQ(get("$rz"), S("sip"));
  EXPECT_EQ(get("$rv"), S("SIP/2.0"));
  EXPECT_EQ(get("$ou"), get("$ru"));
  EXPECT_EQ(get("$ouri"), get("$ru"));
  EXPECT_EQ(get("$du"), kNil);
  EXPECT_EQ(get("$duri"), kNil);
}

TEST_F(Pv, DefaultPorts) {
  ASSERT_TRUE(message().setRequestUri("sip:bob@biloxi.example.com"));
  EXPECT_EQ(get("$rp"), S("5060"));
  ASSERT_TRUE(message().setRequestUri("sips:bob@biloxi.example.com"));
  EXPECT_EQ(get("$rp"), S("5061"));
  ASSERT_TRUE(message().setRequestUri("sip:bob@biloxi.example.com;transport=tls"));
  EXPECT_EQ(get("$rp"), S("5061"));
  ASSERT_TRUE(message().setRequestUri("sip:[2001:db8::1]:5080"));
  EXPECT_EQ(get("$rd"), S("[2001:db8::1]"));
  EXPECT_EQ(get("$rU"), kNil);  // no user part
}

TEST_F(Pv, FromAndTo) {
  EXPECT_EQ(get("$fu"), S("sip:alice@atlanta.example.com"));
  EXPECT_EQ(get("$from"), get("$fu"));
  EXPECT_EQ(get("$fU"), S("alice"));
  EXPECT_EQ(get("$fd"), S("atlanta.example.com"));
  EXPECT_EQ(get("$fn"), S("\"Alice\""));  // raw, quotes included
  EXPECT_EQ(get("$ft"), S("1928301774"));
  EXPECT_EQ(get("$tu"), S("sip:bob@biloxi.example.com"));
  EXPECT_EQ(get("$tU"), S("bob"));
  EXPECT_EQ(get("$td"), S("biloxi.example.com"));
  EXPECT_EQ(get("$tn"), S("Bob"));
  EXPECT_EQ(get("$tt"), kNil);
}

TEST_F(Pv, HeadersAndMessage) {
  EXPECT_EQ(get("$ci"), S("a84b4c76e66710@pc33.atlanta.example.com"));
  EXPECT_EQ(get("$cs"), S("314159"));  // a string, as Kamailio
  EXPECT_EQ(get("$rm"), S("INVITE"));
  EXPECT_EQ(get("$rs"), kNil);
  EXPECT_EQ(get("$rr"), kNil);
  EXPECT_EQ(get("$ua"), S("testua/1.0"));
  EXPECT_EQ(get("$ct"), S("<sip:alice@pc33.atlanta.example.com>"));
  EXPECT_EQ(get("$cT"), S("application/sdp"));
  EXPECT_EQ(get("$cl"), I(5));
  EXPECT_EQ(get("$bs"), I(5));
  EXPECT_EQ(get("$rb"), S("v=0\r\n"));
  EXPECT_EQ(get("$mt"), I(1));
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(get("$mi")));
  const std::string wire = message().wireText();
  EXPECT_EQ(get("$mb"), S(wire));
  EXPECT_EQ(get("$ml"), I(static_cast<std::int64_t>(wire.size())));
}

TEST_F(Pv, HeaderByNameAndIndex) {
  EXPECT_EQ(get("$hdr(X-Foo)"), S("one"));
  EXPECT_EQ(get("$hdr(x-foo)"), S("one"));  // names are case-insensitive
  EXPECT_EQ(get("$(hdr(X-Foo)[0])"), S("one"));
  EXPECT_EQ(get("$(hdr(X-Foo)[1])"), S("two"));
  EXPECT_EQ(get("$(hdr(X-Foo)[-1])"), S("two"));
  EXPECT_EQ(get("$(hdr(X-Foo)[2])"), kNil);
  EXPECT_EQ(get("$(hdr(X-Foo)[-3])"), kNil);
  EXPECT_EQ(get("$(hdr(X-Foo)[*])"), S("one,two"));
  EXPECT_EQ(get("$hdrc(X-Foo)"), I(2));
  EXPECT_EQ(get("$hdrc(Via)"), I(2));
  EXPECT_EQ(get("$hdrc(X-None)"), I(0));
  EXPECT_EQ(get("$hdr(X-None)"), kNil);
  EXPECT_EQ(get("$hdr(Max-Forwards)"), S("70"));
  EXPECT_EQ(get("$hdr(f)"), S("\"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774"));
  EXPECT_EQ(get("$(hdr(Via)[1])"), S("SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8"));
}

TEST_F(Pv, NetworkTimeAndMisc) {
  EXPECT_EQ(get("$si"), S("192.0.2.10"));
  EXPECT_EQ(get("$sp"), I(5062));  // a number, as Kamailio
  EXPECT_EQ(get("$Ri"), S("192.0.2.1"));
  EXPECT_EQ(get("$Rp"), I(5060));
  EXPECT_EQ(get("$pr"), S("udp"));
  EXPECT_EQ(get("$proto"), S("udp"));
  EXPECT_EQ(get("$rc"), I(0));
  EXPECT_EQ(get("$retcode"), I(0));
  EXPECT_EQ(get("$?"), I(0));
  EXPECT_EQ(get("$null"), kNil);
  EXPECT_EQ(get("$err.class"), kNil);
  EXPECT_EQ(get("$snd(ip)"), kNil);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (std::string_view pv : {"$Ts", "$TS", "$TV(s)", "$TV(sn)"}) {
    auto value = get(pv);
    ASSERT_TRUE(std::holds_alternative<std::int64_t>(value)) << pv;
    EXPECT_NEAR(static_cast<double>(std::get<std::int64_t>(value)), static_cast<double>(now), 2)
        << pv;
  }
  EXPECT_EQ(get("$Ts"), get("$TV(s)"));  // fixed per message
  EXPECT_EQ(get("$TV(u)"), get("$TV(u)"));
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(get("$TV(un)")));
  EXPECT_THAT(std::get<std::string>(get("$TV(Sn)")), ::testing::MatchesRegex("[0-9]+\\.[0-9]{6}"));
  EXPECT_THAT(std::get<std::string>(get("$TV(Fn)")),
              ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\\.[0-9]{6}"));
}

TEST_F(Pv, DestinationSetBranches) {
  EXPECT_EQ(get("$branch(count)"), kNil);  // Kamailio shows an empty set as null
  EXPECT_EQ(get("$branch(uri)"), kNil);
  DestinationBranch first;
  first.uri = "sip:bob@192.0.2.4";
  first.q = 500;
  first.flags = 4;
  ASSERT_TRUE(ctx_->destinations.append(first));
  DestinationBranch second;
  second.uri = "sip:bob@192.0.2.5";
  second.dstUri = "sip:edge.example.com";
  second.path = "<sip:p.example.com;lr>";
  ASSERT_TRUE(ctx_->destinations.append(second));
  EXPECT_EQ(get("$branch(count)"), I(2));
  EXPECT_EQ(get("$branch(uri)"), S("sip:bob@192.0.2.4"));  // no index: the first
  EXPECT_EQ(get("$branch(q)"), I(500));
  EXPECT_EQ(get("$branch(flags)"), I(4));
  EXPECT_EQ(get("$branch(dst_uri)"), kNil);
  EXPECT_EQ(get("$(branch(uri)[1])"), S("sip:bob@192.0.2.5"));
  EXPECT_EQ(get("$(branch(dst_uri)[1])"), S("sip:edge.example.com"));
  EXPECT_EQ(get("$(branch(path)[1])"), S("<sip:p.example.com;lr>"));
  EXPECT_EQ(get("$(branch(q)[1])"), kNil);  // no q given
  EXPECT_EQ(get("$(branch(uri)[-1])"), S("sip:bob@192.0.2.5"));
  EXPECT_EQ(get("$(branch(uri)[2])"), kNil);
  EXPECT_EQ(sets("$(branch(uri)[1])", "sip:carol@192.0.2.6"), kTrue);
  EXPECT_EQ(ctx_->destinations[1].uri, "sip:carol@192.0.2.6");
  EXPECT_EQ(seti("$branch(q)", 250), kTrue);
  EXPECT_EQ(ctx_->destinations[0].q, 250);
  EXPECT_EQ(seti("$branch(q)", 2000), kFalse);
  EXPECT_EQ(sets("$(branch(uri)[2])", "sip:x@192.0.2.6"), kFalse);  // no such branch
  EXPECT_EQ(seti("$branch(count)", 1), kFalse);
}

TEST_F(Pv, TransactionAndFlags) {
  EXPECT_EQ(get("$T_reply_code"), I(0));
  EXPECT_EQ(get("$T_branch_idx"), I(0));
  ctx_->replyCode = 408;
  ctx_->branchIndex = 2;
  EXPECT_EQ(get("$T_reply_code"), I(408));
  EXPECT_EQ(get("$T_branch_idx"), I(2));
  EXPECT_EQ(get("$mf"), I(0));
  ctx_->flags = 8;
  EXPECT_EQ(get("$mf"), I(8));
  EXPECT_EQ(seti("$mf", 5), kTrue);
  EXPECT_EQ(ctx_->flags, 5u);
  EXPECT_EQ(sets("$bf", "3"), kTrue);
  EXPECT_EQ(ctx_->branchFlags, 3u);
  EXPECT_EQ(get("$bf"), I(3));
}

TEST_F(Pv, Reply) {
  receive(kReply);
  EXPECT_EQ(get("$ru"), kNil);
  EXPECT_EQ(get("$rU"), kNil);
  EXPECT_EQ(get("$rp"), kNil);
  EXPECT_EQ(get("$ou"), kNil);
  EXPECT_EQ(get("$rs"), I(486));
  EXPECT_EQ(get("$rr"), S("Busy Here"));
  EXPECT_EQ(get("$rm"), S("INVITE"));  // from CSeq
  EXPECT_EQ(get("$mt"), I(2));
  EXPECT_EQ(get("$tt"), S("b0b"));
  EXPECT_EQ(sets("$ru", "sip:x@example.com"), kFalse);
  EXPECT_EQ(sets("$rU", "x"), kFalse);
}

// rr's $route_uri: the top Route's URI as received, null without one.
TEST_F(Pv, RouteUri) {
  EXPECT_EQ(get("$route_uri"), kNil);
  std::string text(kInvite);
  text.insert(text.find("Max-Forwards"),
              "Route: <sip:p1.example.com;lr;ftag=1928301774>, <sip:p2.example.com;lr>\r\n");
  receive(text);
  EXPECT_EQ(get("$route_uri"), S("sip:p1.example.com;lr;ftag=1928301774"));
  EXPECT_EQ(sets("$route_uri", "sip:x@example.com"), kTrue);  // read-only, as $ci
  EXPECT_EQ(get("$route_uri"), S("sip:p1.example.com;lr;ftag=1928301774"));
}

TEST_F(Pv, InvalidNames) {
  for (std::string_view bad : {"$bogus", "ru", "", "$ru junk", "$os"}) {
    EXPECT_EQ(get(bad), kNil) << bad;
    EXPECT_EQ(isNull(bad), kTrue) << bad;
    EXPECT_EQ(sets(bad, "x"), kFalse) << bad;
    EXPECT_EQ(seti(bad, 1), kFalse) << bad;
    EXPECT_EQ(unset(bad), kFalse) << bad;
    EXPECT_EQ(call("gete", {bad}), S("")) << bad;
  }
}

TEST_F(Pv, GetVariants) {
  EXPECT_EQ(call("getw", {"$du"}), S("<null>"));  // observed on 5.6.3
  EXPECT_EQ(call("gete", {"$du"}), S(""));
  EXPECT_EQ(call("getvn", {"$du", std::int64_t{3}}), I(3));
  EXPECT_EQ(call("getvs", {"$du", "d"}), S("d"));
  EXPECT_EQ(call("getw", {"$rU"}), S("bob"));
  EXPECT_EQ(call("gete", {"$sp"}), I(5062));
  EXPECT_EQ(call("getvn", {"$rU", std::int64_t{3}}), S("bob"));
  EXPECT_EQ(call("getvs", {"$sp", "d"}), I(5062));
  EXPECT_EQ(isNull("$du"), kTrue);
  EXPECT_EQ(isNull("$ru"), kFalse);
}

TEST_F(Pv, Geti) {
  EXPECT_EQ(call("geti", {"$rp"}), I(5070));  // string with an integer meaning
  EXPECT_EQ(call("geti", {"$cs"}), I(314159));
  EXPECT_EQ(call("geti", {"$sp"}), I(5062));
  EXPECT_EQ(call("geti", {"$ru"}), I(0));  // not a number
  EXPECT_EQ(call("geti", {"$du"}), I(0));  // null
  EXPECT_EQ(call("geti", {"$bogus"}), I(0));
  EXPECT_EQ(sets("$var(n)", "-42"), kTrue);
  EXPECT_EQ(call("geti", {"$var(n)"}), I(-42));
}

TEST_F(Pv, WriteDstUri) {
  EXPECT_EQ(sets("$du", "sip:127.0.0.1:5080"), kTrue);
  EXPECT_EQ(ctx_->dstUri, "sip:127.0.0.1:5080");
  EXPECT_EQ(get("$du"), S("sip:127.0.0.1:5080"));
  EXPECT_EQ(seti("$du", 5), kFalse);
  EXPECT_EQ(ctx_->dstUri, "sip:127.0.0.1:5080");
  EXPECT_EQ(unset("$du"), kTrue);
  EXPECT_EQ(ctx_->dstUri, "");
  EXPECT_EQ(get("$du"), kNil);
  EXPECT_EQ(sets("$duri", "sip:192.0.2.7"), kTrue);
  EXPECT_EQ(sets("$du", ""), kTrue);
  EXPECT_EQ(get("$du"), kNil);
  // Not checked, as Kamailio: a bad one fails when relaying.
  EXPECT_EQ(sets("$du", "garbage"), kTrue);
  EXPECT_EQ(ctx_->dstUri, "garbage");
  // The Request-URI is untouched.
  EXPECT_EQ(requestLine(), "INVITE sip:bob@biloxi.example.com:5070;transport=udp SIP/2.0");
}

TEST_F(Pv, WriteRequestUri) {
  EXPECT_EQ(sets("$ru", "sip:carol@chicago.example.com:7777"), kTrue);
  EXPECT_EQ(requestLine(), "INVITE sip:carol@chicago.example.com:7777 SIP/2.0");
  EXPECT_EQ(get("$ru"), S("sip:carol@chicago.example.com:7777"));  // seen at once
  EXPECT_EQ(get("$rU"), S("carol"));
  EXPECT_EQ(get("$ou"), S("sip:bob@biloxi.example.com:5070;transport=udp"));
  EXPECT_EQ(seti("$ru", 3), kFalse);
  EXPECT_EQ(unset("$ru"), kFalse);
  EXPECT_EQ(sets("$ru", "not a uri"), kFalse);
  EXPECT_EQ(requestLine(), "INVITE sip:carol@chicago.example.com:7777 SIP/2.0");
}

TEST_F(Pv, WriteRequestUriParts) {
  EXPECT_EQ(sets("$rU", "alice2"), kTrue);
  EXPECT_EQ(requestLine(), "INVITE sip:alice2@biloxi.example.com:5070;transport=udp SIP/2.0");
  EXPECT_EQ(sets("$rd", "example.org"), kTrue);
  EXPECT_EQ(requestLine(), "INVITE sip:alice2@example.org:5070;transport=udp SIP/2.0");
  EXPECT_EQ(sets("$rp", "5099"), kTrue);
  EXPECT_EQ(get("$rp"), S("5099"));
  EXPECT_EQ(seti("$rp", 5098), kTrue);
  EXPECT_EQ(requestLine(), "INVITE sip:alice2@example.org:5098;transport=udp SIP/2.0");
  EXPECT_EQ(sets("$rp", "abc"), kFalse);
  EXPECT_EQ(seti("$rp", 70000), kFalse);
  EXPECT_EQ(unset("$rp"), kTrue);
  EXPECT_EQ(requestLine(), "INVITE sip:alice2@example.org;transport=udp SIP/2.0");
  EXPECT_EQ(get("$rp"), S("5060"));
  EXPECT_EQ(sets("$rd", ""), kFalse);
  EXPECT_EQ(unset("$rd"), kFalse);
  EXPECT_EQ(seti("$rU", 5), kFalse);
  EXPECT_EQ(sets("$rU", ""), kTrue);  // removes the user part
  EXPECT_EQ(requestLine(), "INVITE sip:example.org;transport=udp SIP/2.0");
  EXPECT_EQ(get("$rU"), kNil);
  EXPECT_EQ(sets("$rU", "dave"), kTrue);
  EXPECT_EQ(unset("$rU"), kTrue);
  EXPECT_EQ(requestLine(), "INVITE sip:example.org;transport=udp SIP/2.0");
  EXPECT_EQ(sets("$rd", "[2001:db8::9]"), kTrue);
  EXPECT_EQ(requestLine(), "INVITE sip:[2001:db8::9];transport=udp SIP/2.0");
  EXPECT_EQ(get("$rd"), S("[2001:db8::9]"));
  EXPECT_EQ(get("$ou"), S("sip:bob@biloxi.example.com:5070;transport=udp"));
}

// Kamailio: writes change the From/To sent; reading again in the same
// route returns the value as received. Successive writes add up.
TEST_F(Pv, WriteFromAndTo) {
  EXPECT_EQ(sets("$fU", "carol"), kTrue);
  EXPECT_EQ(get("$fu"), S("sip:alice@atlanta.example.com"));  // as received
  EXPECT_EQ(get("$ft"), S("1928301774"));
  EXPECT_EQ(sets("$fd", "chicago.example.com"), kTrue);
  EXPECT_EQ(sets("$fn", "\"Carol\""), kTrue);
  EXPECT_EQ(sets("$tu", "sip:dave@example.org"), kTrue);
  EXPECT_EQ(unset("$tn"), kTrue);
  EXPECT_EQ(unset("$tU"), kTrue);
  EXPECT_EQ(sets("$tu", "not a uri"), kFalse);
  EXPECT_EQ(unset("$fu"), kTrue);  // ignored, as Kamailio
  EXPECT_EQ(get("$hdr(To)"), S("Bob <sip:bob@biloxi.example.com>"));
  const std::string wire = message().wireText();
  EXPECT_THAT(wire,
              HasSubstr("\r\nFrom: \"Carol\" <sip:carol@chicago.example.com>;tag=1928301774\r\n"));
  EXPECT_THAT(wire, HasSubstr("\r\nTo: <sip:example.org>\r\n"));
  EXPECT_EQ(sets("$ft", "x"), kTrue);  // read-only: accepted, nothing changes
  EXPECT_EQ(get("$ft"), S("1928301774"));
}

TEST_F(Pv, ReadOnlyWritesAreAcceptedAndIgnored) {
  // Kamailio 5.6.3 answers true and changes nothing (observed).
  const std::string before = message().wireText();
  EXPECT_EQ(sets("$ci", "x"), kTrue);
  EXPECT_EQ(seti("$ci", 3), kTrue);
  EXPECT_EQ(unset("$ci"), kTrue);
  EXPECT_EQ(sets("$si", "x"), kTrue);
  EXPECT_EQ(sets("$rs", "3"), kTrue);
  EXPECT_EQ(sets("$hdr(X-Foo)", "x"), kTrue);
  EXPECT_EQ(sets("$rz", "sips"), kTrue);
  EXPECT_EQ(sets("$T_reply_code", "3"), kTrue);
  EXPECT_EQ(message().wireText(), before);
  EXPECT_EQ(get("$ci"), S("a84b4c76e66710@pc33.atlanta.example.com"));
  EXPECT_EQ(get("$si"), S("192.0.2.10"));
}

TEST_F(Pv, ScriptVariables) {
  EXPECT_EQ(get("$var(x)"), I(0));  // never null
  EXPECT_EQ(isNull("$var(x)"), kFalse);
  EXPECT_EQ(sets("$var(x)", "str"), kTrue);
  EXPECT_EQ(get("$var(x)"), S("str"));
  EXPECT_EQ(seti("$var(x)", 42), kTrue);
  EXPECT_EQ(get("$var(x)"), I(42));
  EXPECT_EQ(get("$vz(x)"), I(42));
  EXPECT_EQ(unset("$var(x)"), kTrue);
  EXPECT_EQ(get("$var(x)"), I(0));
  EXPECT_EQ(get("$vn(y)"), kNil);
  EXPECT_EQ(sets("$vn(y)", "abc"), kTrue);
  EXPECT_EQ(get("$vn(y)"), S("abc"));
  EXPECT_EQ(unset("$vn(y)"), kTrue);
  EXPECT_EQ(get("$vn(y)"), kNil);
  EXPECT_EQ(isNull("$vn(y)"), kTrue);
}

TEST_F(Pv, ScriptVariablesLastAcrossMessagesOfAThread) {
  EXPECT_EQ(seti("$var(count)", 1), kTrue);
  receive(kReply);
  EXPECT_EQ(get("$var(count)"), I(1));
}

TEST_F(Pv, ScriptVariablesArePerThread) {
  EXPECT_EQ(seti("$var(t)", 7), kTrue);
  KemiValue seen;
  std::thread([&] {
    seen = get("$var(t)");
    EXPECT_EQ(seti("$var(t)", 9), kTrue);
  }).join();
  EXPECT_EQ(seen, I(0));
  EXPECT_EQ(get("$var(t)"), I(7));
}

TEST_F(Pv, SharedVariablesAreShared) {
  EXPECT_EQ(get("$shv(s)"), I(0));  // created on first use
  EXPECT_EQ(isNull("$shv(s)"), kFalse);
  EXPECT_EQ(sets("$shv(s)", "shared"), kTrue);
  KemiValue seen;
  std::thread([&] {
    seen = get("$shv(s)");
    EXPECT_EQ(seti("$shv(s)", 9), kTrue);
  }).join();
  EXPECT_EQ(seen, S("shared"));
  EXPECT_EQ(get("$shv(s)"), I(9));
  EXPECT_EQ(unset("$shv(s)"), kTrue);
  EXPECT_EQ(get("$shv(s)"), S(""));  // Kamailio's quirk
}

TEST_F(Pv, SharedVariablesUnderContention) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 500; ++i) {
        EXPECT_EQ(seti("$shv(c" + std::to_string(t) + ")", i), kTrue);
        EXPECT_TRUE(std::holds_alternative<std::int64_t>(get("$shv(c0)")));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(get("$shv(c3)"), I(499));
}

TEST_F(Pv, ModparamInitialValues) {
  init({ModuleParam{"shvset", std::string("gi=i:5"), {}},
        ModuleParam{"shvset", std::string("gs=s:hello world"), {}},
        ModuleParam{"varset", std::string("vi=i:-7"), {}},
        ModuleParam{"varset", std::string("vs=s:"), {}}});
  EXPECT_EQ(get("$shv(gi)"), I(5));
  EXPECT_EQ(get("$shv(gs)"), S("hello world"));
  EXPECT_EQ(get("$var(vi)"), I(-7));
  EXPECT_EQ(get("$var(vs)"), S(""));
  KemiValue seen;
  std::thread([&] { seen = get("$var(vi)"); }).join();
  EXPECT_EQ(seen, I(-7));  // every thread starts from varset
}

TEST_F(Pv, ModparamRefused) {
  for (std::string_view bad : {"novalue", "=i:1", "x=q:1", "x=i:abc", "x=i:", "x=1"}) {
    ModuleParams params(descriptor_->name, descriptor_->params);
    params.set(ModuleParam{"shvset", std::string(bad), {}});
    ModuleInitContext ctx{params, config_, host_, nullptr};
    EXPECT_FALSE(descriptor_->init(ctx).ok()) << bad;
  }
}

TEST_F(Pv, AvpsAreAStackPerMessage) {
  EXPECT_EQ(get("$avp(x)"), kNil);
  EXPECT_EQ(isNull("$avp(x)"), kTrue);
  EXPECT_EQ(sets("$avp(x)", "one"), kTrue);
  EXPECT_EQ(seti("$avp(x)", 2), kTrue);
  EXPECT_EQ(get("$avp(x)"), I(2));
  EXPECT_EQ(get("$(avp(x)[0])"), I(2));
  EXPECT_EQ(get("$(avp(x)[1])"), S("one"));
  EXPECT_EQ(get("$(avp(x)[2])"), kNil);
  EXPECT_EQ(get("$(avp(x)[-1])"), kNil);
  EXPECT_EQ(get("$(avp(x)[*])"), S("2, one"));
  EXPECT_EQ(get("$avp(s:x)"), I(2));
  EXPECT_EQ(unset("$avp(x)"), kTrue);  // the newest only
  EXPECT_EQ(get("$avp(x)"), S("one"));
  EXPECT_EQ(seti("$avp(x)", 3), kTrue);
  EXPECT_EQ(sets("$(avp(x)[1])", "uno"), kTrue);
  EXPECT_EQ(get("$(avp(x)[*])"), S("3, uno"));
  EXPECT_EQ(sets("$(avp(x)[5])", "no"), kFalse);
  EXPECT_EQ(unset("$(avp(x)[*])"), kTrue);
  EXPECT_EQ(get("$avp(x)"), kNil);

  EXPECT_EQ(sets("$avp(y)", "kept"), kTrue);
  // A branch route works on a copy of the same request, with the script
  // data tm hands on: same values.
  auto copy = message().clone();
  MessageContext branch;
  branch.message = copy.get();
  branch.received = ctx_->received;
  branch.useTransactionSlots(ctx_->transactionSlots());
  branch.routeType = RouteType::Branch;
  MessageContext* request = ctx_;
  ctx_ = &branch;
  EXPECT_EQ(get("$avp(y)"), S("kept"));
  ctx_ = request;
  // The next message starts without any.
  receive(kReply);
  EXPECT_EQ(get("$avp(y)"), kNil);
}

TEST_F(Pv, MessageIdsDiffer) {
  auto first = get("$mi");
  EXPECT_EQ(get("$mi"), first);
  receive(kReply);
  EXPECT_NE(get("$mi"), first);
}

TEST_F(Pv, NoMessage) {
  ctx_ = nullptr;
  EXPECT_EQ(get("$ru"), kNil);
  EXPECT_EQ(get("$var(x)"), kNil);
  EXPECT_EQ(sets("$var(x)", "y"), kFalse);
  EXPECT_EQ(isNull("$ru"), kTrue);
}

}  // namespace
}  // namespace kemid::pv
