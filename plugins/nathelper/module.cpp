// nathelper: NAT detection and Contact, Request-URI and SDP fixes, as
// Kamailio's nathelper module. NAT keepalive pinging is not built: its
// parameters are accepted with a warning.

#include <array>
#include <memory>
#include <string_view>

#include "core/module_abi.h"
#include "core/module_params.h"
#include "nathelper_kemi.h"

namespace kemid::nathelper {
namespace {

constexpr std::string_view kNoRtpProxy = "a=nortpproxy:yes\r\n";

constexpr std::array kParams{
    ParamDef{.name = "received_avp", .type = ParamType::Str},
    ParamDef{.name = "nortpproxy_str", .type = ParamType::Str, .strDefault = kNoRtpProxy},
    ParamDef{.name = "append_sdp_oldmediaip", .type = ParamType::Int, .intDefault = 1},
    ParamDef{.name = "nat_addr_mode", .type = ParamType::Int, .intDefault = 1},
    // The name of the Contact parameter is fixed: "alias".
    ParamDef{.name = "alias_name", .type = ParamType::Str, .strDefault = "alias", .noEffect = true},
    // NAT keepalive pinging of registered contacts (needs usrloc): accepted,
    // a warning when set.
    ParamDef{.name = "natping_interval", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "ping_nated_only", .type = ParamType::Int, .noEffect = true},
    ParamDef{
        .name = "natping_processes", .type = ParamType::Int, .intDefault = 1, .noEffect = true},
    ParamDef{.name = "natping_socket", .type = ParamType::Str, .noEffect = true},
    ParamDef{.name = "natping_disable_bflag",
             .type = ParamType::Int,
             .intDefault = -1,
             .minValue = -1,
             .noEffect = true},
    ParamDef{.name = "sipping_bflag",
             .type = ParamType::Int,
             .intDefault = -1,
             .minValue = -1,
             .noEffect = true},
    ParamDef{.name = "sipping_from", .type = ParamType::Str, .noEffect = true},
    ParamDef{.name = "sipping_method",
             .type = ParamType::Str,
             .strDefault = "OPTIONS",
             .noEffect = true},
    ParamDef{.name = "keepalive_timeout", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "udpping_from_path", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "filter_server_id", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "force_socket", .type = ParamType::Str, .noEffect = true},
};

HookResult init(ModuleInitContext& ctx) {
  std::string receivedAvp = ctx.params.getString("received_avp");
  if (!receivedAvp.empty() && !receivedAvp.starts_with("$avp(")) {
    return HookResult::failure("modparam received_avp must be an $avp(name)");
  }
  ctx.state = std::make_unique<NathelperState>(
      ctx.host, std::move(receivedAvp),
      SdpFixSettings{.noRtpProxy = ctx.params.getString("nortpproxy_str"),
                     .appendOldMediaIp = ctx.params.getInt("append_sdp_oldmediaip") != 0},
      ctx.params.getInt("nat_addr_mode") == 1);
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kInt{Int};
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kIntStr{Int, Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrStr{Str, Str, Str};

// In the order of Kamailio 5.6's export table (app_lua.api_list).
constexpr std::array kKemi{
    KemiFunctionDef{"nat_uac_test", Int, kInt, &kemiNatUacTest},
    KemiFunctionDef{"fix_nated_contact", Int, kNoParams, &kemiFixNatedContact},
    KemiFunctionDef{"fix_nated_register", Int, kNoParams, &kemiFixNatedRegister},
    KemiFunctionDef{"set_contact_alias", Int, kNoParams, &kemiSetContactAlias},
    KemiFunctionDef{"set_contact_alias_trim", Int, kNoParams, &kemiSetContactAliasTrim},
    KemiFunctionDef{"handle_ruri_alias", Int, kNoParams, &kemiHandleRuriAlias},
    KemiFunctionDef{"handle_ruri_alias_mode", Int, kInt, &kemiHandleRuriAliasMode},
    KemiFunctionDef{"is_rfc1918", Int, kStr, &kemiIsRfc1918},
    KemiFunctionDef{"add_contact_alias", Int, kNoParams, &kemiAddContactAlias},
    KemiFunctionDef{"add_contact_alias_addr", Int, kStrStrStr, &kemiAddContactAliasAddr},
    KemiFunctionDef{"add_rcv_param", Int, kInt, &kemiAddRcvParam},
    KemiFunctionDef{"fix_nated_sdp", Int, kInt, &kemiFixNatedSdp},
    KemiFunctionDef{"fix_nated_sdp_ip", Int, kIntStr, &kemiFixNatedSdpIp},
    KemiFunctionDef{"set_alias_to_pv", Int, kStr, &kemiSetAliasToPv},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "nathelper",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::nathelper

KEMID_MODULE(kemid::nathelper::kDescriptor)
