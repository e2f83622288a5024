// rr through its KEMI table: return codes, and the text the request leaves
// with. The proxy is 192.0.2.10:5060 (the plugin harness's network).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

namespace kemid::rr {
namespace {

constexpr std::string_view kFromTag = "1928301774";

// A request from alice to bob; `toTag` makes it in-dialog, `routes` are
// Route field lines ("Route: <...>\r\n").
std::string request(std::string_view requestUri, std::string_view toTag = {},
                    std::string_view routes = {}) {
  std::string text = "INVITE " + std::string(requestUri) + " SIP/2.0\r\n";
  text += "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n";
  text += routes;
  text += "Max-Forwards: 70\r\n";
  text += "To: Bob <sip:bob@biloxi.example.com>";
  if (!toTag.empty()) text += ";tag=" + std::string(toTag);
  text += "\r\nFrom: Alice <sip:alice@atlanta.example.com>;tag=" + std::string(kFromTag) + "\r\n";
  text +=
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
      "CSeq: 314159 INVITE\r\n"
      "Contact: <sip:alice@192.0.2.1>\r\n"
      "Content-Length: 0\r\n\r\n";
  return text;
}

class Rr : public ::testing::Test {
 protected:
  void init(std::vector<std::pair<std::string_view, std::int64_t>> modparams = {}) {
    for (const auto& [name, value] : modparams) plugin_.setParam(name, value);
    ASSERT_TRUE(plugin_.init().ok());
  }

  void load(const std::string& text) {
    std::string error;
    message_ = SipMessage::parse(text, error);
    ASSERT_NE(message_, nullptr) << error;
    context_ = MessageContext{};
    context_.message = message_.get();
  }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, std::move(args)));
  }

  std::vector<std::string> sent(std::string_view name) {
    std::string error;
    auto wire = SipMessage::parse(message_->wireText(), error);
    EXPECT_NE(wire, nullptr) << error;
    return wire ? wire->headers(name) : std::vector<std::string>{};
  }

  // The header section as sent, without the start line.
  std::string sentHead() {
    std::string wire = message_->wireText();
    auto start = wire.find("\r\n") + 2;
    return wire.substr(start, wire.find("\r\n\r\n") - start + 2);
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

// ---- record_route ----------------------------------------------------------------

TEST_F(Rr, RecordRouteGoesFirstWithLrAndFtag) {
  init();
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route"), 1);
  EXPECT_EQ(call("record_route"), -1);  // once per message
  EXPECT_TRUE(sentHead().starts_with(
      "Record-Route: <sip:192.0.2.10;lr;ftag=1928301774>\r\nVia: SIP/2.0/UDP 192.0.2.1"))
      << sentHead();
}

TEST_F(Rr, RecordRouteInABranchRouteMayRepeat) {
  init();
  load(request("sip:bob@biloxi.example.com"));
  context_.routeType = RouteType::Branch;
  EXPECT_EQ(call("record_route"), 1);
  EXPECT_EQ(call("record_route"), 1);
}

// tm's branch route works on a copy of the request and its context: a
// parameter added there goes to that copy only.
TEST_F(Rr, BranchCopyKeepsItsOwnRecordRoute) {
  init();
  load(request("sip:bob@biloxi.example.com"));
  ASSERT_EQ(call("record_route"), 1);
  auto copy = message_->clone();
  MessageContext branch = context_;
  branch.message = copy.get();
  branch.routeType = RouteType::Branch;
  EXPECT_EQ(
      std::get<std::int64_t>(plugin_.callKemi("add_rr_param", &branch, {std::string_view(";b=1")})),
      1);
  EXPECT_EQ(call("add_rr_param", {std::string_view(";a=1")}), 1);
  EXPECT_EQ(sent("Record-Route"),
            std::vector<std::string>{"<sip:192.0.2.10;lr;ftag=1928301774;a=1>"});
  std::string error;
  auto branchSent = SipMessage::parse(copy->wireText(), error);
  ASSERT_NE(branchSent, nullptr) << error;
  EXPECT_EQ(branchSent->headers("Record-Route"),
            std::vector<std::string>{"<sip:192.0.2.10;lr;ftag=1928301774;b=1>"});
}

TEST_F(Rr, FullLrWithoutFromTag) {
  init({{"enable_full_lr", 1}, {"append_fromtag", 0}});
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route"), 1);
  EXPECT_EQ(sent("Record-Route"), std::vector<std::string>{"<sip:192.0.2.10;lr=on>"});
}

TEST_F(Rr, UsernameAndSips) {
  init({{"add_username", 1}});
  load(request("sips:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route"), 1);
  EXPECT_EQ(sent("Record-Route"),
            std::vector<std::string>{"<sips:bob@192.0.2.10;lr;ftag=1928301774>"});
}

TEST_F(Rr, IgnoreSips) {
  init({{"ignore_sips", 1}});
  load(request("sips:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route"), 1);
  EXPECT_EQ(sent("Record-Route"), std::vector<std::string>{"<sip:192.0.2.10;lr;ftag=1928301774>"});
}

// Parameters given before the Record-Route exists wait for it; those given
// after it are added to it; both after the ones record_route_params gives.
TEST_F(Rr, ParamsBeforeAndAfter) {
  init();
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("add_rr_param", {std::string_view(";a=1")}), 1);
  EXPECT_EQ(call("record_route_params", {std::string_view(";p=2")}), 1);
  EXPECT_EQ(call("add_rr_param", {std::string_view(";b=3")}), 1);
  EXPECT_EQ(sent("Record-Route"),
            std::vector<std::string>{"<sip:192.0.2.10;lr;ftag=1928301774;p=2;a=1;b=3>"});
}

