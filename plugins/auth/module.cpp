// auth: digest authentication (challenges, credential checks, nonces), as
// Kamailio 5.6's auth module.

#include <array>
#include <bit>
#include <ctime>
#include <memory>
#include <random>

#include "auth_api.h"
#include "auth_kemi.h"
#include "auth_module.h"
#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"

namespace kemid::auth {
namespace {

constexpr Logger kLog{"auth"};

std::string checkQop(std::string_view value) {
  if (value.empty() || value == "auth" || value == "auth-int") return {};
  return "qop must be \"auth\", \"auth-int\" or \"\"";
}

std::string checkAlgorithm(std::string_view value) {
  if (value.empty() || digestAlgorithmNamed(value)) return {};
  return "algorithm must be \"MD5\", \"SHA-256\" or \"\"";
}

std::string checkChallengeAttr(std::string_view value) {
  if (value.starts_with('$') && value.size() > 1) return {};
  return "challenge_attr must be an AVP name starting with '$'";
}

constexpr std::int64_t kAllChecks = 15;  // auth_checks_*: 1 | 2 | 4 | 8

constexpr std::array kParams{
    ParamDef{.name = "secret", .type = ParamType::Str},
    ParamDef{.name = "nonce_expire", .type = ParamType::Int, .intDefault = 300, .minValue = 0},
    ParamDef{
        .name = "nonce_auth_max_drift", .type = ParamType::Int, .intDefault = 3, .minValue = 0},
    ParamDef{.name = "challenge_attr",
             .type = ParamType::Str,
             .strDefault = "$digest_challenge",
             .checkString = &checkChallengeAttr},
    ParamDef{.name = "proxy_challenge_header",
             .type = ParamType::Str,
             .strDefault = "Proxy-Authenticate"},
    ParamDef{
        .name = "www_challenge_header", .type = ParamType::Str, .strDefault = "WWW-Authenticate"},
    ParamDef{.name = "qop", .type = ParamType::Str, .strDefault = "auth", .checkString = &checkQop},
    ParamDef{.name = "auth_checks_register",
             .type = ParamType::Int,
             .minValue = 0,
             .maxValue = kAllChecks},
    ParamDef{.name = "auth_checks_no_dlg",
             .type = ParamType::Int,
             .minValue = 0,
             .maxValue = kAllChecks},
    ParamDef{.name = "auth_checks_in_dlg",
             .type = ParamType::Int,
             .minValue = 0,
             .maxValue = kAllChecks},
    ParamDef{.name = "nonce_count", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "nc_array_size",
             .type = ParamType::Int,
             .intDefault = 1 << 20,
             .minValue = 1,
             .maxValue = 1 << 30},
    ParamDef{.name = "nc_array_order",
             .type = ParamType::Int,
             .intDefault = 20,
             .minValue = 0,
             .maxValue = 30},
    ParamDef{.name = "one_time_nonce", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "otn_in_flight_no",
             .type = ParamType::Int,
             .intDefault = 1 << 20,
             .minValue = 1,
             .maxValue = 1 << 30},
    ParamDef{.name = "otn_in_flight_order",
             .type = ParamType::Int,
             .intDefault = 20,
             .minValue = 0,
             .maxValue = 30},
    ParamDef{.name = "force_stateless_reply", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "realm_prefix", .type = ParamType::Str},
    ParamDef{.name = "use_domain", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "algorithm", .type = ParamType::Str, .checkString = &checkAlgorithm},
    ParamDef{.name = "add_authinfo_hdr", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    // Kamailio's other parameters: its Contact protection in nonces (a
    // no-op in its own code) and the partitioning of its per-process
    // nonce tables, which kemid keeps as one table.
    ParamDef{.name = "protect_contacts", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "nid_pool_no", .type = ParamType::Int, .intDefault = 1, .noEffect = true},
};

// A table size: 2^order when the order was given, else the size rounded
// down to a power of two (as Kamailio).
std::size_t tableSize(const ModuleParams& params, std::string_view sizeName,
                      std::string_view orderName) {
  const std::int64_t order = params.getInt(orderName);
  if (order != 20) return std::size_t{1} << order;
  return std::bit_floor(static_cast<std::size_t>(params.getInt(sizeName)));
}

// 32 printable characters, as Kamailio's random secrets.
std::string randomSecret() {
  std::random_device random;
  std::uniform_int_distribution<int> printable(32, 126);
  std::string secret(32, ' ');
  for (char& c : secret) c = static_cast<char>(printable(random));
  return secret;
}

// "$digest_challenge" (Kamailio's AVP name) as a pv name.
std::string challengeAvp(std::string_view attr) {
  if (attr.starts_with("$avp(")) return std::string(attr);
  return "$avp(" + std::string(attr.substr(1)) + ")";
}

HookResult init(ModuleInitContext& ctx) {
  const ModuleParams& params = ctx.params;
  AuthSettings settings{
      .checksRegister = params.getInt("auth_checks_register"),
      .checksNoDialog = params.getInt("auth_checks_no_dlg"),
      .checksInDialog = params.getInt("auth_checks_in_dlg"),
      .realmPrefix = params.getString("realm_prefix"),
      .useDomain = params.getInt("use_domain") != 0,
      .forceStatelessReply = params.getInt("force_stateless_reply") != 0,
      .addAuthInfo = params.getInt("add_authinfo_hdr") != 0,
      .wwwHeader = params.getString("www_challenge_header"),
      .proxyHeader = params.getString("proxy_challenge_header"),
      .challengeAttr = challengeAvp(params.getString("challenge_attr")),
  };
  if (const std::string& algorithm = params.getString("algorithm"); !algorithm.empty()) {
    settings.algorithm = *digestAlgorithmNamed(algorithm);
    settings.algorithmInChallenge = true;
  }

  NonceSettings nonces{
      .secret1 = {},
      .secret2 = {},
      .expire = params.getInt("nonce_expire"),
      .maxDrift = params.getInt("nonce_auth_max_drift"),
      .nonceCount = params.getInt("nonce_count") != 0,
      .oneTimeNonce = params.getInt("one_time_nonce") != 0,
      .ncSize = tableSize(params, "nc_array_size", "nc_array_order"),
      .otnSize = tableSize(params, "otn_in_flight_no", "otn_in_flight_order"),
      .startTime = std::time(nullptr),
  };
  if (nonces.nonceCount && params.getString("qop").empty()) {
    kLog.warn("nonce-count support enabled, but qop not set");
    nonces.nonceCount = false;
  }
  const std::string& secret = params.getString("secret");
  const bool extraChecks =
      settings.checksRegister || settings.checksNoDialog || settings.checksInDialog;
  if (secret.empty()) {
    nonces.secret1 = randomSecret();
    nonces.secret2 = randomSecret();
  } else if (extraChecks) {
    // As Kamailio: the first half signs the nonce, the second the checks.
    const std::size_t half = secret.size() / 2;
    nonces.secret1 = secret.substr(0, secret.size() - half);
    nonces.secret2 = secret.substr(secret.size() - half);
    if (half < 16) {
      kLog.warn(
          "consider a longer secret when extra auth checks are enabled "
          "(the config secret is divided in 2!)");
    }
  } else {
    nonces.secret1 = secret;
  }

  auto module = std::make_unique<AuthModule>(ctx.host, std::move(settings), std::move(nonces),
                                             [] { return std::int64_t{std::time(nullptr)}; });
  if (!ctx.host.publishApi<AuthApi>(*module)) {
    return HookResult::failure("an API named \"auth\" is already published");
  }
  ctx.state = std::move(module);
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrInt{Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrIntStr{Str, Int, Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrInt{Str, Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrIntInt{Str, Str, Int, Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrIntStr{Str, Str, Int, Str};

constexpr std::array kKemi{
    // Kamailio 5.6's exports.
    KemiFunctionDef{"consume_credentials", Int, kNoParams, &kemiConsumeCredentials},
    KemiFunctionDef{"auth_challenge", Int, kStrInt, &kemiAuthChallenge},
    KemiFunctionDef{"pv_auth_check", Int, kStrStrIntInt, &kemiPvAuthCheck},
    KemiFunctionDef{"has_credentials", Int, kStr, &kemiHasCredentials},
    // Exported by later Kamailio versions (5.7+), same semantics.
    KemiFunctionDef{"www_challenge", Int, kStrInt, &kemiWwwChallenge},
    KemiFunctionDef{"proxy_challenge", Int, kStrInt, &kemiProxyChallenge},
    KemiFunctionDef{"pv_proxy_authenticate", Int, kStrStrInt, &kemiPvProxyAuthenticate},
    KemiFunctionDef{"pv_www_authenticate", Int, kStrStrInt, &kemiPvWwwAuthenticate},
    KemiFunctionDef{"pv_www_authenticate_method", Int, kStrStrIntStr, &kemiPvWwwAuthenticateMethod},
    KemiFunctionDef{"auth_get_www_authenticate", Int, kStrIntStr, &kemiAuthGetWwwAuthenticate},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "auth",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::auth

KEMID_MODULE(kemid::auth::kDescriptor)
