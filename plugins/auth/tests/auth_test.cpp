// auth through its KEMI table, with the codes and challenge text Kamailio
// 5.6.3 gave for the same exchanges (measured), and the digest hashes
// against the RFC examples.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "auth_api.h"
#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "digest_credentials.h"
#include "digest_hash.h"
#include "sip/sip_message.h"
#include "support/fake_sl.h"
#include "support/plugin_harness.h"
#include "tm/tm_api.h"

namespace kemid::auth {
namespace {

constexpr std::string_view kRealm = "example.com";
constexpr std::string_view kUri = "sip:example.com";

TEST(DigestHash, Rfc2617Example) {
  const std::string ha1 =
      computeHa1(DigestAlgorithm::Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");
  EXPECT_EQ(ha1, "939e7578ed9e3c518a452acee763bce9");
  EXPECT_EQ(computeResponse(DigestAlgorithm::Md5, {.ha1 = ha1,
                                                   .nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                                   .nc = "00000001",
                                                   .cnonce = "0a4f113b",
                                                   .qop = "auth",
                                                   .method = "GET",
                                                   .uri = "/dir/index.html",
                                                   .body = {}}),
            "6629fae49393a05397450978507c4ef1");
}

TEST(DigestHash, Rfc7616Sha256Example) {
  const std::string ha1 =
      computeHa1(DigestAlgorithm::Sha256, "Mufasa", "http-auth@example.org", "Circle of Life");
  EXPECT_EQ(computeResponse(DigestAlgorithm::Sha256,
                            {.ha1 = ha1,
                             .nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                             .nc = "00000001",
                             .cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
                             .qop = "auth",
                             .method = "GET",
                             .uri = "/dir/index.html",
                             .body = {}}),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestCredentialsParse, QuotedAndTokenValues) {
  auto credentials = parseDigestCredentials(
      R"(Digest username="alice@example.com",realm="example.com", nonce="n\"1", uri="sip:x",)"
      R"( response="abc", algorithm=MD5, cnonce="c", nc=00000001, qop=auth, opaque="o")");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->username, "alice@example.com");
  EXPECT_EQ(credentials->user(), "alice");
  EXPECT_EQ(credentials->nonce, "n\"1");
  EXPECT_EQ(credentials->algorithm, "MD5");
  EXPECT_EQ(credentials->nc, "00000001");
  EXPECT_EQ(credentials->qop, "auth");
  EXPECT_EQ(credentials->opaque, "o");
  EXPECT_TRUE(credentials->complete());
  EXPECT_FALSE(parseDigestCredentials("Basic YWxpY2U6c2VjcmV0"));
  EXPECT_FALSE(parseDigestCredentials(R"(Digest username="open)"));
  credentials->cnonce.clear();  // qop=auth needs cnonce and nc
  EXPECT_FALSE(credentials->complete());
}

class Auth : public ::testing::Test {
 protected:
  void init(std::vector<std::pair<std::string_view, ParamValue>> modparams = {}) {
    for (auto& [name, value] : modparams) plugin_.setParam(name, value);
    ASSERT_TRUE(plugin_.init().ok());
    ASSERT_TRUE(plugin_.host().publishApi<sl::SlApi>(sl_));
  }

  // A request from alice (To: `toUser`), with `credentials` as extra lines.
  void load(std::string_view method, std::string_view credentials = {},
            std::string_view toUser = "alice") {
    std::string text = std::string(method) + " " + std::string(kUri) +
                       " SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1\r\n"
                       "From: <sip:alice@example.com>;tag=a1\r\n"
                       "To: <sip:" +
                       std::string(toUser) +
                       "@example.com>\r\n"
                       "Call-ID: c1@x\r\n"
                       "CSeq: 1 " +
                       std::string(method) + "\r\n" + std::string(credentials) +
                       "Content-Length: 0\r\n\r\n";
    std::string error;
    message_ = SipMessage::parse(text, error);
    ASSERT_NE(message_, nullptr) << error;
    context_ = MessageContext{};
    context_.message = message_.get();
  }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, std::move(args)));
  }

