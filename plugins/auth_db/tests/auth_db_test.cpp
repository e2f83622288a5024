// auth_db through its KEMI table, authenticating with auth's real module
// against a SQLite database in Kamailio's schema; the codes are those
// Kamailio 5.6.3 gave for the same exchanges (conformance cases auth_db/*).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "auth/auth_module.h"
#include "auth/digest_hash.h"
#include "auth_db_module.h"
#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "sip/sip_message.h"
#include "support/fake_sl.h"
#include "support/plugin_harness.h"
#include "support/sqlite_database.h"

namespace kemid::auth_db {
namespace {

using auth::DigestAlgorithm;

constexpr std::string_view kRealm = "example.com";
constexpr std::string_view kUri = "sip:example.com";

class AuthDb : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(plugin_.host().publishApi<sl::SlApi>(sl_));
    addSubscriber("alice", "example.com", "secret");
  }

  // auth's module on the same host, then auth_db with `modparams`.
  HookResult init(std::vector<std::pair<std::string_view, ParamValue>> modparams = {}) {
    auth_ = std::make_unique<auth::AuthModule>(
        plugin_.host(), auth::AuthSettings{},
        auth::NonceSettings{.secret1 = "0123456789abcdef", .secret2 = "fedcba9876543210"},
        [] { return std::int64_t{1'700'000'000}; });
    EXPECT_TRUE(plugin_.host().publishApi<auth::AuthApi>(*auth_));
    plugin_.setParam("db_url", db_.url());
    for (auto& [name, value] : modparams) plugin_.setParam(name, value);
    return plugin_.init();
  }

  void addSubscriber(std::string_view user, std::string_view domain, std::string_view password) {
    const std::string whole = std::string(user) + "@" + std::string(domain);
    auto inserted = db_.connection().insert(
        "subscriber", {{"username", std::string(user)},
                       {"domain", std::string(domain)},
                       {"password", std::string(password)},
                       {"ha1", auth::computeHa1(DigestAlgorithm::Md5, user, kRealm, password)},
                       {"ha1b", auth::computeHa1(DigestAlgorithm::Md5, whole, kRealm, password)}});
    ASSERT_TRUE(inserted) << inserted.error();
  }

  // A request from `fromUser` to `toUser`, with `extra` header lines.
  void load(std::string_view method, std::string_view extra = {},
            std::string_view fromUser = "alice", std::string_view toUser = "alice") {
    std::string text = std::string(method) + " " + std::string(kUri) +
                       " SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1\r\n"
                       "From: <sip:" +
                       std::string(fromUser) +
                       "@example.com>;tag=a1\r\n"
                       "To: <sip:" +
                       std::string(toUser) +
                       "@example.com>\r\n"
                       "Call-ID: c1@x\r\n"
                       "CSeq: 1 " +
                       std::string(method) + "\r\n" + std::string(extra) +
                       "Content-Length: 0\r\n\r\n";
    std::string error;
    message_ = SipMessage::parse(text, error);
    ASSERT_NE(message_, nullptr) << error;
    context_ = MessageContext{};
    context_.message = message_.get();
  }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, std::move(args)));
  }

