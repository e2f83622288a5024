// KSR.tmx.t_suspend / t_continue / t_reuse_branch, and $T(id_index) /
// $T(id_label), through tm's API (tm/tm_api.h).

#include <limits>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "pv/pv_api.h"
#include "tm/tm_api.h"
#include "tmx_kemi.h"

namespace kemid::tmx {
namespace {

constexpr Logger kLog{"tmx"};

tm::TmApi* tmOf(ModuleHost& host) {
  auto* tm = host.findApi<tm::TmApi>();
  if (tm == nullptr) kLog.err("tm is not loaded");
  return tm;
}

tm::TmApi* tmOf(const KemiCall& call) {
  return tmOf(static_cast<TmxState*>(call.state)->host);
}

std::optional<std::uint32_t> idPart(std::int64_t value) {
  if (value < 0 || value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

}  // namespace

// 1 once suspended, -1 when it cannot be (logged by tm).
KemiValue kemiSuspend(KemiCall& call) {
  tm::TmApi* tm = tmOf(call);
  if (tm == nullptr || call.context == nullptr) return std::int64_t{-1};
  return std::int64_t{tm->suspend(*call.context) ? 1 : -1};
}

// 1 once the function ran or was queued for the transaction, -1 when no
// transaction with these ids is suspended.
KemiValue kemiContinue(KemiCall& call) {
  tm::TmApi* tm = tmOf(call);
  const auto index = idPart(call.intArg(0));
  const auto label = idPart(call.intArg(1));
  if (tm == nullptr || !index || !label) return std::int64_t{-1};
  return std::int64_t{tm->resume(tm::TransactionId{*index, *label}, call.strArg(2)) ? 1 : -1};
}

// Only a branch-failure route has a branch to reuse, and kemid has none.
KemiValue kemiReuseBranch(KemiCall&) {
  kLog.err("t_reuse_branch: not in a branch failure route");
  return std::int64_t{-1};
}

bool provideTransactionVariable(ModuleHost& host) {
  auto* pv = host.findApi<pv::PvApi>();
  if (pv == nullptr) return true;  // no pseudo-variables without pv
  auto read = [&host](std::string_view inner, std::optional<int>,
                      MessageContext& ctx) -> pv::PvValue {
    const bool index = inner == "id_index";
    if (!index && inner != "id_label") {
      kLog.err("unknown inner name [", inner, "] of $T");
      return {};
    }
    tm::TmApi* tm = tmOf(host);
    auto id = tm != nullptr ? tm->transactionId(ctx) : std::nullopt;
    if (!id) return {};
    return pv::PvValue::integer(index ? id->index : id->label);
  };
  if (!pv->provide("T", read)) {
    kLog.err("cannot name $T (taken)");
    return false;
  }
  return true;
}

}  // namespace kemid::tmx