TEST_F(Rr, DoubleRecordRouteAlways) {
  init({{"enable_double_rr", 2}});
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route"), 1);
  EXPECT_EQ(call("add_rr_param", {std::string_view(";n=1")}), 1);
  EXPECT_TRUE(sentHead().starts_with(
      "Record-Route: <sip:192.0.2.10;r2=on;lr;ftag=1928301774;n=1>\r\n"
      "Record-Route: <sip:192.0.2.10;r2=on;lr;ftag=1928301774;n=1>\r\nVia: "))
      << sentHead();
}

TEST_F(Rr, RemoveRecordRoute) {
  init();
  load(request("sip:bob@biloxi.example.com"));
  ASSERT_EQ(call("record_route"), 1);
  EXPECT_EQ(call("remove_record_route"), 1);
  EXPECT_TRUE(sent("Record-Route").empty());
  EXPECT_EQ(call("record_route"), -1);  // as Kamailio: still counted as done
}

// As Kamailio 5.6 writes them: the ftag and the waiting parameters before
// ";lr"; one added later goes at the end, and is refused (yet added) when
// double record-routing expects a pair.
TEST_F(Rr, PresetPutsFtagBeforeLr) {
  init();
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("add_rr_param", {std::string_view(";e=1")}), 1);
  EXPECT_EQ(call("record_route_preset_one", {std::string_view("203.0.113.5:5090")}), 1);
  EXPECT_EQ(call("record_route_preset_one", {std::string_view("203.0.113.5:5090")}), -1);
  EXPECT_EQ(call("add_rr_param", {std::string_view(";x=1")}), -1);
  EXPECT_EQ(sent("Record-Route"),
            std::vector<std::string>{"<sip:203.0.113.5:5090;ftag=1928301774;e=1;lr;x=1>"});
}

TEST_F(Rr, ParamAfterASinglePresetWithoutDoubleRr) {
  init({{"enable_double_rr", 0}});
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route_preset_one", {std::string_view("203.0.113.5")}), 1);
  EXPECT_EQ(call("add_rr_param", {std::string_view(";x=1")}), 1);
  EXPECT_EQ(sent("Record-Route"),
            std::vector<std::string>{"<sip:203.0.113.5;ftag=1928301774;lr;x=1>"});
}

TEST_F(Rr, PresetPair) {
  init();
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route_preset",
                 {std::string_view("203.0.113.5;r2=on"), std::string_view("192.0.2.10;r2=on")}),
            1);
  EXPECT_EQ(call("add_rr_param", {std::string_view(";x=1")}), 1);
  EXPECT_EQ(sent("Record-Route"),
            (std::vector<std::string>{"<sip:203.0.113.5;r2=on;ftag=1928301774;lr;x=1>",
                                      "<sip:192.0.2.10;r2=on;ftag=1928301774;lr;x=1>"}));
}

TEST_F(Rr, PresetPairNeedsDoubleRr) {
  init({{"enable_double_rr", 0}});
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route_preset", {std::string_view("a"), std::string_view("b")}), -1);
  EXPECT_EQ(call("record_route_preset", {std::string_view("203.0.113.5"), std::string_view("")}),
            1);
}

TEST_F(Rr, AdvertisedAddress) {
  init();
  load(request("sip:bob@biloxi.example.com"));
  EXPECT_EQ(call("record_route_advertised_address", {std::string_view("proxy.example.com")}), 1);
  EXPECT_EQ(call("add_rr_param", {std::string_view(";x=1")}), 1);
  EXPECT_EQ(sent("Record-Route"),
            std::vector<std::string>{"<sip:proxy.example.com;ftag=1928301774;lr;x=1>"});
}

