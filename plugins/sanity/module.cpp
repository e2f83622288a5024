// sanity: syntax and semantic checks of SIP messages, as Kamailio's sanity
// module, answering what fails with its replies.

#include <array>
#include <memory>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_params.h"
#include "sanity_checks.h"
#include "sanity_kemi.h"

namespace kemid::sanity {
namespace {

constexpr Logger kLog{"sanity"};

constexpr std::array kParams{
    ParamDef{.name = "default_checks",
             .type = ParamType::Int,
             .intDefault = kDefaultMessageChecks,
             .minValue = 0,
             .maxValue = 0xffffffffLL},
    ParamDef{.name = "uri_checks",
             .type = ParamType::Int,
             .intDefault = kDefaultUriChecks,
             .minValue = 0,
             .maxValue = 0xffffffffLL},
    // Option tags accepted in Proxy-Require, comma-separated.
    ParamDef{.name = "proxy_require", .type = ParamType::Str},
    // Drop the message after a failed native sanity_check(); KEMI functions
    // never drop (Kamailio's neither), and kemid runs KEMI scripts only.
    ParamDef{
        .name = "autodrop", .type = ParamType::Int, .intDefault = 1, .minValue = 0, .maxValue = 1},
    ParamDef{
        .name = "noreply", .type = ParamType::Int, .intDefault = 0, .minValue = 0, .maxValue = 1},
};

HookResult init(ModuleInitContext& ctx) {
  if (ctx.params.getInt("autodrop") == 0) {
    kLog.warn(
        "modparam autodrop only concerns the native sanity_check() of kamailio.cfg "
        "routes; KSR.sanity functions never drop");
  }
  SanitySettings settings;
  settings.defaults.messageChecks = static_cast<std::uint32_t>(ctx.params.getInt("default_checks"));
  settings.defaults.uriChecks = static_cast<std::uint32_t>(ctx.params.getInt("uri_checks"));
  settings.defaults.proxyRequire = parseOptionTags(ctx.params.getString("proxy_require"));
  settings.noReply = ctx.params.getInt("noreply") != 0;
  ctx.state = std::make_unique<SanityState>(ctx.host, std::move(settings));
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kIntInt{Int, Int};

constexpr std::array kKemi{
    KemiFunctionDef{"sanity_check", Int, kIntInt, &kemiSanityCheck},
    KemiFunctionDef{"sanity_check_defaults", Int, kNoParams, &kemiSanityCheckDefaults},
    KemiFunctionDef{"sanity_reply", Int, kNoParams, &kemiSanityReply},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "sanity",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::sanity

KEMID_MODULE(kemid::sanity::kDescriptor)
