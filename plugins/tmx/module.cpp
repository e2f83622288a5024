// tmx: transaction extensions (Kamailio's tmx module): which route is
// running, and the pre-transaction check against retransmissions routed
// twice. Its statistics (tmx:UAS_transactions, ...) are tm's, registered
// by tm.

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
  ctx.state = std::make_unique<TmxState>(kPretranCapacity);
  return HookResult::success();
}

constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};

constexpr std::array kKemi{
    KemiFunctionDef{"t_precheck_trans", KemiType::Int, kNoParams, &kemiPrecheckTrans},
    KemiFunctionDef{"t_is_request_route", KemiType::Int, kNoParams, &kemiIsRequestRoute},
    KemiFunctionDef{"t_is_branch_route", KemiType::Int, kNoParams, &kemiIsBranchRoute},
    KemiFunctionDef{"t_is_failure_route", KemiType::Int, kNoParams, &kemiIsFailureRoute},
    KemiFunctionDef{"t_is_reply_route", KemiType::Int, kNoParams, &kemiIsReplyRoute},
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
