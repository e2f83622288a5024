// tmx: transaction extensions (Kamailio's tmx module): which route is
// running, the pre-transaction check against retransmissions routed
// twice, and transactions flushed, answered or cancelled through tm. Its statistics
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

constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kInt{KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kStr{KemiType::Str};
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
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "tmx",
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::tmx

KEMID_MODULE(kemid::tmx::kDescriptor)
