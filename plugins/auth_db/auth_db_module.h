#pragma once
// auth_db's state and logic: digest authentication against the subscriber
// table (the HA1 comes from the database, the digest check from auth's
// API), identity checks and is_subscriber, as Kamailio 5.6's auth_db.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_api.h"
#include "core/module_abi.h"
#include "db/db.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::auth_db {

// A column of load_credentials and the pseudo-variable that receives it.
struct LoadedCredential {
  std::string pv;  // "$avp(rpid)"
  std::string column;
};

// load_credentials ("rpid; $avp(mail)=email_address") as its columns;
// nullopt when an item is malformed.
std::optional<std::vector<LoadedCredential>> parseLoadCredentials(std::string_view text);

struct AuthDbSettings {
  std::string userColumn = "username";
  std::string domainColumn = "domain";
  std::string passwordColumn = "ha1";
  std::string passwordColumn2 = "ha1b";  // for usernames with "@domain"
  bool calculateHa1 = false;             // the password columns hold plain passwords
  bool useDomain = false;
  bool forceGenerateAvps = false;  // load credentials after a failed check too
  std::vector<LoadedCredential> credentials;
};

// Bits of auth_check's flags.
inline constexpr std::int64_t kCheckIdentity = 1;
inline constexpr std::int64_t kSkipIdentityForwarded = 2;
// Bits of is_subscriber's flags.
inline constexpr std::int64_t kSubscriberUseDomain = 1;
inline constexpr std::int64_t kSubscriberSkipCredentials = 2;

class AuthDbModule final : public ModuleState {
 public:
  AuthDbModule(ModuleHost& host, auth::AuthApi& auth, std::unique_ptr<db::DbConnection> db,
               AuthDbSettings settings);

  // KSR.auth_db.auth_check: Authorization for REGISTER, Proxy-Authorization
  // otherwise; Kamailio's codes (1, -1 error or database failure, -2, -3
  // unknown user, -4, -5, -6, -8 identity mismatch).
  int authCheck(MessageContext& ctx, std::string_view realm, std::string_view table,
                std::int64_t flags);
  // KSR.auth_db.is_subscriber: 1 when the URI's user (and host, flag 1) has
  // a row; -2 when not, -1 for a bad URI or a database failure.
  int isSubscriber(MessageContext& ctx, std::string_view uri, std::string_view table,
                   std::int64_t flags);

 private:
  struct SubscriberRow {
    std::string ha1;
    db::DbRow credentials;  // in settings_.credentials' order
  };
  enum class Lookup { Found, Unknown, Failed };

  Lookup fetchHa1(const auth::DigestCredentials& credentials, std::string_view realm,
                  std::string_view table, SubscriberRow& row);
  int identityCheck(MessageContext& ctx, std::int64_t flags) const;
  void loadCredentials(MessageContext& ctx, const db::DbRow& values, std::size_t first);
  std::vector<db::DbKey> userKeys(std::string_view user, std::string_view domain,
                                  bool withDomain) const;

  ModuleHost& host_;
  auth::AuthApi& auth_;
  std::unique_ptr<db::DbConnection> db_;
  AuthDbSettings settings_;
};

}  // namespace kemid::auth_db
