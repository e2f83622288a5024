// registrar through its KEMI table over usrloc's real tables: return codes,
// the replies' bytes (as Kamailio 5.6.3 sends them, measured), expiry, and
// lookup filling the Request-URI and the destination set in q order.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/message_context.h"
#include "core/module_host.h"
#include "fetched_contacts.h"
#include "request_contacts.h"
#include "sip/sip_message.h"
#include "support/fake_sl.h"
#include "support/plugin_harness.h"
#include "usrloc/usrloc_module.h"

namespace kemid::registrar {
namespace {

std::string registerRequest(std::string contacts, int cseq = 1) {
  return "REGISTER sip:example.org SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-" +
         std::to_string(cseq) +
         "\r\n"
         "From: <sip:alice@example.org>;tag=f1\r\n"
         "To: <sip:alice@example.org>\r\n"
         "Call-ID: reg-1@192.0.2.1\r\n"
         "CSeq: " +
         std::to_string(cseq) + " REGISTER\r\n" + contacts + "Content-Length: 0\r\n\r\n";
}

std::string request(std::string_view method, std::string_view ruri) {
  return std::string(method) + " " + std::string(ruri) +
         " SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 192.0.2.9:5070;branch=z9hG4bK-i\r\n"
         "From: <sip:bob@example.org>;tag=b1\r\n"
         "To: <" +
         std::string(ruri) +
         ">\r\n"
         "Call-ID: call-1@192.0.2.9\r\n"
         "CSeq: 1 " +
         std::string(method) + "\r\nContent-Length: 0\r\n\r\n";
}

class Registrar : public ::testing::Test {
 protected:
  void init(std::vector<std::pair<std::string_view, ParamValue>> modparams = {},
            usrloc::UsrlocSettings ul = {.preload = {"location"}}) {
    usrloc_ = std::make_unique<usrloc::UsrlocModule>(std::move(ul), [this] { return now_; });
    for (auto& [name, value] : modparams) plugin_.setParam(name, value);
    ASSERT_TRUE(plugin_.init().ok());
    ASSERT_TRUE(plugin_.host().publishApi<sl::SlApi>(sl_));
    ASSERT_TRUE(plugin_.host().publishApi<usrloc::UsrlocApi>(*usrloc_));
  }

  void load(const std::string& text) {
    std::string error;
    message_ = SipMessage::parse(text, error);
    ASSERT_NE(message_, nullptr) << error;
    context_ = MessageContext{};
    context_.message = message_.get();
    context_.received.local = {"127.0.0.1", 5060};
  }

  std::int64_t save(const std::string& contacts, std::int64_t flags = 0, int cseq = 1) {
    load(registerRequest(contacts, cseq));
    return std::get<std::int64_t>(
        plugin_.callKemi("save", &context_, {std::string_view("location"), flags}));
  }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, std::move(args)));
  }

  // The only reply sent since the last call, from its status line to the
  // end of the header fields that registrar chose (before Content-Length).
  std::string reply() {
    if (sl_.replies.size() != 1) return "(" + std::to_string(sl_.replies.size()) + " replies)";
    std::string text = sl_.replies[0];
    sl_.replies.clear();
    return text;
  }
  static std::string line(const std::string& text, std::string_view name) {
    const std::size_t at = text.find("\r\n" + std::string(name) + ":");
    if (at == std::string::npos) return "(no " + std::string(name) + ")";
    return text.substr(at + 2, text.find("\r\n", at + 2) - at - 2);
  }

  std::int64_t now_ = 1000;
  test::PluginHarness plugin_{*kemid_module_descriptor()};
  test::FakeSl sl_;
  std::unique_ptr<usrloc::UsrlocModule> usrloc_;
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(Registrar, SaveAnswersWithEveryBindingBestFirst) {
  init();
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=600\r\n"
                 "Contact: <sip:alice@192.0.2.1:5081>;q=0.5, \"A\" "
                 "<sip:alice@192.0.2.1:5082;transport=udp>;expires=30;q=0.8\r\n"
                 "Expires: 300\r\n"),
            1);
  const std::string text = reply();
  EXPECT_EQ(text.substr(0, text.find("\r\n")), "SIP/2.0 200 OK");
  // Kamailio 5.6.3's bytes: one field, q then expires, 30 raised to min_expires.
  EXPECT_EQ(line(text, "Contact"),
            "Contact: <sip:alice@192.0.2.1:5082;transport=udp>;q=0.8;expires=60, "
            "<sip:alice@192.0.2.1:5081>;q=0.5;expires=300, <sip:alice@192.0.2.1:5080>;expires=600");
}

