// corex: Kamailio's core extensions for scripts (KSR.corex.*).

#include <array>
#include <memory>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_params.h"
#include "corex_kemi.h"

namespace kemid::corex {
namespace {

constexpr auto I = KemiType::Int;
constexpr auto S = KemiType::Str;
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kInt{I};
constexpr std::array<KemiType, kMaxKemiParams> kStr{S};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{S, S};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrStr{S, S, S};

constexpr std::array kKemi{
    KemiFunctionDef{"has_ruri_user", I, kNoParams, &kemiHasRuriUser},
    KemiFunctionDef{"has_user_agent", I, kNoParams, &kemiHasUserAgent},
    KemiFunctionDef{"is_faked_msg", I, kNoParams, &kemiIsFakedMsg},
    KemiFunctionDef{"setxflag", I, kInt, &kemiSetXflag},
    KemiFunctionDef{"resetxflag", I, kInt, &kemiResetXflag},
    KemiFunctionDef{"isxflagset", I, kInt, &kemiIsXflagSet},
    KemiFunctionDef{"is_socket_name", I, kStr, &kemiIsSocketName},
    KemiFunctionDef{"set_send_socket", I, kStr, &kemiSetSocket},
    KemiFunctionDef{"set_recv_socket", I, kStr, &kemiSetSocket},
    KemiFunctionDef{"set_send_socket_name", I, kStr, &kemiSetSocket},
    KemiFunctionDef{"set_recv_socket_name", I, kStr, &kemiSetSocket},
    KemiFunctionDef{"set_source_address", I, kStr, &kemiSetSourceAddress},
    KemiFunctionDef{"via_add_srvid", I, kInt, &kemiViaOption},
    KemiFunctionDef{"via_add_xavp_params", I, kInt, &kemiViaOption},
    KemiFunctionDef{"via_use_xavp_fields", I, kInt, &kemiViaOption},
    KemiFunctionDef{"file_read", KemiType::XVal, kStr, &kemiFileRead},
    KemiFunctionDef{"file_write", I, kStrStr, &kemiFileWrite},
    KemiFunctionDef{"append_branch", I, kNoParams, &kemiAppendBranch},
    KemiFunctionDef{"append_branch_uri", I, kStr, &kemiAppendBranchUri},
    KemiFunctionDef{"append_branch_uri_q", I, kStrStr, &kemiAppendBranchUriQ},
    KemiFunctionDef{"send_data", I, kStrStr, &kemiSendData},
    KemiFunctionDef{"sendx", I, kStrStrStr, &kemiSendx},
};

constexpr Logger kLog{"corex"};

// Kamailio 5.6's one parameter.
constexpr std::array kParams{
    ParamDef{.name = "alias_subdomains", .type = ParamType::Str, .repeatable = true},
};

HookResult init(ModuleInitContext& ctx) {
  if (!ctx.params.getAll("alias_subdomains").empty()) {
    kLog.warn("alias_subdomains is not supported: list the names with alias= instead");
  }
  ctx.state = std::make_unique<CorexModule>(ctx.host);
  return HookResult::success();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "corex",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::corex

KEMID_MODULE(kemid::corex::kDescriptor)
