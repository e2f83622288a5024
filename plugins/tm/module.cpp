// tm: RFC 3261 transactions (§17) for a stateful proxy (§16).

#include <array>
#include <memory>

#include "core/config.h"
#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "serial_forking.h"
#include "tm_api.h"
#include "tm_kemi.h"
#include "tm_settings.h"
#include "tm_statistics.h"
#include "transaction_manager.h"

namespace kemid::tm {
namespace {

// Kamailio's names and defaults; times in milliseconds.
constexpr auto Int = ParamType::Int;
constexpr auto Str = ParamType::Str;

constexpr std::array kParams{
    ParamDef{.name = "fr_timer", .type = ParamType::Int, .intDefault = 30000, .minValue = 1},
    ParamDef{.name = "fr_inv_timer", .type = ParamType::Int, .intDefault = 120000, .minValue = 1},
    ParamDef{.name = "wt_timer", .type = ParamType::Int, .intDefault = 5000, .minValue = 0},
    ParamDef{.name = "retr_timer1", .type = ParamType::Int, .intDefault = 500, .minValue = 1},
    ParamDef{.name = "retr_timer2", .type = ParamType::Int, .intDefault = 4000, .minValue = 1},
    ParamDef{
        .name = "max_inv_lifetime", .type = ParamType::Int, .intDefault = 180000, .minValue = 1},
    ParamDef{
        .name = "max_noninv_lifetime", .type = ParamType::Int, .intDefault = 32000, .minValue = 1},
    ParamDef{.name = "restart_fr_on_each_reply",
             .type = ParamType::Int,
             .intDefault = 1,
             .minValue = 0,
             .maxValue = 1},
    ParamDef{.name = "auto_inv_100",
             .type = ParamType::Int,
             .intDefault = 1,
             .minValue = 0,
             .maxValue = 1},
    ParamDef{.name = "auto_inv_100_reason",
             .type = ParamType::Str,
             .strDefault = "trying -- your call is important to us"},
    ParamDef{.name = "noisy_ctimer",
             .type = ParamType::Int,
             .intDefault = 1,
             .minValue = 0,
             .maxValue = 1},
    ParamDef{.name = "unmatched_cancel",
             .type = ParamType::Int,
             .intDefault = 0,
             .minValue = 0,
             .maxValue = 2},
    ParamDef{.name = "cancel_b_method",
             .type = ParamType::Int,
             .intDefault = 1,
             .minValue = 0,
             .maxValue = 2},
    ParamDef{.name = "failure_reply_mode",
             .type = ParamType::Int,
             .intDefault = 3,
             .minValue = 0,
             .maxValue = 3},
    ParamDef{.name = "disable_6xx_block",
             .type = ParamType::Int,
             .intDefault = 0,
             .minValue = 0,
             .maxValue = 1},
    // kemid's own: how many transactions tm holds at most; past it new
    // requests are answered 503 with Retry-After: overload_retry_after
    // seconds (Kamailio fails them when shared memory runs out). 0: no cap.
    ParamDef{
        .name = "max_transactions", .type = ParamType::Int, .intDefault = 200000, .minValue = 0},
    ParamDef{.name = "overload_retry_after",
             .type = ParamType::Int,
             .intDefault = 5,
             .minValue = 0,
             .maxValue = 86400},
    ParamDef{.name = "remap_503_500",
             .type = ParamType::Int,
             .intDefault = 1,
             .minValue = 0,
             .maxValue = 1},
    ParamDef{
        .name = "relay_100", .type = ParamType::Int, .intDefault = 0, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "on_sl_reply", .type = ParamType::Str},
    ParamDef{.name = "contacts_avp", .type = ParamType::Str},
    // Kamailio 5.6's other parameters (each checked against its tm.so): a
    // config that sets them loads, with a warning that they have no effect.
    ParamDef{.name = "ac_extra_hdrs", .type = Str, .noEffect = true},
    ParamDef{.name = "aggregate_challenges", .type = Int, .noEffect = true},
    ParamDef{.name = "blst_503", .type = Int, .noEffect = true},
    ParamDef{.name = "blst_503_def_timeout", .type = Int, .noEffect = true},
    ParamDef{.name = "blst_503_max_timeout", .type = Int, .noEffect = true},
    ParamDef{.name = "blst_503_min_timeout", .type = Int, .noEffect = true},
    ParamDef{.name = "blst_methods_add", .type = Int, .noEffect = true},
    ParamDef{.name = "blst_methods_lookup", .type = Int, .noEffect = true},
    ParamDef{.name = "callid_cseq_matching", .type = Int, .noEffect = true},
    ParamDef{.name = "callid_matching", .type = Int, .noEffect = true},
    ParamDef{.name = "contact_flows_avp", .type = Str, .noEffect = true},
    ParamDef{.name = "default_code", .type = Int, .noEffect = true},
    ParamDef{.name = "default_reason", .type = Str, .noEffect = true},
    ParamDef{.name = "dns_reuse_rcv_socket", .type = Int, .noEffect = true},
    ParamDef{.name = "enable_uac_fr", .type = Int, .noEffect = true},
    ParamDef{.name = "event_callback", .type = Str, .noEffect = true},
    ParamDef{.name = "event_callback_lres_sent", .type = Str, .noEffect = true},
    ParamDef{.name = "exec_time_check", .type = Int, .noEffect = true},
    ParamDef{.name = "failure_exec_mode", .type = Int, .noEffect = true},
    ParamDef{.name = "faked_reply_prio", .type = Int, .noEffect = true},
    ParamDef{.name = "fr_inv_timer_avp", .type = Str, .noEffect = true},
    ParamDef{.name = "fr_timer_avp", .type = Str, .noEffect = true},
    ParamDef{.name = "local_ack_mode", .type = Int, .noEffect = true},
    ParamDef{.name = "local_cancel_reason", .type = Int, .noEffect = true},
    ParamDef{.name = "pass_provisional_replies", .type = Int, .noEffect = true},
    ParamDef{.name = "reparse_invite", .type = Int, .noEffect = true},
    ParamDef{.name = "reparse_on_dns_failover", .type = Int, .noEffect = true},
    ParamDef{.name = "reply_relay_mode", .type = Int, .noEffect = true},
    ParamDef{.name = "rich_redirect", .type = Int, .noEffect = true},
    ParamDef{.name = "ruri_matching", .type = Int, .noEffect = true},
    ParamDef{.name = "tw_append", .type = Str, .noEffect = true},
    ParamDef{.name = "unix_tx_timeout", .type = Int, .noEffect = true},
    ParamDef{.name = "via1_matching", .type = Int, .noEffect = true},
    ParamDef{.name = "xavp_contact", .type = Str, .noEffect = true},
};

constexpr auto I = KemiType::Int;
constexpr auto S = KemiType::Str;

constexpr KemiFunctionDef fn(std::string_view name, KemiHandler handler,
                             std::array<KemiType, kMaxKemiParams> params = {}) {
  return KemiFunctionDef{
      .name = name, .returns = KemiType::Int, .params = params, .handler = handler};
}

constexpr std::array kKemi{
    fn("t_relay", &kemiRelay),
    fn("t_relay_to_proto", &kemiRelayToProto, {S}),
    fn("t_relay_to_proto_addr", &kemiRelayToProtoAddr, {S, S, I}),
    fn("t_on_branch", &kemiOnBranch, {S}),
    fn("t_on_reply", &kemiOnReply, {S}),
    fn("t_on_failure", &kemiOnFailure, {S}),
    fn("t_is_set", &kemiIsSet, {S}),
    fn("t_newtran", &kemiNewTran),
    fn("t_reply", &kemiReply, {I, S}),
    fn("t_send_reply", &kemiSendReply, {I, S}),
    fn("t_check_trans", &kemiCheckTrans),
    fn("t_lookup_request", &kemiLookupRequest),
    fn("t_lookup_cancel", &kemiLookupCancel),
    fn("t_retransmit_reply", &kemiRetransmitReply),
    fn("t_release", &kemiRelease),
    fn("t_is_canceled", &kemiIsCanceled),
    fn("t_branch_timeout", &kemiBranchTimeout),
    fn("t_branch_replied", &kemiBranchReplied),
    fn("t_any_timeout", &kemiAnyTimeout),
    fn("t_any_replied", &kemiAnyReplied),
    fn("t_check_status", &kemiCheckStatus, {S}),
    fn("t_get_status_code", &kemiGetStatusCode),
    fn("t_get_branch_index", &kemiGetBranchIndex),
    fn("t_set_fr", &kemiSetFr, {I, I}),
    fn("t_set_fr_inv", &kemiSetFrInv, {I}),
    fn("t_reset_fr", &kemiResetFr),
    fn("t_set_auto_inv_100", &kemiSetAutoInv100, {I}),
    fn("t_load_contacts", &kemiLoadContacts),
    fn("ki_t_load_contacts_mode", &kemiLoadContacts, {I}),  // 5.6's exported name
    fn("t_next_contacts", &kemiNextContacts),
};

constexpr std::array kRpc{
    RpcCommandDef{
        .name = "tm.stats", .help = "Print transaction statistics.", .handler = &rpcStats},
};

HookResult init(ModuleInitContext& ctx) {
  TmSettings settings = TmSettings::fromParams(ctx.params);
  settings.serverHeader = serverHeaderLine(ctx.config.core);
  auto state = std::make_unique<TransactionManager>(std::move(settings), ctx.host);
  TransactionManager* tm = state.get();
  if (!ctx.host.publishApi<TmApi>(*tm)) {
    return HookResult::failure("the API name 'tm' is taken");
  }
  registerTmStatistics(ctx.host.statistics(), tm->stats());
  ctx.host.addRequestHook([tm](MessageContext& request) { return tm->refuseWhenFull(request); });
  ctx.host.addReplyHook([tm](MessageContext& reply) { return tm->onReply(reply); });
  ctx.host.addRequestDoneHook([tm](MessageContext& request) { tm->requestDone(request); });
  ctx.state = std::move(state);
  return HookResult::success();
}

void shutdown(ModuleState* state) {
  static_cast<TransactionManager*>(state)->stop();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "tm",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::tm

KEMID_MODULE(kemid::tm::kDescriptor)