TEST_F(Registrar, ReturnCodesOfQueryRefreshRemoveAndStar) {
  init();
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>\r\n"), 1);
  reply();
  now_ += 100;
  EXPECT_EQ(save("", 0, 2), 4);  // a query
  EXPECT_EQ(line(reply(), "Contact"), "Contact: <sip:alice@192.0.2.1:5080>;expires=3500");
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=120\r\n", 0, 3), 2);
  EXPECT_EQ(line(reply(), "Contact"), "Contact: <sip:alice@192.0.2.1:5080>;expires=120");
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=0\r\n", 0, 4), 3);
  EXPECT_EQ(line(reply(), "Contact"), "(no Contact)");
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5090>\r\n", 0, 5), 1);
  reply();
  EXPECT_EQ(save("Contact: *\r\nExpires: 0\r\n", 0, 6), 3);
  EXPECT_EQ(line(reply(), "Contact"), "(no Contact)");
  load(request("INVITE", "sip:alice@example.org"));
  EXPECT_EQ(call("registered", {std::string_view("location")}), -1);
}

TEST_F(Registrar, StarWithExpiresOrOtherContactsIsRefused) {
  init();
  EXPECT_EQ(save("Contact: *\r\nExpires: 60\r\n"), -1);
  std::string text = reply();
  EXPECT_EQ(text.substr(0, text.find("\r\n")), "SIP/2.0 400 Bad Request");
  EXPECT_EQ(line(text, "P-Registrar-Error"),
            "P-Registrar-Error: * used in contact and expires is not zero");
  EXPECT_EQ(save("Contact: *\r\nContact: <sip:a@192.0.2.1>\r\nExpires: 0\r\n"), -1);
  EXPECT_EQ(line(reply(), "P-Registrar-Error"),
            "P-Registrar-Error: * used in contact and more than 1 contact");
  EXPECT_EQ(save("Contact: <sip:a@192.0.2.1>, *\r\nExpires: 0\r\n"), -1);
  EXPECT_EQ(line(reply(), "P-Registrar-Error"),
            "P-Registrar-Error: * used in contact and more than 1 contact");
  // "*" first in a field takes the whole field, as Kamailio reads it.
  EXPECT_EQ(save("Contact: *, <sip:a@192.0.2.1>\r\nExpires: 0\r\n"), 3);
}

TEST_F(Registrar, TooManyContactsIs503AndMinus2) {
  init({{"max_contacts", std::int64_t{1}}});
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>, <sip:alice@192.0.2.1:5081>\r\n"), -2);
  const std::string text = reply();
  EXPECT_EQ(text.substr(0, text.find("\r\n")), "SIP/2.0 503 Service Unavailable");
  EXPECT_EQ(line(text, "P-Registrar-Error"), "P-Registrar-Error: Too many registered contacts");
  load(request("INVITE", "sip:alice@example.org"));
  EXPECT_EQ(call("registered", {std::string_view("location")}), -1);
}

TEST_F(Registrar, TooBriefIs423WithMinExpiresWhenModeRejects) {
  init({{"min_expires_mode", std::int64_t{1}}, {"min_expires", std::int64_t{90}}});
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=10\r\n"), -1);
  const std::string text = reply();
  EXPECT_EQ(text.substr(0, text.find("\r\n")), "SIP/2.0 423 Interval Too Brief");
  EXPECT_NE(text.find("\r\nMin-Expires: 90\r\nP-Registrar-Error: Interval too brief\r\n"),
            std::string::npos);
  // Flag 0x08 skips the expires checks.
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=10\r\n", 0x08), 1);
  EXPECT_EQ(line(reply(), "Contact"), "Contact: <sip:alice@192.0.2.1:5080>;expires=10");
}

