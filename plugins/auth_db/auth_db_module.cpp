#include "auth_db_module.h"

#include <array>
#include <utility>

#include "core/kemi_registry.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"

namespace kemid::auth_db {
namespace {

constexpr Logger kLog{"auth_db"};

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Kamailio's requests whose From need not be the authenticated user with
// auth_check's flag 2 (they may be forwarded on behalf of others).
bool forwardedMethod(std::string_view method) {
  return method == "INVITE" || method == "BYE" || method == "PRACK" || method == "UPDATE" ||
         method == "MESSAGE";
}

}  // namespace

std::optional<std::vector<LoadedCredential>> parseLoadCredentials(std::string_view text) {
  std::vector<LoadedCredential> credentials;
  while (!trimmed(text).empty()) {
    const std::size_t end = text.find(';');
    const std::string_view item = trimmed(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (item.empty()) continue;
    LoadedCredential credential;
    if (const std::size_t equals = item.find('='); equals != std::string_view::npos) {
      const std::string_view pv = trimmed(item.substr(0, equals));
      credential.column = std::string(trimmed(item.substr(equals + 1)));
      if (!pv.starts_with('$') || pv.size() < 2) return std::nullopt;
      credential.pv = std::string(pv);
    } else {
      credential.column = std::string(item);
      credential.pv = "$avp(" + credential.column + ")";
    }
    if (!db::isPlainIdentifier(credential.column)) return std::nullopt;
    credentials.push_back(std::move(credential));
  }
  return credentials;
}

AuthDbModule::AuthDbModule(ModuleHost& host, auth::AuthApi& auth,
                           std::unique_ptr<db::DbConnection> db, AuthDbSettings settings)
    : host_(host), auth_(auth), db_(std::move(db)), settings_(std::move(settings)) {}

std::vector<db::DbKey> AuthDbModule::userKeys(std::string_view user, std::string_view domain,
                                              bool withDomain) const {
  std::vector<db::DbKey> keys{{settings_.userColumn, std::string(user)}};
  if (withDomain) keys.push_back({settings_.domainColumn, std::string(domain)});
  return keys;
}

AuthDbModule::Lookup AuthDbModule::fetchHa1(const auth::DigestCredentials& credentials,
                                            std::string_view realm, std::string_view table,
                                            SubscriberRow& row) {
  // A username with a domain ("alice@example.com") answers the HA1 of the
  // whole name, kept in the second column, unless it is computed here.
  const bool withDomain = credentials.username.find('@') != std::string::npos;
  const std::string& column =
      withDomain && !settings_.calculateHa1 ? settings_.passwordColumn2 : settings_.passwordColumn;
  db::DbQuery query{.table = std::string(table),
                    .keys = userKeys(credentials.user(), realm, settings_.useDomain),
                    .columns = {column}};
  for (const LoadedCredential& credential : settings_.credentials) {
    query.columns.push_back(credential.column);
  }
  auto rows = db_->query(query);
  if (!rows) {
    kLog.err("failed to query database (", table, ")");
    return Lookup::Failed;
  }
  if (rows.value().rows.empty()) {
    kLog.dbg("no result for user '", credentials.user(), "@", realm, "' in [", table, "]");
    return Lookup::Unknown;
  }
  db::DbRow& found = rows.value().rows.front();
  const std::string secret = db::asString(found[0]).value_or("");
  row.ha1 = settings_.calculateHa1 ? auth_.ha1(credentials.username, realm, secret) : secret;
  row.credentials.assign(found.begin() + 1, found.end());
  return Lookup::Found;
}

int AuthDbModule::authCheck(MessageContext& ctx, std::string_view realm, std::string_view table,
                            std::int64_t flags) {
  const SipMessage& request = *ctx.message;
  if (request.method() == "ACK" || request.method() == "CANCEL") return 1;
  if (realm.empty() || table.empty()) {
    kLog.err("invalid ", realm.empty() ? "realm" : "table", " value - empty content");
    return static_cast<int>(auth::AuthResult::Error);
  }
  const auth::CredentialsKind kind =
      request.method() == "REGISTER" ? auth::CredentialsKind::Www : auth::CredentialsKind::Proxy;

  bool databaseFailed = false;
  std::optional<SubscriberRow> subscriber;
  auto lookup = [&](const auth::DigestCredentials& credentials,
                    std::string_view strippedRealm) -> std::optional<std::string> {
    SubscriberRow row;
    switch (fetchHa1(credentials, strippedRealm, table, row)) {
      case Lookup::Found:
        subscriber = std::move(row);
        return subscriber->ha1;
      case Lookup::Failed:
        databaseFailed = true;
        return std::nullopt;
      case Lookup::Unknown:
        return std::nullopt;
    }
    return std::nullopt;
  };
  auth::AuthResult result = auth_.authenticate(ctx, realm, kind, lookup);
  if (databaseFailed) result = auth::AuthResult::Error;
  if (subscriber && (result == auth::AuthResult::Ok || settings_.forceGenerateAvps)) {
    loadCredentials(ctx, subscriber->credentials, 0);
  }
  if (result != auth::AuthResult::Ok || !(flags & kCheckIdentity)) {
    return static_cast<int>(result);
  }
  return identityCheck(ctx, flags);
}

// The authenticated user against the From user, or for REGISTER and
// PUBLISH the To user, From = To (domains too with use_domain) and, for
// PUBLISH, the Request-URI.
int AuthDbModule::identityCheck(MessageContext& ctx, std::int64_t flags) const {
  constexpr int kOk = static_cast<int>(auth::AuthResult::Ok);
  constexpr int kMismatch = static_cast<int>(auth::AuthResult::UserMismatch);
  const SipMessage& request = *ctx.message;
  const std::string_view method = request.method();
  if (method == "PRACK") return kOk;  // authenticated without credentials
  if ((flags & kSkipIdentityForwarded) && forwardedMethod(method)) return kOk;
  const auth::DigestCredentials* credentials = auth_.authorizedCredentials(ctx);
  if (credentials == nullptr) return static_cast<int>(auth::AuthResult::Error);
  const NameAddrView from = request.from();
  const NameAddrView to = request.to();
  const bool ownIdentity = method == "REGISTER" || method == "PUBLISH";
  if (credentials->user() != (ownIdentity ? to.user : from.user)) {
    kLog.dbg("authentication username mismatch with from/to username");
    return kMismatch;
  }
  if (!ownIdentity) return kOk;
  if (from.user != to.user) return kMismatch;
  if (settings_.useDomain && from.host != to.host) return kMismatch;
  if (method == "PUBLISH") {
    auto uri = SipUri::parse(request.requestUri());
    if (!uri) return static_cast<int>(auth::AuthResult::Error);
    if (from.user != uri->user) return kMismatch;
    if (settings_.useDomain && from.host != uri->host) return kMismatch;
  }
  return kOk;
}

int AuthDbModule::isSubscriber(MessageContext& ctx, std::string_view uri, std::string_view table,
                               std::int64_t flags) {
  if (uri.empty() || table.empty()) {
    kLog.err("invalid ", uri.empty() ? "uri" : "table", " parameter - empty value");
    return -1;
  }
  auto parsed = SipUri::parse(uri);
  if (!parsed) {
    kLog.err("invalid uri parameter");
    return -1;
  }
  const bool loadValues = !(flags & kSubscriberSkipCredentials);
  if (loadValues && settings_.credentials.empty()) {
    // Kamailio's query then has no columns and fails: the same code here.
    kLog.err(
        "is_subscriber: no load_credentials columns to load (set load_credentials, or flag 2)");
    return -1;
  }
  db::DbQuery query{
      .table = std::string(table),
      .keys = userKeys(parsed->user, parsed->host, (flags & kSubscriberUseDomain) != 0),
      .columns = {settings_.userColumn}};
  if (loadValues) {
    for (const LoadedCredential& credential : settings_.credentials) {
      query.columns.push_back(credential.column);
    }
  }
  auto rows = db_->query(query);
  if (!rows) {
    kLog.err("failed to query database (", table, ")");
    return -1;
  }
  if (rows.value().rows.empty()) {
    kLog.info("no result for user '", parsed->user, "@", parsed->host, "'");
    return -2;
  }
  if (loadValues) loadCredentials(ctx, rows.value().rows.front(), 1);
  return 1;
}

// values[first...] are settings_.credentials' columns; each non-null one
// goes into its pseudo-variable, an integer as one.
void AuthDbModule::loadCredentials(MessageContext& ctx, const db::DbRow& values,
                                   std::size_t first) {
  if (settings_.credentials.empty()) return;
  const KemiExport* sets = host_.kemi().find("pv", "sets");
  const KemiExport* seti = host_.kemi().find("pv", "seti");
  if (sets == nullptr || seti == nullptr) {
    kLog.err("cannot load credentials: pv is not loaded");
    return;
  }
  for (std::size_t i = 0; i < settings_.credentials.size() && first + i < values.size(); ++i) {
    const db::DbValue& value = values[first + i];
    const std::string_view pv = settings_.credentials[i].pv;
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      const std::array<KemiArg, 2> args{pv, *number};
      KemiCall call{&ctx, seti->state, args};
      seti->def->handler(call);
    } else if (auto text = db::asString(value)) {
      const std::array<KemiArg, 2> args{pv, std::string_view(*text)};
      KemiCall call{&ctx, sets->state, args};
      sets->def->handler(call);
    }
  }
}

}  // namespace kemid::auth_db