// ---- loose_route -----------------------------------------------------------------

TEST_F(Rr, NoRouteIsNotRouted) {
  init();
  load(request("sip:bob@192.0.2.20", "314"));
  EXPECT_EQ(call("loose_route"), -1);
  EXPECT_EQ(context_.dstUri, "");
  EXPECT_EQ(call("next_hop_route"), -1);
}

// An in-dialog request whose only Route is ours: the Route goes, the
// Request-URI (the remote target) is where it goes.
TEST_F(Rr, OwnRouteOnlyIsRemoved) {
  init();
  load(request("sip:bob@192.0.2.20", "314", "Route: <sip:192.0.2.10;lr;ftag=1928301774>\r\n"));
  EXPECT_EQ(call("loose_route"), 1);
  EXPECT_EQ(context_.dstUri, "");
  EXPECT_EQ(message_->requestUri(), "sip:bob@192.0.2.20");
  EXPECT_TRUE(sent("Route").empty());
  EXPECT_EQ(call("next_hop_route"), -1);
  // What our Route carried is still read.
  EXPECT_EQ(call("check_route_param", {std::string_view("ftag=1928301774")}), 1);
  EXPECT_EQ(call("check_route_param", {std::string_view("^;lr;")}), 1);
  EXPECT_EQ(call("check_route_param", {std::string_view("nat=yes")}), -1);
  EXPECT_EQ(call("check_route_param", {std::string_view("([")}), -1);
}

TEST_F(Rr, NextLooseRouteBecomesTheDestination) {
  init();
  load(request("sip:bob@192.0.2.20", "314",
               "Route: <sip:192.0.2.10;lr>,<sip:p2.example.com;lr>\r\n"
               "Route: <sip:p3.example.com;lr>\r\n"));
  EXPECT_EQ(call("loose_route"), 1);
  EXPECT_EQ(context_.dstUri, "sip:p2.example.com;lr");
  EXPECT_EQ(call("next_hop_route"), 1);
  EXPECT_EQ(sentHead(),
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
            "Route: <sip:p2.example.com;lr>\r\n"
            "Route: <sip:p3.example.com;lr>\r\n"
            "Max-Forwards: 70\r\n"
            "To: Bob <sip:bob@biloxi.example.com>;tag=314\r\n"
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
            "CSeq: 314159 INVITE\r\n"
            "Contact: <sip:alice@192.0.2.1>\r\n"
            "Content-Length: 0\r\n");
}

TEST_F(Rr, MaddrIsWhereItGoes) {
  init();
  load(request("sip:bob@192.0.2.20", "314",
               "Route: <sip:192.0.2.10;lr>, <sip:p2.example.com:5070;maddr=192.0.2.50;lr>\r\n"));
  EXPECT_EQ(call("loose_route"), 1);
  EXPECT_EQ(context_.dstUri, "sip:192.0.2.50:5070");
}

// RFC 3261 §16.6 step 6: the next hop is a strict router.
TEST_F(Rr, NextStrictRouterTakesTheRequestUri) {
  init();
  load(request("sip:bob@192.0.2.20", "314",
               "Route: <sip:192.0.2.10;lr>\r\nRoute: <sip:strict.example.com>\r\n"));
  EXPECT_EQ(call("loose_route"), 1);
  EXPECT_EQ(context_.dstUri, "");
  EXPECT_EQ(message_->requestUri(), "sip:strict.example.com");
  EXPECT_EQ(sent("Route"), std::vector<std::string>{"<sip:bob@192.0.2.20>"});
  EXPECT_TRUE(message_->wireText().starts_with("INVITE sip:strict.example.com SIP/2.0\r\n"));
}

// Our Route pair from a double Record-Route is removed whole.
TEST_F(Rr, DoubleRouteRemovedTogether) {
  init();
  load(request("sip:bob@192.0.2.20", "314",
               "Route: <sip:192.0.2.10;r2=on;lr>,<sip:198.51.100.10;r2=on;lr>,"
               "<sip:p2.example.com;lr>\r\n"));
  EXPECT_EQ(call("loose_route"), 1);
  EXPECT_EQ(context_.dstUri, "sip:p2.example.com;lr");
  EXPECT_EQ(sent("Route"), std::vector<std::string>{"<sip:p2.example.com;lr>"});
}