TEST_F(Registrar, MaxExpiresCapsAndBindingsExpire) {
  init({{"max_expires", std::int64_t{100}}});
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=3600\r\n"), 1);
  EXPECT_EQ(line(reply(), "Contact"), "Contact: <sip:alice@192.0.2.1:5080>;expires=100");
  load(request("INVITE", "sip:alice@example.org"));
  now_ += 99;
  EXPECT_EQ(call("registered", {std::string_view("location")}), 1);
  now_ += 1;
  EXPECT_EQ(call("registered", {std::string_view("location")}), -1);
  EXPECT_EQ(call("lookup", {std::string_view("location")}), -1);
}

TEST_F(Registrar, NoReplyFlagAndSingleContactFlag) {
  init();
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>, <sip:alice@192.0.2.1:5081>\r\n", 0x02), 1);
  EXPECT_TRUE(sl_.replies.empty());
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5099>\r\n", 0x04), 1);
  EXPECT_EQ(line(reply(), "Contact"), "Contact: <sip:alice@192.0.2.1:5099>;expires=3600");
}

TEST_F(Registrar, UnknownTableIsAnErrorWithoutReply) {
  init();
  load(registerRequest("Contact: <sip:alice@192.0.2.1:5080>\r\n"));
  EXPECT_EQ(call("save", {std::string_view("nolocation"), std::int64_t{0}}), -1);
  EXPECT_TRUE(sl_.replies.empty());
  EXPECT_EQ(call("lookup", {std::string_view("nolocation")}), -3);
}

