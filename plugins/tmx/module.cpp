// tmx: transaction extensions (Kamailio's tmx module): which route is
// running, the pre-transaction check against retransmissions routed
// twice, transactions flushed, answered, cancelled, suspended and
// continued through tm, and $T(id_index) / $T(id_label). Its statistics
// (tmx:UAS_transactions, ...) are tm's, registered by tm.

#include <array>
#include <memory>

#include "core/module_abi.h"
#include "core/module_params.h"
#include "tmx_kemi.h"

namespace kemid::tmx {
namespace {

// Requests routed at once that t_precheck_trans can record; a bound, not a
// Kamailio parameter (Kamailio's table grows in shared memory).
constexpr std::size_t kPretranCapacity = 65536;

HookResult init(ModuleInitContext& ctx) {
  ctx.state = std::make_unique<TmxState>(kPretranCapacity, ctx.host);
  return HookResult::success();
}

// After every module's init: pv names $T for tmx once it is up.
HookResult start(ModuleState* state) {
  provideTransactionVariable(static_cast<TmxState*>(state)->host);
  return HookResult::success();
}

constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kInt{KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kStr{KemiType::Str};
constexpr std::array<KemiType, kMaxKemiParams> kIntIntStr{KemiType::Int, KemiType::Int,
                                                          KemiType::Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrInt{KemiType::Str, KemiType::Str,
                                                          KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrIntInt{KemiType::Str, KemiType::Str,
                                                             KemiType::Int, KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrIntStr{KemiType::Str, KemiType::Str,
                                                             KemiType::Int, KemiType::Str};

constexpr std::array kKemi{
    KemiFunctionDef{"t_precheck_trans", KemiType::Int, kNoParams, &kemiPrecheckTrans},
    KemiFunctionDef{"t_is_request_route", KemiType::Int, kNoParams, &kemiIsRequestRoute},
    KemiFunctionDef{"t_is_branch_route", KemiType::Int, kNoParams, &kemiIsBranchRoute},
    KemiFunctionDef{"t_is_failure_route", KemiType::Int, kNoParams, &kemiIsFailureRoute},
    KemiFunctionDef{"t_is_reply_route", KemiType::Int, kNoParams, &kemiIsReplyRoute},
    KemiFunctionDef{"t_flush_flags", KemiType::Int, kNoParams, &kemiFlushFlags},
    KemiFunctionDef{"t_flush_xflags", KemiType::Int, kNoParams, &kemiFlushXflags},
    KemiFunctionDef{"t_reply_callid", KemiType::Int, kStrStrIntStr, &kemiReplyCallid},
    KemiFunctionDef{"t_cancel_callid", KemiType::Int, kStrStrInt, &kemiCancelCallid},
    KemiFunctionDef{"t_cancel_callid_reason", KemiType::Int, kStrStrIntInt,
                    &kemiCancelCallidReason},
    KemiFunctionDef{"t_cancel_branches", KemiType::Int, kStr, &kemiCancelBranches},
    KemiFunctionDef{"t_drop", KemiType::Int, kNoParams, &kemiDrop},
    KemiFunctionDef{"t_drop_rcode", KemiType::Int, kInt, &kemiDrop},
    KemiFunctionDef{"t_suspend", KemiType::Int, kNoParams, &kemiSuspend},
    KemiFunctionDef{"t_continue", KemiType::Int, kIntIntStr, &kemiContinue},
    KemiFunctionDef{"t_reuse_branch", KemiType::Int, kNoParams, &kemiReuseBranch},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "tmx",
    .kemi = kKemi,
    .init = &init,
    .start = &start,
};

}  // namespace
}  // namespace kemid::tmx

KEMID_MODULE(kemid::tmx::kDescriptor)