TEST_F(Rr, ForeignTopRouteIsTheDestinationAndStays) {
  init();
  load(request("sip:bob@192.0.2.20", "314", "Route: <sip:p2.example.com;lr>\r\n"));
  EXPECT_EQ(call("loose_route"), 1);
  EXPECT_EQ(context_.dstUri, "sip:p2.example.com;lr");
  EXPECT_EQ(sent("Route"), std::vector<std::string>{"<sip:p2.example.com;lr>"});
  EXPECT_EQ(call("check_route_param", {std::string_view("lr")}), -1);  // not ours
}

// An initial request (no To tag) whose only Route is ours: -3.
TEST_F(Rr, PreloadedOwnRoute) {
  init();
  load(request("sip:bob@192.0.2.20", "", "Route: <sip:192.0.2.10;lr>\r\n"));
  EXPECT_EQ(call("loose_route"), -3);
  EXPECT_TRUE(sent("Route").empty());

  load(request("sip:bob@192.0.2.20", "", "Route: <sip:192.0.2.10;lr>\r\n"));
  EXPECT_EQ(call("loose_route_preloaded"), 1);
  load(request("sip:bob@192.0.2.20", "314", "Route: <sip:192.0.2.10;lr>\r\n"));
  EXPECT_EQ(call("loose_route_preloaded"), -1);
}

TEST_F(Rr, PreloadedForeignRouteIsRouted) {
  init();
  load(request("sip:bob@192.0.2.20", "", "Route: <sip:p2.example.com;lr>\r\n"));
  EXPECT_EQ(call("loose_route"), 1);
  EXPECT_EQ(context_.dstUri, "sip:p2.example.com;lr");
}

// The previous hop was a strict router: our Record-Route URI came as the
// Request-URI, the remote target as the last Route (RFC 3261 §16.4).
TEST_F(Rr, AfterAStrictRouter) {
  init();
  load(request("sip:192.0.2.10;ftag=1928301774;nat=yes", "314",
               "Route: <sip:p2.example.com;lr>\r\nRoute: <sip:bob@192.0.2.20>\r\n"));
  EXPECT_EQ(call("loose_route"), 1);
  EXPECT_EQ(context_.dstUri, "sip:p2.example.com;lr");
  EXPECT_EQ(message_->requestUri(), "sip:bob@192.0.2.20");
  EXPECT_EQ(sent("Route"), std::vector<std::string>{"<sip:p2.example.com;lr>"});
  EXPECT_EQ(call("check_route_param", {std::string_view("nat=yes")}), 1);
  EXPECT_EQ(call("is_direction", {std::string_view("downstream")}), 1);
}

TEST_F(Rr, LooseOnlyModeLeavesAStrictRoutersRequest) {
  init();
  load(request("sip:192.0.2.10;ftag=1928301774", "314",
               "Route: <sip:p2.example.com;lr>\r\nRoute: <sip:bob@192.0.2.20>\r\n"));
  EXPECT_EQ(call("loose_route_mode", {1}), 1);
  EXPECT_EQ(context_.dstUri, "sip:p2.example.com;lr");
  EXPECT_EQ(message_->requestUri(), "sip:192.0.2.10;ftag=1928301774");
}

// ---- direction -------------------------------------------------------------------

TEST_F(Rr, DirectionFromTheRoutesFtag) {
  init();
  load(request("sip:bob@192.0.2.20", "314", "Route: <sip:192.0.2.10;lr;ftag=1928301774>\r\n"));
  EXPECT_EQ(call("is_direction", {std::string_view("downstream")}), 1);
  EXPECT_EQ(call("is_direction", {std::string_view("UPSTREAM")}), -1);

  load(request("sip:alice@192.0.2.1", "314", "Route: <sip:192.0.2.10;lr;ftag=other>\r\n"));
  EXPECT_EQ(call("is_direction", {std::string_view("upstream")}), 1);
  EXPECT_EQ(call("is_direction", {std::string_view("downstream")}), -1);
  EXPECT_EQ(call("is_direction", {std::string_view("sideways")}), -6);
  // Going upstream, a Record-Route carries the To tag as ftag.
  context_.routeType = RouteType::Branch;
  EXPECT_EQ(call("record_route"), 1);
  EXPECT_EQ(sent("Record-Route"), std::vector<std::string>{"<sip:192.0.2.10;lr;ftag=314>"});
}

TEST_F(Rr, DirectionNeedsAppendFromTag) {
  init({{"append_fromtag", 0}});
  load(request("sip:bob@192.0.2.20", "314", "Route: <sip:192.0.2.10;lr;ftag=x>\r\n"));
  EXPECT_EQ(call("is_direction", {std::string_view("downstream")}), -6);
}

TEST_F(Rr, UnknownModparamIsRefused) {
  EXPECT_ANY_THROW(plugin_.setParam("ignore_user", std::int64_t{1}));
}

}  // namespace
}  // namespace kemid::rr