TEST_F(Registrar, LookupRewritesTheRequestUriAndAppendsBranchesInQOrder) {
  init();
  load(registerRequest(
      "Contact: <sip:alice@192.0.2.1:5080>;q=0.1, <sip:alice@192.0.2.1:5081>;q=0.9, "
      "<sip:alice@192.0.2.1:5082>;q=0.5\r\n"));
  context_.branchFlags = 1u << 6;
  ASSERT_EQ(call("save", {std::string_view("location"), std::int64_t{0}}), 1);
  reply();

  load(request("INVITE", "sip:alice@example.org"));
  context_.dstUri = "sip:10.9.9.9:5099";
  context_.branchFlags = 1u << 3;
  EXPECT_EQ(call("lookup", {std::string_view("location")}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:alice@192.0.2.1:5081");
  EXPECT_EQ(context_.ruriQ, 900);
  EXPECT_EQ(context_.dstUri, "");                          // reached directly: $du reset
  EXPECT_EQ(context_.branchFlags, (1u << 3) | (1u << 6));  // plus the contact's cflags
  ASSERT_EQ(context_.destinations.size(), 2u);
  EXPECT_EQ(context_.destinations[0].uri, "sip:alice@192.0.2.1:5082");
  EXPECT_EQ(context_.destinations[0].q, 500);
  EXPECT_EQ(context_.destinations[1].uri, "sip:alice@192.0.2.1:5080");
  EXPECT_EQ(context_.destinations[1].socket, "udp:127.0.0.1:5060");
  EXPECT_FALSE(context_.destinations[1].ruid.empty());

  load(request("INVITE", "sip:nobody@example.org"));
  EXPECT_EQ(call("lookup", {std::string_view("location")}), -1);
  EXPECT_EQ(message_->requestUri(), "sip:nobody@example.org");
}

TEST_F(Registrar, LookupWithoutAppendBranchesTakesTheBestOnly) {
  init({{"append_branches", std::int64_t{0}}});
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>, <sip:alice@192.0.2.1:5081>;q=1\r\n"), 1);
  load(request("INVITE", "sip:alice@example.org"));
  EXPECT_EQ(call("lookup", {std::string_view("location")}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:alice@192.0.2.1:5081");
  EXPECT_TRUE(context_.destinations.empty());
}

TEST_F(Registrar, MethodFilteringSkipsContactsThatDoNotAllowTheMethod) {
  init({{"method_filtering", std::int64_t{1}}});
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;methods=\"INVITE,BYE\", "
                 "<sip:alice@192.0.2.1:5081>;methods=\"MESSAGE\"\r\n"),
            1);
  load(request("MESSAGE", "sip:alice@example.org"));
  EXPECT_EQ(call("lookup", {std::string_view("location")}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:alice@192.0.2.1:5081");
  EXPECT_TRUE(context_.destinations.empty());
  load(request("SUBSCRIBE", "sip:alice@example.org"));
  EXPECT_EQ(call("lookup", {std::string_view("location")}), -2);
  load(request("ACK", "sip:alice@example.org"));
  EXPECT_EQ(call("lookup", {std::string_view("location")}), 1);
  EXPECT_EQ(context_.destinations.size(), 1u);
}

TEST_F(Registrar, ReceivedAndPathSetTheNextHop) {
  init({{"use_path", std::int64_t{1}}, {"path_mode", std::int64_t{0}}});
  ASSERT_EQ(save("Contact: <sip:alice@10.0.0.5:5080>\r\n"
                 "Path: <sip:edge.example.org;lr>\r\n"),
            1);
  const std::string text = reply();
  EXPECT_EQ(line(text, "Path"), "Path: <sip:edge.example.org;lr>");
  load(request("INVITE", "sip:alice@example.org"));
  EXPECT_EQ(call("lookup", {std::string_view("location")}), 1);
  EXPECT_EQ(context_.dstUri, "sip:edge.example.org;lr");
}

TEST_F(Registrar, StrictPathModeRefusesAUaWithoutPathSupport) {
  init({{"use_path", std::int64_t{1}}});
  EXPECT_EQ(save("Contact: <sip:alice@10.0.0.5:5080>\r\nPath: <sip:edge.example.org;lr>\r\n"), -1);
  EXPECT_EQ(reply().substr(0, 25), "SIP/2.0 420 Bad Extension");
}

TEST_F(Registrar, UnregisterAndUseDomain) {
  init({}, {.preload = {"location"}, .useDomain = true});
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>\r\n"), 1);
  load(request("INVITE", "sip:alice@other.org"));
  EXPECT_EQ(call("registered", {std::string_view("location")}), -1);
  load(request("INVITE", "sip:alice@example.org"));
  EXPECT_EQ(call("registered", {std::string_view("location")}), 1);
  EXPECT_EQ(
      call("unregister", {std::string_view("location"), std::string_view("sip:alice@example.org")}),
      1);
  EXPECT_EQ(call("registered", {std::string_view("location")}), -1);
}

// reg_fetch_contacts keeps a copy per profile; $ulc reads it (through pv,
// which this test does not load: readFetchedContact is what pv calls).
TEST_F(Registrar, FetchedContactsByProfile) {
  init();
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;q=0.5\r\n"
                 "Contact: <sip:alice@192.0.2.2>;+sip.instance=\"<urn:x>\";reg-id=1\r\n"),
            1);
  const auto fetch = [&](std::string_view uri, std::string_view profile) {
    return call("reg_fetch_contacts", {std::string_view("location"), uri, profile});
  };
  const auto ulc = [](std::string_view inner, std::optional<int> index = {}) {
    return readFetchedContact(inner, index).toText();
  };
  EXPECT_EQ(fetch("sip:alice@example.org", "p"), 1);
  EXPECT_EQ(ulc("p=>count"), "2");
  EXPECT_EQ(ulc("p=>aor"), "alice");
  EXPECT_EQ(ulc("p=>domain"), "location");
  EXPECT_EQ(ulc("p=>addr"), "sip:alice@192.0.2.1:5080");
  EXPECT_EQ(ulc("p=>q"), "500");
  EXPECT_EQ(ulc("p=>addr", 1), "sip:alice@192.0.2.2");
  EXPECT_EQ(ulc("p=>instance", 1), "<urn:x>");
  EXPECT_EQ(ulc("p=>regid", 1), "1");
  EXPECT_EQ(ulc("p=>methods"), "-1");
  EXPECT_EQ(ulc("p=>user_agent"), "n/a");
  EXPECT_TRUE(readFetchedContact("p=>addr", 2).isNull());
  EXPECT_TRUE(readFetchedContact("p=>nonsense", {}).isNull());
  EXPECT_TRUE(readFetchedContact("q=>addr", {}).isNull());
  EXPECT_EQ(call("reg_free_contacts", {std::string_view("p")}), 1);
  EXPECT_EQ(call("reg_free_contacts", {std::string_view("p")}), -1);
  EXPECT_TRUE(readFetchedContact("p=>count", {}).isNull());
  EXPECT_EQ(fetch("sip:nobody@example.org", "p"), -1);
  EXPECT_TRUE(readFetchedContact("p=>count", {}).isNull());
}

TEST_F(Registrar, NewContactsGoAfterThoseOfEqualQ) {
  init();
  // Measured on Kamailio 5.6.3: the contacts of one field are saved last
  // first, fields in order, each after the bindings of equal q.
  ASSERT_EQ(save("Contact: <sip:bob@192.0.2.1:5080>, <sip:bob@192.0.2.1:5081>\r\nExpires: 60\r\n"),
            1);
  EXPECT_EQ(line(reply(), "Contact"),
            "Contact: <sip:bob@192.0.2.1:5081>;expires=60, <sip:bob@192.0.2.1:5080>;expires=60");
  // A refresh keeps its place.
  ASSERT_EQ(save("Contact: <sip:bob@192.0.2.1:5080>\r\nExpires: 120\r\n", 0, 2), 2);
  EXPECT_EQ(line(reply(), "Contact"),
            "Contact: <sip:bob@192.0.2.1:5081>;expires=60, <sip:bob@192.0.2.1:5080>;expires=120");
  ASSERT_EQ(save("Contact: <sip:bob@192.0.2.1:5082>\r\nContact: <sip:bob@192.0.2.1:5083>\r\n"
                 "Expires: 60\r\n",
                 0, 3),
            1);
  EXPECT_EQ(line(reply(), "Contact"),
            "Contact: <sip:bob@192.0.2.1:5081>;expires=60, <sip:bob@192.0.2.1:5080>;expires=120, "
            "<sip:bob@192.0.2.1:5082>;expires=60, <sip:bob@192.0.2.1:5083>;expires=60");
}

TEST_F(Registrar, TooManyForAnExistingAorListsTheBindingsKept) {
  init({{"max_contacts", std::int64_t{1}}});
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>\r\n"), 1);
  reply();
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5081>\r\n", 0, 2), -2);
  const std::string text = reply();
  EXPECT_NE(text.find("\r\nContact: <sip:alice@192.0.2.1:5080>;expires=3600\r\n"
                      "P-Registrar-Error: Too many registered contacts\r\n"),
            std::string::npos)
      << text;
}

TEST_F(Registrar, PathUseReceivedTakesTheEdgeProxysReceived) {
  init({{"use_path", std::int64_t{1}},
        {"path_mode", std::int64_t{0}},
        {"path_use_received", std::int64_t{1}}});
  ASSERT_EQ(save("Contact: <sip:alice@10.0.0.5:5080>\r\n"
                 "Path: <sip:edge.example.org;lr;received=sip:198.51.100.4%3A5099>\r\n"),
            1);
  EXPECT_EQ(line(reply(), "Contact"),
            "Contact: <sip:alice@10.0.0.5:5080>;expires=3600;received=\"sip:198.51.100.4:5099\"");
}

TEST_F(Registrar, LookupToDsetLeavesTheRequestUriAndBranchesEveryContact) {
  init();
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;q=0.2, <sip:alice@192.0.2.1:5081>;q=0.7\r\n"),
            1);
  load(request("INVITE", "sip:someone@example.org"));
  EXPECT_EQ(call("lookup_to_dset",
                 {std::string_view("location"), std::string_view("sip:alice@example.org")}),
            1);
  EXPECT_EQ(message_->requestUri(), "sip:someone@example.org");
  ASSERT_EQ(context_.destinations.size(), 2u);
  EXPECT_EQ(context_.destinations[0].uri, "sip:alice@192.0.2.1:5081");
  EXPECT_EQ(context_.destinations[1].uri, "sip:alice@192.0.2.1:5080");
}

TEST_F(Registrar, LookupBranchesReplacesEachRegisteredBranch) {
  init();
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>\r\n"), 1);
  load(request("INVITE", "sip:nobody@example.org"));
  DestinationBranch registeredUser;
  registeredUser.uri = "sip:alice@example.org";
  DestinationBranch other;
  other.uri = "sip:carol@203.0.113.9";
  context_.destinations.append(registeredUser);
  context_.destinations.append(other);
  EXPECT_EQ(call("lookup_branches", {std::string_view("location")}), 1);
  EXPECT_EQ(message_->requestUri(), "sip:nobody@example.org");
  ASSERT_EQ(context_.destinations.size(), 2u);
  EXPECT_EQ(context_.destinations[0].uri, "sip:alice@192.0.2.1:5080");
  EXPECT_EQ(context_.destinations[1].uri, "sip:carol@203.0.113.9");
}

TEST_F(Registrar, RetransmittedCSeqChangesNothingAndAnOlderOneIsRefused) {
  init({{"min_expires_mode", std::int64_t{1}}});
  ASSERT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=100\r\n", 0, 5), 1);
  reply();
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=200\r\n", 0, 5), 1);
  EXPECT_EQ(line(reply(), "Contact"), "Contact: <sip:alice@192.0.2.1:5080>;expires=100");
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=300\r\n", 0, 3), -1);
  std::string text = reply();
  EXPECT_NE(text.find("\r\nContact: <sip:alice@192.0.2.1:5080>;expires=100\r\n"
                      "P-Registrar-Error: Invalid CSeq number\r\n"),
            std::string::npos)
      << text;
  // A refusal while processing the contacts lists the bindings kept.
  EXPECT_EQ(save("Contact: <sip:alice@192.0.2.1:5080>;expires=10\r\n", 0, 6), -1);
  text = reply();
  EXPECT_NE(text.find("\r\nContact: <sip:alice@192.0.2.1:5080>;expires=100\r\n"
                      "Min-Expires: 60\r\nP-Registrar-Error: Interval too brief\r\n"),
            std::string::npos)
      << text;
}

// Every parameter Kamailio 5.6's registrar accepts (probed with kamailio -c).
TEST_F(Registrar, AcceptsEveryKamailio56Parameter) {
  for (std::string_view name : {
           "append_branches",
           "case_sensitive",
           "contact_max_size",
           "default_expires",
           "default_expires_range",
           "default_q",
           "flow_timer",
           "gruu_enabled",
           "lookup_filter_mode",
           "max_contacts",
           "max_expires",
           "method_filtering",
           "min_expires",
           "min_expires_mode",
           "outbound_mode",
           "path_check_local",
           "path_mode",
           "path_use_received",
           "regid_mode",
           "retry_after",
           "sock_flag",
           "sock_mode",
           "use_expired_contacts",
           "use_path",
           "xavp_rcd_mask",
           "expires_range",
       }) {
    EXPECT_NO_THROW(plugin_.setParam(name, std::int64_t{0})) << name;
  }
  for (std::string_view name : {
           "event_callback",
           "realm_prefix",
           "received_avp",
           "received_param",
           "sock_hdr_name",
           "xavp_cfg",
           "xavp_rcd",
       }) {
    EXPECT_NO_THROW(plugin_.setParam(name, std::string("x"))) << name;
  }
}

TEST_F(Registrar, QOverrideAndSocketHeader) {
  init({{"sock_hdr_name", std::string("X-Sock")}});
  load(registerRequest(
      "Contact: <sip:alice@192.0.2.1:5080>;q=0.1\r\nX-Sock: udp:10.1.1.1:5062\r\n"));
  EXPECT_EQ(call("set_q_override", {std::string_view("2")}), -1);
  EXPECT_EQ(call("set_q_override", {std::string_view("0.7")}), 1);
  ASSERT_EQ(call("save", {std::string_view("location"), std::int64_t{0}}), 1);
  EXPECT_EQ(line(reply(), "Contact"), "Contact: <sip:alice@192.0.2.1:5080>;q=0.7;expires=3600");
  load(request("INVITE", "sip:alice@example.org"));
  ASSERT_EQ(call("lookup", {std::string_view("location")}), 1);
  EXPECT_EQ(context_.ruriQ, 700);
  EXPECT_EQ(usrloc_->table("location")->find("alice", now_).at(0).socket, "udp:10.1.1.1:5062");

  load(registerRequest("Contact: <sip:alice@192.0.2.1:5081>\r\n"));
  EXPECT_EQ(call("add_sock_hdr", {std::string_view("X-Sock")}), 1);
  EXPECT_NE(message_->wireText().find("\r\nX-Sock: udp:127.0.0.1:5060\r\n"), std::string::npos);
}

// sl refusing every reply.
class RefusingSl final : public sl::SlApi {
 public:
  bool isAckToOwnReply(const SipMessage&) override { return false; }
  sl::ReplyOutcome sendStatelessReply(MessageContext&, int, std::string_view) override {
    return sl::ReplyOutcome::SendFailed;
  }
  std::string replyToTag(const SipMessage&) const override { return "t"; }
  const sl::SlCounters& counters() const override { return counters_; }

 private:
  sl::SlCounters counters_;
};

TEST(RegistrarReply, A200ThatCannotBeSentFailsTheSave) {
  usrloc::UsrlocModule ul({.preload = {"location"}});
  test::PluginHarness plugin{*kemid_module_descriptor()};
  ASSERT_TRUE(plugin.init().ok());
  RefusingSl sl;
  ASSERT_TRUE(plugin.host().publishApi<sl::SlApi>(sl));
  ASSERT_TRUE(plugin.host().publishApi<usrloc::UsrlocApi>(ul));
  std::string error;
  auto message =
      SipMessage::parse(registerRequest("Contact: <sip:alice@192.0.2.1:5080>\r\n"), error);
  ASSERT_NE(message, nullptr) << error;
  MessageContext ctx;
  ctx.message = message.get();
  EXPECT_EQ(plugin.callKemi("save", &ctx, {std::string_view("location"), std::int64_t{0}}),
            KemiValue{std::int64_t{-1}});
  // The binding is saved all the same.
  EXPECT_EQ(ul.table("location")->bindingCount(), 1u);
  EXPECT_EQ(plugin.callKemi("save", &ctx, {std::string_view("location"), std::int64_t{2}}),
            KemiValue{std::int64_t{1}});
}

TEST(RequestContacts, QValuesReadAndPrintedAsKamailio) {
  EXPECT_EQ(parseQ("0.5"), 500);
  EXPECT_EQ(parseQ("1"), 1000);
  EXPECT_EQ(parseQ("1.0"), 1000);
  EXPECT_EQ(parseQ("0.125"), 125);
  EXPECT_EQ(parseQ("1.5"), std::nullopt);
  EXPECT_EQ(parseQ("0.1234"), std::nullopt);
  EXPECT_EQ(formatQ(500), "0.5");
  EXPECT_EQ(formatQ(1000), "1");
  EXPECT_EQ(formatQ(0), "0");
  EXPECT_EQ(formatQ(125), "0.125");
}

}  // namespace
}  // namespace kemid::registrar