  // The nonce of the last challenge sl sent.
  std::string lastNonce() const {
    std::smatch match;
    const std::regex nonce(R"(nonce="([^"]+)\")");
    if (sl_.replies.empty() || !std::regex_search(sl_.replies.back(), match, nonce)) return {};
    return match[1];
  }

  // Credentials for alice answering `nonce`, as a client computes them.
  static std::string credentials(std::string_view header, std::string_view nonce,
                                 std::string_view password, std::string_view nc = "00000001",
                                 std::string_view method = "REGISTER",
                                 DigestAlgorithm algorithm = DigestAlgorithm::Md5) {
    const std::string ha1 = computeHa1(algorithm, "alice", kRealm, password);
    const std::string response = computeResponse(algorithm, {.ha1 = ha1,
                                                             .nonce = nonce,
                                                             .nc = nc,
                                                             .cnonce = "c0ffee",
                                                             .qop = "auth",
                                                             .method = method,
                                                             .uri = kUri,
                                                             .body = {}});
    return std::string(header) + ": Digest username=\"alice\", realm=\"" + std::string(kRealm) +
           "\", nonce=\"" + std::string(nonce) + "\", uri=\"" + std::string(kUri) +
           "\", response=\"" + response + "\", cnonce=\"c0ffee\", nc=" + std::string(nc) +
           ", qop=auth\r\n";
  }

  // A REGISTER challenged with qop=auth: the nonce it got.
  std::string challengedNonce() {
    load("REGISTER");
    EXPECT_EQ(call("auth_challenge", {kRealm, std::int64_t{1}}), 1);
    return lastNonce();
  }

  std::int64_t wwwAuthenticate(std::string_view password) {
    return call("pv_www_authenticate", {kRealm, password, std::int64_t{0}});
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  test::FakeSl sl_;
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(Auth, ExportsKamailio56FunctionsFirst) {
  const auto& kemi = plugin_.descriptor().kemi;
  ASSERT_EQ(kemi.size(), 10u);
  EXPECT_EQ(kemi[0].name, "consume_credentials");
  EXPECT_EQ(kemi[1].name, "auth_challenge");
  EXPECT_EQ(kemi[2].name, "pv_auth_check");
  EXPECT_EQ(kemi[3].name, "has_credentials");
}

TEST_F(Auth, ChallengesRegisterWith401AndOthersWith407) {
  init();
  load("REGISTER");
  EXPECT_EQ(call("auth_challenge", {kRealm, std::int64_t{1}}), 1);
  ASSERT_EQ(sl_.replies.size(), 1u);
  EXPECT_TRUE(sl_.replies[0].starts_with("SIP/2.0 401 Unauthorized\r\n"));
  // Kamailio's shape: no algorithm unless the modparam is set.
  EXPECT_TRUE(std::regex_search(sl_.replies[0],
                                std::regex("\r\nWWW-Authenticate: Digest realm=\"example\\.com\", "
                                           "nonce=\"[A-Za-z0-9+/]{32}\", qop=\"auth\"\r\n")))
      << sl_.replies[0];

  load("INVITE");
  EXPECT_EQ(call("auth_challenge", {kRealm, std::int64_t{16 | 2}}), 1);
  EXPECT_TRUE(sl_.replies[1].starts_with("SIP/2.0 407 Proxy Authentication Required\r\n"));
  EXPECT_TRUE(std::regex_search(
      sl_.replies[1], std::regex("\r\nProxy-Authenticate: Digest realm=\"example\\.com\", "
                                 "nonce=\"[^\"]+\", qop=\"auth-int\", stale=true\r\n")))
      << sl_.replies[1];

  load("OPTIONS");
  EXPECT_EQ(call("www_challenge", {kRealm, std::int64_t{0}}), 1);
  EXPECT_TRUE(std::regex_search(sl_.replies[2],
                                std::regex("\r\nWWW-Authenticate: Digest realm=\"example\\.com\", "
                                           "nonce=\"[^\"]+\"\r\n")))
      << sl_.replies[2];
}

TEST_F(Auth, CorrectResponseAuthenticates) {
  init();
  const std::string nonce = challengedNonce();
  load("REGISTER", credentials("Authorization", nonce, "secret"));
  EXPECT_EQ(call("has_credentials", {kRealm}), 1);
  EXPECT_EQ(call("has_credentials", {"other.org"}), -1);
  EXPECT_EQ(wwwAuthenticate("secret"), 1);
  EXPECT_EQ(call("pv_auth_check", {kRealm, "secret", std::int64_t{0}, std::int64_t{1}}), 1);
  // The password as HA1 (flag 1).
  const std::string ha1 = computeHa1(DigestAlgorithm::Md5, "alice", kRealm, "secret");
  EXPECT_EQ(call("pv_www_authenticate", {kRealm, std::string_view(ha1), std::int64_t{1}}), 1);
}

TEST_F(Auth, WrongPasswordIsMinus2) {
  init();
  const std::string nonce = challengedNonce();
  load("REGISTER", credentials("Authorization", nonce, "wrong"));
  EXPECT_EQ(wwwAuthenticate("secret"), -2);
  EXPECT_EQ(call("pv_auth_check", {kRealm, "secret", std::int64_t{0}, std::int64_t{0}}), -2);
}

TEST_F(Auth, MissingCredentialsAreMinus5) {
  init();
  load("REGISTER");
  EXPECT_EQ(wwwAuthenticate("secret"), -5);
  EXPECT_EQ(call("has_credentials", {kRealm}), -1);
  // Credentials of the other kind do not count.
  load("REGISTER", credentials("Proxy-Authorization", challengedNonce(), "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), -5);
  EXPECT_EQ(call("pv_proxy_authenticate", {kRealm, "secret", std::int64_t{0}}), 1);
  // The realm is literal in KEMI: Kamailio 5.6 expands no pseudo-variable.
  EXPECT_EQ(call("pv_proxy_authenticate", {"$td", "secret", std::int64_t{0}}), -5);
}

TEST_F(Auth, AckAndCancelPassUnchecked) {
  init();
  load("ACK");
  EXPECT_EQ(call("pv_auth_check", {kRealm, "secret", std::int64_t{0}, std::int64_t{1}}), 1);
  EXPECT_EQ(call("consume_credentials"), -1);
  load("CANCEL");
  EXPECT_EQ(wwwAuthenticate("secret"), 1);
}

TEST_F(Auth, ForeignOrTamperedNonceIsMinus1) {
  init();
  std::string nonce = challengedNonce();
  nonce[12] = nonce[12] == 'A' ? 'B' : 'A';
  load("REGISTER", credentials("Authorization", nonce, "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), -1);
  load("REGISTER", credentials("Authorization", "bm90IG91cnM=", "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), -1);
}

TEST_F(Auth, NonceFromBeforeTheStartIsStale) {
  init();
  // 24 bytes of zeros: made at the epoch, as a nonce of an earlier run.
  load("REGISTER", credentials("Authorization", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), -4);
}

TEST_F(Auth, IncompleteCredentialsAreMinus1) {
  init();
  load("REGISTER", "Authorization: Digest username=\"alice\", realm=\"example.com\"\r\n");
  EXPECT_EQ(wwwAuthenticate("secret"), -1);
}

TEST_F(Auth, ExpiredNonceIsStale) {
  init({{"nonce_expire", std::int64_t{0}}});
  const std::string nonce = challengedNonce();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  load("REGISTER", credentials("Authorization", nonce, "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), -4);
}

TEST_F(Auth, ReplayedNcIsStaleWithNonceCount) {
  init({{"nonce_count", std::int64_t{1}}});
  const std::string nonce = challengedNonce();
  EXPECT_EQ(nonce.size(), 40u);  // as Kamailio's, with the nonce's id
  load("REGISTER", credentials("Authorization", nonce, "secret", "00000001"));
  EXPECT_EQ(wwwAuthenticate("secret"), 1);
  EXPECT_EQ(wwwAuthenticate("secret"), -4);  // the same nc again
  load("REGISTER", credentials("Authorization", nonce, "secret", "00000002"));
  EXPECT_EQ(wwwAuthenticate("secret"), 1);
  load("REGISTER", credentials("Authorization", nonce, "secret", "00000100"));
  EXPECT_EQ(wwwAuthenticate("secret"), -4);  // beyond the 255 Kamailio keeps
}

TEST_F(Auth, Flag32KeepsTheNcOfAFailedAttempt) {
  init({{"nonce_count", std::int64_t{1}}});
  const std::string nonce = challengedNonce();
  load("REGISTER", credentials("Authorization", nonce, "wrong", "00000001"));
  EXPECT_EQ(call("pv_www_authenticate", {kRealm, "secret", std::int64_t{32}}), -2);
  load("REGISTER", credentials("Authorization", nonce, "secret", "00000001"));
  EXPECT_EQ(call("pv_www_authenticate", {kRealm, "secret", std::int64_t{32}}), 1);
  EXPECT_EQ(call("pv_www_authenticate", {kRealm, "secret", std::int64_t{32}}), -4);
}

TEST_F(Auth, OneTimeNonceIsReusedOnSecondUse) {
  init({{"one_time_nonce", std::int64_t{1}}});
  const std::string nonce = challengedNonce();
  load("REGISTER", credentials("Authorization", nonce, "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), 1);
  EXPECT_EQ(wwwAuthenticate("secret"), -6);
}

TEST_F(Auth, AuthChecksBindTheNonceToTheRequest) {
  init({{"auth_checks_register", std::int64_t{2}},
        {"secret", std::string("0123456789abcdef0123456789abcdef")}});
  const std::string nonce = challengedNonce();
  load("REGISTER", credentials("Authorization", nonce, "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), 1);
  std::string otherCall = credentials("Authorization", nonce, "secret");
  load("REGISTER", otherCall);
  std::string text = message_->receivedText();
  text.replace(text.find("c1@x"), 4, "c2@x");
  std::string error;
  message_ = SipMessage::parse(text, error);
  context_.message = message_.get();
  EXPECT_EQ(wwwAuthenticate("secret"), -4);
}

TEST_F(Auth, Sha256Algorithm) {
  init({{"algorithm", std::string("SHA-256")}});
  const std::string nonce = challengedNonce();
  EXPECT_NE(sl_.replies.back().find(", qop=\"auth\", algorithm=SHA-256\r\n"), std::string::npos)
      << sl_.replies.back();
  load("REGISTER", credentials("Authorization", nonce, "secret", "00000001", "REGISTER",
                               DigestAlgorithm::Sha256));
  EXPECT_EQ(wwwAuthenticate("secret"), 1);
  // An MD5 response has the wrong length: an error, not a wrong password.
  load("REGISTER", credentials("Authorization", nonce, "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), -1);
}

TEST_F(Auth, UserMismatchIsMinus8) {
  init();
  const std::string nonce = challengedNonce();
  load("REGISTER", credentials("Authorization", nonce, "secret"), "bob");
  EXPECT_EQ(call("pv_auth_check", {kRealm, "secret", std::int64_t{0}, std::int64_t{1}}), -8);
  EXPECT_EQ(call("pv_auth_check", {kRealm, "secret", std::int64_t{0}, std::int64_t{0}}), 1);
}

TEST_F(Auth, ConsumeCredentialsRemovesTheAuthorizedField) {
  init();
  const std::string nonce = challengedNonce();
  load("INVITE", "Authorization: Digest username=\"x\", realm=\"other.org\"\r\n" +
                     credentials("Proxy-Authorization", nonce, "secret", "00000001", "INVITE"));
  EXPECT_EQ(call("consume_credentials"), -1);  // nothing authorized yet
  EXPECT_EQ(call("pv_proxy_authenticate", {kRealm, "secret", std::int64_t{0}}), 1);
  EXPECT_EQ(call("consume_credentials"), 1);
  EXPECT_EQ(call("consume_credentials"), 1);
  const std::string sent = message_->wireText();
  EXPECT_EQ(sent.find("Proxy-Authorization"), std::string::npos) << sent;
  EXPECT_NE(sent.find("Authorization: Digest username=\"x\""), std::string::npos) << sent;
}

TEST_F(Auth, AuthenticationInfoGoesInTheReplies) {
  init({{"add_authinfo_hdr", std::int64_t{1}}});
  const std::string nonce = challengedNonce();
  load("REGISTER", credentials("Authorization", nonce, "secret"));
  EXPECT_EQ(wwwAuthenticate("secret"), 1);
  EXPECT_TRUE(std::regex_match(
      context_.replyHeaders,
      std::regex("Authentication-Info: nextnonce=\"" +
                 std::regex_replace(nonce, std::regex(R"([+/=])"), R"(\$&)") +
                 "\", qop=auth, rspauth=\"[0-9a-f]{32}\", cnonce=\"c0ffee\", nc=00000001\r\n")))
      << context_.replyHeaders;
}

TEST_F(Auth, PublishedApiTakesTheHa1FromTheCaller) {
  init();
  auto* api = plugin_.host().findApi<AuthApi>();
  ASSERT_NE(api, nullptr);
  const std::string nonce = challengedNonce();
  load("REGISTER", credentials("Authorization", nonce, "secret"));
  EXPECT_EQ(api->authorizedCredentials(context_), nullptr);
  auto lookup = [&](const DigestCredentials& c,
                    std::string_view realm) -> std::optional<std::string> {
    if (c.username != "alice") return std::nullopt;
    return api->ha1("alice", realm, "secret");
  };
  EXPECT_EQ(api->authenticate(context_, kRealm, CredentialsKind::Www, lookup), AuthResult::Ok);
  EXPECT_EQ(api->checkUserIdentity(context_), AuthResult::Ok);
  ASSERT_NE(api->authorizedCredentials(context_), nullptr);
  EXPECT_EQ(api->authorizedCredentials(context_)->username, "alice");
  auto unknown = [](const DigestCredentials&, std::string_view) -> std::optional<std::string> {
    return std::nullopt;
  };
  EXPECT_EQ(api->authenticate(context_, kRealm, CredentialsKind::Www, unknown),
            AuthResult::UserUnknown);
}

// pv's KSR.pv.sets as auth reaches it (through the KEMI registry): records
// what it was asked to set.
std::vector<std::pair<std::string, std::string>> pvSets;
KemiValue fakePvSets(KemiCall& call) {
  pvSets.emplace_back(call.strArg(0), call.strArg(1));
  return true;
}
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{KemiType::Str, KemiType::Str};
constexpr std::array kFakePv{KemiFunctionDef{"sets", KemiType::Bool, kStrStr, &fakePvSets}};

TEST_F(Auth, FailedChecksKeepAChallengeInAnAvp) {
  init();
  plugin_.kemi().addModule("pv", kFakePv, nullptr);
  pvSets.clear();
  load("REGISTER");
  EXPECT_EQ(call("pv_www_authenticate", {kRealm, "secret", std::int64_t{0}}), -5);
  EXPECT_TRUE(pvSets.empty());
  EXPECT_EQ(call("pv_www_authenticate", {kRealm, "secret", std::int64_t{4 | 16}}), -5);
  ASSERT_EQ(pvSets.size(), 1u);
  EXPECT_EQ(pvSets[0].first, "$avp(digest_challenge)");
  EXPECT_TRUE(std::regex_match(pvSets[0].second,
                               std::regex("WWW-Authenticate: Digest realm=\"example\\.com\", "
                                          "nonce=\"[^\"]+\", qop=\"auth\"\r\n")))
      << pvSets[0].second;
  EXPECT_EQ(call("auth_get_www_authenticate", {kRealm, std::int64_t{2}, "$var(w)"}), 1);
  ASSERT_EQ(pvSets.size(), 2u);
  EXPECT_EQ(pvSets[1].first, "$var(w)");
  EXPECT_NE(pvSets[1].second.find(", qop=\"auth-int\"\r\n"), std::string::npos);
}

// tm as auth sees it: a request with a transaction is answered through it.
class FakeTm final : public tm::TmApi {
 public:
  bool hasTransaction(const MessageContext&) const override { return true; }
  std::optional<int> replyIfTransaction(MessageContext& ctx, int code,
                                        std::string_view reason) override {
    replies.push_back(std::to_string(code) + " " + std::string(reason) + "\r\n" + ctx.replyHeaders);
    return 1;
  }
  void requestDone(MessageContext&) override {}
  const tm::TmStats& stats() const override { return stats_; }
  void onReplyOut(tm::ReplyOutCallback, tm::ReplyOutFilter) override {}

  std::vector<std::string> replies;

 private:
  tm::TmStats stats_;
};

TEST_F(Auth, ChallengesGoThroughTheTransactionUnlessForcedStateless) {
  init();
  FakeTm tm;
  ASSERT_TRUE(plugin_.host().publishApi<tm::TmApi>(tm));
  load("INVITE");
  EXPECT_EQ(call("auth_challenge", {kRealm, std::int64_t{0}}), 1);
  ASSERT_EQ(tm.replies.size(), 1u);
  EXPECT_TRUE(
      tm.replies[0].starts_with("407 Proxy Authentication Required\r\n"
                                "Proxy-Authenticate: Digest realm=\"example.com\""))
      << tm.replies[0];
  EXPECT_TRUE(sl_.replies.empty());
}

TEST_F(Auth, ForceStatelessReplyBypassesTheTransaction) {
  init({{"force_stateless_reply", std::int64_t{1}}});
  FakeTm tm;
  ASSERT_TRUE(plugin_.host().publishApi<tm::TmApi>(tm));
  load("INVITE");
  EXPECT_EQ(call("auth_challenge", {kRealm, std::int64_t{0}}), 1);
  EXPECT_TRUE(tm.replies.empty());
  ASSERT_EQ(sl_.replies.size(), 1u);
  EXPECT_TRUE(sl_.replies[0].starts_with("SIP/2.0 407 Proxy Authentication Required\r\n"));
}

TEST_F(Auth, RealmPrefixIsStripped) {
  init({{"realm_prefix", std::string("sip.")}});
  load("REGISTER");
  EXPECT_EQ(call("www_challenge", {"sip.example.com", std::int64_t{0}}), 1);
  EXPECT_NE(sl_.replies.back().find("realm=\"example.com\""), std::string::npos);
  load("REGISTER", credentials("Authorization", lastNonce(), "secret"));
  EXPECT_EQ(call("pv_www_authenticate", {"sip.example.com", "secret", std::int64_t{0}}), 1);
}

}  // namespace
}  // namespace kemid::auth
