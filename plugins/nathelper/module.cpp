// nathelper: NAT detection, Contact, Request-URI and SDP fixes, and the
// keepalive of registered contacts (natping_interval), as Kamailio's
// nathelper module.

#include <array>
#include <memory>
#include <string_view>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "core/network.h"
#include "nathelper_kemi.h"
#include "usrloc/usrloc_api.h"

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
    // Keepalive of registered contacts (needs usrloc loaded before).
    ParamDef{.name = "natping_interval", .type = ParamType::Int, .minValue = 0},
    ParamDef{.name = "ping_nated_only", .type = ParamType::Int},
    // One timer thread does all the pinging.
    ParamDef{
        .name = "natping_processes", .type = ParamType::Int, .intDefault = 1, .noEffect = true},
    ParamDef{.name = "natping_socket", .type = ParamType::Str, .noEffect = true},
    ParamDef{.name = "natping_disable_bflag",
             .type = ParamType::Int,
             .intDefault = -1,
             .minValue = -1,
             .maxValue = 31},
    ParamDef{.name = "sipping_bflag",
             .type = ParamType::Int,
             .intDefault = -1,
             .minValue = -1,
             .maxValue = 31},
    ParamDef{.name = "sipping_from", .type = ParamType::Str},
    ParamDef{.name = "sipping_method", .type = ParamType::Str, .strDefault = "OPTIONS"},
    ParamDef{.name = "keepalive_timeout", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "udpping_from_path", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "filter_server_id", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "force_socket", .type = ParamType::Str, .noEffect = true},
};

std::uint32_t flagMask(std::int64_t flag) {
  return flag < 0 ? 0 : 1u << flag;
}

// natping_interval > 0: the pinger over usrloc's tables, its thread started
// when there is a network to send on (not for kemid -c), and the reply hook
// that drops the answers to its SIP pings.
HookResult startPinging(ModuleInitContext& ctx, NathelperState& state) {
  const ModuleParams& p = ctx.params;
  auto* usrloc = ctx.host.findApi<usrloc::UsrlocApi>();
  if (usrloc == nullptr) {
    return HookResult::failure("nathelper: natping_interval needs usrloc loaded before nathelper");
  }
  PingSettings settings{.intervalSeconds = static_cast<int>(p.getInt("natping_interval")),
                        .policy = {.natedOnly = p.getInt("ping_nated_only") != 0,
                                   .natMask = usrloc->natFlagMask(),
                                   .sipMask = flagMask(p.getInt("sipping_bflag")),
                                   .disableMask = flagMask(p.getInt("natping_disable_bflag"))},
                        .from = p.getString("sipping_from"),
                        .method = p.getString("sipping_method")};
  // As Kamailio 5.6.3, which refuses to start so.
  if (settings.policy.sipMask != 0 && settings.from.empty()) {
    return HookResult::failure("nathelper: sipping_bflag is set but sipping_from is empty");
  }
  SipNetwork* network = ctx.host.network();
  if (network == nullptr) return HookResult::success();
  auto pinger = std::make_unique<NatPinger>(std::move(settings), *usrloc, *network);
  NatPinger* running = pinger.get();
  ctx.host.addReplyHook([running](MessageContext& reply) {
    return reply.message != nullptr && running->isPingReply(*reply.message) ? HookVerdict::Absorbed
                                                                            : HookVerdict::Pass;
  });
  running->start();
  state.setPinger(std::move(pinger));
  return HookResult::success();
}

HookResult init(ModuleInitContext& ctx) {
  std::string receivedAvp = ctx.params.getString("received_avp");
  if (!receivedAvp.empty() && !receivedAvp.starts_with("$avp(")) {
    return HookResult::failure("modparam received_avp must be an $avp(name)");
  }
  auto state = std::make_unique<NathelperState>(
      ctx.host, std::move(receivedAvp),
      SdpFixSettings{.noRtpProxy = ctx.params.getString("nortpproxy_str"),
                     .appendOldMediaIp = ctx.params.getInt("append_sdp_oldmediaip") != 0},
      ctx.params.getInt("nat_addr_mode") == 1);
  if (ctx.params.getInt("natping_interval") > 0) {
    if (HookResult started = startPinging(ctx, *state); !started.ok()) return started;
  }
  ctx.state = std::move(state);
  return HookResult::success();
}

void shutdown(ModuleState* state) {
  if (auto* nathelper = static_cast<NathelperState*>(state)) {
    if (NatPinger* pinger = nathelper->pinger()) pinger->stop();
  }
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
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::nathelper

KEMID_MODULE(kemid::nathelper::kDescriptor)
