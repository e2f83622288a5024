// KSR.tmx.* that act on transactions, through tm's API (tm/tm_api.h).

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "tm/tm_api.h"
#include "tmx_kemi.h"

namespace kemid::tmx {
namespace {

constexpr Logger kLog{"tmx"};

KemiValue result(bool yes) {
  return std::int64_t{yes ? 1 : -1};
}

tm::TmApi* tmOf(const KemiCall& call) {
  auto* tm = static_cast<TmxState*>(call.state)->host.findApi<tm::TmApi>();
  if (tm == nullptr) kLog.err("tm is not loaded");
  return tm;
}

std::optional<tm::BranchesToCancel> branchesNamed(std::string_view which) {
  if (which == "all") return tm::BranchesToCancel::All;
  if (which == "others") return tm::BranchesToCancel::Others;
  if (which == "this") return tm::BranchesToCancel::This;
  return std::nullopt;
}

KemiValue cancelCallid(KemiCall& call, int reasonCode) {
  tm::TmApi* tm = tmOf(call);
  return result(tm != nullptr && tm->cancelByCallId(call.strArg(0), call.strArg(1),
                                                    static_cast<int>(call.intArg(2)), reasonCode));
}

}  // namespace

// 1, or -1 when the message has no transaction.
KemiValue kemiFlushFlags(KemiCall& call) {
  tm::TmApi* tm = tmOf(call);
  return result(tm != nullptr && call.context != nullptr && tm->flushFlags(*call.context));
}

KemiValue kemiFlushXflags(KemiCall& call) {
  tm::TmApi* tm = tmOf(call);
  return result(tm != nullptr && call.context != nullptr && tm->flushSlots(*call.context));
}

KemiValue kemiReplyCallid(KemiCall& call) {
  tm::TmApi* tm = tmOf(call);
  if (tm == nullptr) return result(false);
  return std::int64_t{tm->replyByCallId(call.strArg(0), call.strArg(1),
                                        static_cast<int>(call.intArg(2)), call.strArg(3))};
}

KemiValue kemiCancelCallid(KemiCall& call) {
  return cancelCallid(call, 0);
}

KemiValue kemiCancelCallidReason(KemiCall& call) {
  return cancelCallid(call, static_cast<int>(call.intArg(3)));
}

// 0 (Kamailio's answer) once the transaction is marked, -1 without one.
// The code Kamailio records as the transaction's status is not kept: kemid
// sends nothing for a dropped transaction, so nothing reads it.
KemiValue kemiDrop(KemiCall& call) {
  tm::TmApi* tm = tmOf(call);
  if (tm == nullptr || call.context == nullptr || !tm->drop(*call.context)) return result(false);
  return std::int64_t{0};
}

// "all", "others" or "this", in an onreply route; -1 elsewhere.
KemiValue kemiCancelBranches(KemiCall& call) {
  auto which = branchesNamed(call.strArg(0));
  if (!which) {
    kLog.err("t_cancel_branches: unknown parameter value: ", call.strArg(0));
    return result(false);
  }
  tm::TmApi* tm = tmOf(call);
  return result(tm != nullptr && call.context != nullptr &&
                tm->cancelBranches(*call.context, *which));
}

}  // namespace kemid::tmx
