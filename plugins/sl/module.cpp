// sl: stateless replies, as Kamailio's sl module.

#include <array>
#include <memory>

#include "core/config.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "sip/sip_message.h"
#include "sl_api.h"
#include "sl_kemi.h"
#include "sl_module.h"

namespace kemid::sl {
namespace {

constexpr Logger kLog{"sl"};

constexpr std::array kParams{
    // Let tm answer requests that have a transaction (send_reply).
    ParamDef{
        .name = "bind_tm", .type = ParamType::Int, .intDefault = 1, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "rich_redirect",
             .type = ParamType::Int,
             .intDefault = 0,
             .minValue = 0,
             .maxValue = 3},
    // Kamailio 5.6's other parameters (each checked against its sl.so): a
    // config that sets them loads, with a warning that they have no effect.
    ParamDef{.name = "default_code", .type = ParamType::Int, .noEffect = true},
    ParamDef{.name = "default_reason", .type = ParamType::Str, .noEffect = true},
    ParamDef{.name = "event_callback_fl_ack", .type = ParamType::Str, .noEffect = true},
    ParamDef{.name = "event_callback_lres_sent", .type = ParamType::Str, .noEffect = true},
};

HookResult init(ModuleInitContext& ctx) {
  if (ctx.params.getInt("rich_redirect") != 0) {
    kLog.warn("modparam rich_redirect is not supported by kemid and is ignored");
  }
  auto module = std::make_unique<SlModule>(
      ctx.host, SlSettings{.serverHeader = serverHeaderLine(ctx.config.core),
                           .bindTm = ctx.params.getInt("bind_tm") != 0});
  if (!ctx.host.publishApi<SlApi>(*module)) {
    return HookResult::failure("an API named \"sl\" is already published");
  }
  registerSlStatistics(ctx.host.statistics(), module->counters());
  // Kamailio's sl absorbs the ACK to its own negative reply before the script.
  SlModule* sl = module.get();
  ctx.host.addRequestHook([sl](MessageContext& request) {
    const bool own = request.message->method() == "ACK" && sl->isAckToOwnReply(*request.message);
    return own ? HookVerdict::Absorbed : HookVerdict::Pass;
  });
  ctx.state = std::move(module);
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kIntStr{Int, Str};
constexpr std::array<KemiType, kMaxKemiParams> kIntStrInt{Int, Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{Str, Str};

constexpr std::array kKemi{
    KemiFunctionDef{"sl_send_reply", Int, kIntStr, &kemiSlSendReply},
    KemiFunctionDef{"send_reply", Int, kIntStr, &kemiSendReply},
    KemiFunctionDef{"send_reply_mode", Int, kIntStrInt, &kemiSendReplyMode},
    KemiFunctionDef{"sl_reply_error", Int, kNoParams, &kemiSlReplyError},
    KemiFunctionDef{"sl_forward_reply", Int, kStrStr, &kemiSlForwardReply},
    // Not KEMI exports in Kamailio 5.6 (its sl offers them in the C API only).
    KemiFunctionDef{"sreply", Int, kIntStr, &kemiSlSendReply},
    KemiFunctionDef{"get_reply_totag", XVal, kNoParams, &kemiGetReplyTotag},
};

constexpr std::array kRpc{
    RpcCommandDef{"sl.stats", "Print reply statistics.", &rpcStats},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "sl",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
};

}  // namespace
}  // namespace kemid::sl

KEMID_MODULE(kemid::sl::kDescriptor)
