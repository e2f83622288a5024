// auth_db: digest authentication with the credentials of a database's
// subscriber table, as Kamailio 5.6's auth_db (through auth's API).

#include <array>
#include <memory>

#include "auth/auth_api.h"
#include "auth_db_kemi.h"
#include "auth_db_module.h"
#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "db/db.h"
#include "db/kamailio_schema.h"

namespace kemid::auth_db {
namespace {

constexpr Logger kLog{"auth_db"};

// Kamailio's default; kemid's docs say to set db_url.
constexpr std::string_view kKamailioDefaultUrl = "mysql://kamailioro:kamailioro@localhost/kamailio";
// The subscriber table version Kamailio 5.6's auth_db requires.
constexpr std::int64_t kSubscriberVersion = 7;

std::string checkLoadCredentials(std::string_view value) {
  if (parseLoadCredentials(value)) return {};
  return "load_credentials must be \"column\" or \"$avp(name)=column\" items separated by ';'";
}

constexpr std::array kParams{
    ParamDef{.name = "db_url", .type = ParamType::Str, .strDefault = kKamailioDefaultUrl},
    ParamDef{.name = "user_column", .type = ParamType::Str, .strDefault = "username"},
    ParamDef{.name = "domain_column", .type = ParamType::Str, .strDefault = "domain"},
    ParamDef{.name = "password_column", .type = ParamType::Str, .strDefault = "ha1"},
    ParamDef{.name = "password_column_2", .type = ParamType::Str, .strDefault = "ha1b"},
    ParamDef{.name = "calculate_ha1", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "use_domain", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    ParamDef{
        .name = "load_credentials", .type = ParamType::Str, .checkString = &checkLoadCredentials},
    ParamDef{.name = "version_table", .type = ParamType::Int, .intDefault = 1},
    ParamDef{.name = "force_generate_avps", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
};

HookResult init(ModuleInitContext& ctx) {
  const ModuleParams& params = ctx.params;
  auto* auth = ctx.host.findApi<auth::AuthApi>();
  if (auth == nullptr) {
    return HookResult::failure("auth_db needs the auth module (load auth.so before auth_db.so)");
  }
  AuthDbSettings settings{
      .userColumn = params.getString("user_column"),
      .domainColumn = params.getString("domain_column"),
      .passwordColumn = params.getString("password_column"),
      .passwordColumn2 = params.getString("password_column_2"),
      .calculateHa1 = params.getInt("calculate_ha1") != 0,
      .useDomain = params.getInt("use_domain") != 0,
      .forceGenerateAvps = params.getInt("force_generate_avps") != 0,
      .credentials = *parseLoadCredentials(params.getString("load_credentials")),
  };

  auto connection = db::connect(ctx.host, params.getString("db_url"));
  if (!connection) return HookResult::failure(connection.error());
  // As Kamailio: the default table's version, unless version_table is 0.
  if (params.getInt("version_table") != 0) {
    auto version = db::requireTableVersion(*connection.value(), "subscriber", kSubscriberVersion);
    if (!version) {
      kLog.err("error during version check for db table: subscriber, check database structure");
      return HookResult::failure(version.error());
    }
  }
  ctx.state = std::make_unique<AuthDbModule>(ctx.host, *auth, std::move(connection.value()),
                                             std::move(settings));
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kStrStrInt{Str, Str, Int};

// Exactly Kamailio 5.6's KEMI exports.
constexpr std::array kKemi{
    KemiFunctionDef{"auth_check", Int, kStrStrInt, &kemiAuthCheck},
    KemiFunctionDef{"is_subscriber", Int, kStrStrInt, &kemiIsSubscriber},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "auth_db",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::auth_db

KEMID_MODULE(kemid::auth_db::kDescriptor)
