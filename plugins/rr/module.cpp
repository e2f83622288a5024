// rr: Record-Route and Route handling (RFC 3261 §16.6 step 4, §16.12), as
// Kamailio 5.6's rr module.

#include <array>
#include <memory>

#include "core/module_abi.h"
#include "core/module_host.h"
#include "rr_kemi.h"
#include "rr_settings.h"

namespace kemid::rr {
namespace {

// Kamailio 5.6's parameters and defaults; rr_settings.cpp reads them.
constexpr std::array kParams{
    ParamDef{.name = "append_fromtag", .type = ParamType::Int, .intDefault = 1},
    ParamDef{.name = "enable_double_rr", .type = ParamType::Int, .intDefault = 1},
    ParamDef{.name = "enable_full_lr", .type = ParamType::Int, .intDefault = 0},
    ParamDef{.name = "add_username", .type = ParamType::Int, .intDefault = 0},
    ParamDef{.name = "enable_socket_mismatch_warning", .type = ParamType::Int, .intDefault = 1},
    ParamDef{.name = "custom_user_avp", .type = ParamType::Str},
    ParamDef{.name = "force_send_socket", .type = ParamType::Int, .intDefault = 0},
    ParamDef{.name = "ignore_sips", .type = ParamType::Int, .intDefault = 0},
    ParamDef{.name = "sockname_mode", .type = ParamType::Int, .intDefault = 0},
};

HookResult init(ModuleInitContext& ctx) {
  ctx.state = std::make_unique<RrState>(readSettings(ctx.params), ctx.host.network());
  return HookResult::success();
}

constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kStr{KemiType::Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{KemiType::Str, KemiType::Str};
constexpr std::array<KemiType, kMaxKemiParams> kInt{KemiType::Int};
constexpr KemiType kIntResult = KemiType::Int;

constexpr std::array kKemi{
    KemiFunctionDef{"record_route", kIntResult, kNone, &kemiRecordRoute},
    KemiFunctionDef{"record_route_params", kIntResult, kStr, &kemiRecordRouteParams},
    KemiFunctionDef{"loose_route", kIntResult, kNone, &kemiLooseRoute},
    KemiFunctionDef{"loose_route_preloaded", kIntResult, kNone, &kemiLooseRoutePreloaded},
    KemiFunctionDef{"loose_route_mode", kIntResult, kInt, &kemiLooseRouteMode},
    KemiFunctionDef{"remove_record_route", kIntResult, kNone, &kemiRemoveRecordRoute},
    KemiFunctionDef{"add_rr_param", kIntResult, kStr, &kemiAddRrParam},
    KemiFunctionDef{"check_route_param", kIntResult, kStr, &kemiCheckRouteParam},
    KemiFunctionDef{"is_direction", kIntResult, kStr, &kemiIsDirection},
    KemiFunctionDef{"record_route_preset_one", kIntResult, kStr, &kemiRecordRoutePresetOne},
    KemiFunctionDef{"record_route_preset", kIntResult, kStrStr, &kemiRecordRoutePreset},
    KemiFunctionDef{"record_route_advertised_address", kIntResult, kStr,
                    &kemiRecordRouteAdvertisedAddress},
    KemiFunctionDef{"next_hop_route", kIntResult, kNone, &kemiNextHopRoute},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "rr",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::rr

KEMID_MODULE(kemid::rr::kDescriptor)