  // A nonce auth issued for a challenge of `method`.
  std::string nonce(std::string_view method, auth::CredentialsKind kind) {
    load(method);
    EXPECT_TRUE(auth_->challenge(context_, kRealm, 1, kind));
    std::smatch match;
    const std::regex nonce(R"(nonce="([^"]+)\")");
    if (sl_.replies.empty() || !std::regex_search(sl_.replies.back(), match, nonce)) return {};
    return match[1];
  }

  // `method` with credentials of `username` and `password` answering a
  // fresh challenge, from `fromUser`.
  void loadAuthenticated(std::string_view method, std::string_view username,
                         std::string_view password, std::string_view fromUser = "alice") {
    const bool registration = method == "REGISTER";
    const auto kind = registration ? auth::CredentialsKind::Www : auth::CredentialsKind::Proxy;
    const std::string n = nonce(method, kind);
    const std::string ha1 = auth::computeHa1(DigestAlgorithm::Md5, username, kRealm, password);
    const std::string response = auth::computeResponse(DigestAlgorithm::Md5, {.ha1 = ha1,
                                                                              .nonce = n,
                                                                              .nc = "00000001",
                                                                              .cnonce = "c0ffee",
                                                                              .qop = "auth",
                                                                              .method = method,
                                                                              .uri = kUri,
                                                                              .body = {}});
    const std::string header = registration ? "Authorization" : "Proxy-Authorization";
    load(method,
         header + ": Digest username=\"" + std::string(username) + "\", realm=\"" +
             std::string(kRealm) + "\", nonce=\"" + n + "\", uri=\"" + std::string(kUri) +
             "\", response=\"" + response + "\", cnonce=\"c0ffee\", nc=00000001, qop=auth\r\n",
         fromUser);
  }

  std::int64_t authCheck(std::int64_t flags = 0, std::string_view table = "subscriber") {
    return call("auth_check", {kRealm, table, flags});
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  test::SqliteDatabase db_{plugin_.host()};
  test::FakeSl sl_;
  std::unique_ptr<auth::AuthModule> auth_;
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(AuthDb, ExportsExactlyKamailio56Functions) {
  const auto& kemi = plugin_.descriptor().kemi;
  ASSERT_EQ(kemi.size(), 2u);
  EXPECT_EQ(kemi[0].name, "auth_check");
  EXPECT_EQ(kemi[0].paramCount(), 3u);
  EXPECT_EQ(kemi[1].name, "is_subscriber");
  EXPECT_EQ(kemi[1].paramCount(), 3u);
}

TEST_F(AuthDb, AcceptsEveryKamailio56Parameter) {
  for (std::string_view name : {"db_url", "user_column", "domain_column", "password_column",
                                "password_column_2", "calculate_ha1", "use_domain",
                                "load_credentials", "version_table", "force_generate_avps"}) {
    const auto& params = plugin_.descriptor().params;
    EXPECT_TRUE(std::ranges::any_of(params, [&](const ParamDef& p) { return p.name == name; }))
        << name;
  }
}

TEST_F(AuthDb, InitNeedsAuth) {
  plugin_.setParam("db_url", db_.url());
  const HookResult result = plugin_.init();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error.find("load auth.so before auth_db.so"), std::string::npos);
}

TEST_F(AuthDb, InitChecksTheSubscriberTableVersion) {
  ASSERT_TRUE(db_.connection().update("version", {{"table_name", std::string("subscriber")}},
                                      {{"table_version", std::int64_t{6}}}));
  const HookResult result = init();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error.find("subscriber"), std::string::npos) << result.error;
}

TEST_F(AuthDb, VersionTableZeroSkipsTheCheck) {
  ASSERT_TRUE(db_.connection().update("version", {{"table_name", std::string("subscriber")}},
                                      {{"table_version", std::int64_t{6}}}));
  EXPECT_TRUE(init({{"version_table", std::int64_t{0}}}).ok());
}

TEST_F(AuthDb, InitFailsWithoutTheDatabaseDriver) {
  const HookResult result = init({{"db_url", std::string("mysql://u:p@localhost/kamailio")}});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error.find("no database module for 'mysql://'"), std::string::npos)
      << result.error;
}

TEST_F(AuthDb, RegisterWithTheRightPasswordIsAuthenticated) {
  ASSERT_TRUE(init().ok());
  loadAuthenticated("REGISTER", "alice", "secret");
  EXPECT_EQ(authCheck(1), 1);
}

TEST_F(AuthDb, WrongPasswordUnknownUserAndNoCredentials) {
  ASSERT_TRUE(init().ok());
  loadAuthenticated("REGISTER", "alice", "wrong");
  EXPECT_EQ(authCheck(), -2);
  addSubscriber("carol", "example.com", "x");
  loadAuthenticated("REGISTER", "mallory", "secret");
  EXPECT_EQ(authCheck(), -3);
  load("REGISTER");
  EXPECT_EQ(authCheck(), -5);
}

TEST_F(AuthDb, EmptyRealmOrTableIsAnError) {
  ASSERT_TRUE(init().ok());
  loadAuthenticated("REGISTER", "alice", "secret");
  EXPECT_EQ(call("auth_check", {"", "subscriber", std::int64_t{0}}), -1);
  EXPECT_EQ(call("auth_check", {kRealm, "", std::int64_t{0}}), -1);
}

TEST_F(AuthDb, AckAndCancelNeedNoCredentials) {
  ASSERT_TRUE(init().ok());
  load("ACK");
  EXPECT_EQ(authCheck(1), 1);
  load("CANCEL");
  EXPECT_EQ(authCheck(1), 1);
}

TEST_F(AuthDb, CalculateHa1ReadsThePlainPassword) {
  ASSERT_TRUE(
      init({{"calculate_ha1", std::int64_t{1}}, {"password_column", std::string("password")}})
          .ok());
  loadAuthenticated("REGISTER", "alice", "secret");
  EXPECT_EQ(authCheck(), 1);
  loadAuthenticated("REGISTER", "alice", "wrong");
  EXPECT_EQ(authCheck(), -2);
}

TEST_F(AuthDb, WithoutCalculateHa1ThePasswordColumnIsAnHa1) {
  // The plain password read as an HA1 never matches.
  ASSERT_TRUE(init({{"password_column", std::string("password")}}).ok());
  loadAuthenticated("REGISTER", "alice", "secret");
  EXPECT_EQ(authCheck(), -2);
}

TEST_F(AuthDb, UsernameWithDomainUsesTheSecondColumn) {
  ASSERT_TRUE(init().ok());
  loadAuthenticated("REGISTER", "alice@example.com", "secret");
  EXPECT_EQ(authCheck(), 1);
}

TEST_F(AuthDb, UseDomainMatchesTheRealmAsDomain) {
  ASSERT_TRUE(db_.connection().update("subscriber", {{"username", std::string("alice")}},
                                      {{"domain", std::string("other.org")}}));
  ASSERT_TRUE(init({{"use_domain", std::int64_t{1}}}).ok());
  loadAuthenticated("REGISTER", "alice", "secret");
  EXPECT_EQ(authCheck(), -3);
}

TEST_F(AuthDb, InviteIsCheckedWithProxyAuthorization) {
  ASSERT_TRUE(init().ok());
  loadAuthenticated("INVITE", "alice", "secret");
  EXPECT_EQ(authCheck(1), 1);
  loadAuthenticated("INVITE", "alice", "wrong");
  EXPECT_EQ(authCheck(1), -2);
}

TEST_F(AuthDb, IdentityCheckComparesTheFromUser) {
  ASSERT_TRUE(init().ok());
  loadAuthenticated("INVITE", "alice", "secret", "bob");
  EXPECT_EQ(authCheck(0), 1);
  EXPECT_EQ(authCheck(1), -8);
  // Flag 2: a call may be placed on behalf of another caller.
  EXPECT_EQ(authCheck(1 | 2), 1);
  loadAuthenticated("OPTIONS", "alice", "secret", "bob");
  EXPECT_EQ(authCheck(1 | 2), -8);
}

TEST_F(AuthDb, RegisterIdentityIsTheToUser) {
  ASSERT_TRUE(init().ok());
  loadAuthenticated("REGISTER", "alice", "secret", "bob");  // From bob, To alice
  EXPECT_EQ(authCheck(1), -8);
  EXPECT_EQ(authCheck(0), 1);
}

TEST_F(AuthDb, DatabaseFailureIsAnErrorNotUnknownUser) {
  ASSERT_TRUE(init().ok());
  ASSERT_TRUE(db_.connection().raw("DROP TABLE subscriber"));
  loadAuthenticated("REGISTER", "alice", "secret");
  EXPECT_EQ(authCheck(), -1);
  EXPECT_EQ(call("is_subscriber", {"sip:alice@example.com", "subscriber", std::int64_t{2}}), -1);
}

TEST_F(AuthDb, LockedDatabaseFailsWithinTheDriverTimeout) {
  ASSERT_TRUE(init().ok());
  // Another writer holds the file: the lookup gives up after SQLite's busy
  // timeout instead of holding the worker.
  ASSERT_TRUE(db_.connection().raw("BEGIN EXCLUSIVE"));
  loadAuthenticated("REGISTER", "alice", "secret");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(authCheck(), -1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_TRUE(db_.connection().raw("COMMIT"));
  loadAuthenticated("REGISTER", "alice", "secret");
  EXPECT_EQ(authCheck(), 1);
}

TEST_F(AuthDb, UnknownTableIsAnError) {
  ASSERT_TRUE(init().ok());
  loadAuthenticated("REGISTER", "alice", "secret");
  EXPECT_EQ(authCheck(0, "nosuchtable"), -1);
}

TEST_F(AuthDb, IsSubscriberWithoutColumnsToLoadFailsAsKamailio) {
  ASSERT_TRUE(init().ok());
  load("INVITE");
  EXPECT_EQ(call("is_subscriber", {"sip:alice@example.com", "subscriber", std::int64_t{0}}), -1);
  EXPECT_EQ(call("is_subscriber", {"sip:alice@example.com", "subscriber", std::int64_t{2}}), 1);
}

TEST_F(AuthDb, IsSubscriber) {
  ASSERT_TRUE(init({{"load_credentials", std::string("password")}}).ok());
  load("INVITE");
  auto isSubscriber = [&](std::string_view uri, std::int64_t flags) {
    return call("is_subscriber", {uri, "subscriber", flags});
  };
  EXPECT_EQ(isSubscriber("sip:alice@example.com", 0), 1);
  EXPECT_EQ(isSubscriber("sip:alice@other.org", 0), 1);
  EXPECT_EQ(isSubscriber("sip:alice@other.org", 1), -2);  // flag 1: the domain too
  EXPECT_EQ(isSubscriber("sip:alice@example.com", 1 | 2), 1);
  EXPECT_EQ(isSubscriber("sip:bob@example.com", 0), -2);
  EXPECT_EQ(isSubscriber("not a uri", 0), -1);
  EXPECT_EQ(isSubscriber("", 0), -1);
  EXPECT_EQ(call("is_subscriber", {"sip:alice@example.com", "", std::int64_t{0}}), -1);
}

TEST(LoadCredentials, ColumnsAndPseudoVariables) {
  auto parsed = parseLoadCredentials(" rpid ; $avp(mail)=email_address;$var(x) = domain ");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[0].pv, "$avp(rpid)");
  EXPECT_EQ((*parsed)[0].column, "rpid");
  EXPECT_EQ((*parsed)[1].pv, "$avp(mail)");
  EXPECT_EQ((*parsed)[1].column, "email_address");
  EXPECT_EQ((*parsed)[2].pv, "$var(x)");
  EXPECT_EQ((*parsed)[2].column, "domain");
  EXPECT_TRUE(parseLoadCredentials("")->empty());
  EXPECT_FALSE(parseLoadCredentials("bad column"));
  EXPECT_FALSE(parseLoadCredentials("x=rpid"));
}

}  // namespace
}  // namespace kemid::auth_db
