#pragma once
// KSR.tmx.*: which route is running, t_precheck_trans, and what tmx asks
// tm to do to transactions; module.cpp lists them.

#include "core/module_abi.h"
#include "pretran.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::tmx {

class TmxState : public ModuleState {
 public:
  TmxState(std::size_t pretranCapacity, ModuleHost& host) : pretran(pretranCapacity), host(host) {}
  PretranTable pretran;
  ModuleHost& host;  // for tm's API, looked up when used (tm may load later)
};

KemiValue kemiPrecheckTrans(KemiCall& call);   // t_precheck_trans()
KemiValue kemiIsRequestRoute(KemiCall& call);  // t_is_request_route()
KemiValue kemiIsBranchRoute(KemiCall& call);   // t_is_branch_route()
KemiValue kemiIsFailureRoute(KemiCall& call);  // t_is_failure_route()
KemiValue kemiIsReplyRoute(KemiCall& call);    // t_is_reply_route()

// tmx_transaction_kemi.cpp: through tm's API.
KemiValue kemiFlushFlags(KemiCall& call);          // t_flush_flags()
KemiValue kemiFlushXflags(KemiCall& call);         // t_flush_xflags()
KemiValue kemiReplyCallid(KemiCall& call);         // t_reply_callid(callid, cseq, code, reason)
KemiValue kemiCancelCallid(KemiCall& call);        // t_cancel_callid(callid, cseq, flag)
KemiValue kemiCancelCallidReason(KemiCall& call);  // t_cancel_callid_reason(..., rcode)
KemiValue kemiCancelBranches(KemiCall& call);      // t_cancel_branches(which)
KemiValue kemiDrop(KemiCall& call);                // t_drop(), t_drop_rcode(code)

// tmx_suspend_kemi.cpp
KemiValue kemiSuspend(KemiCall& call);      // t_suspend()
KemiValue kemiContinue(KemiCall& call);     // t_continue(tindex, tlabel, cbname)
KemiValue kemiReuseBranch(KemiCall& call);  // t_reuse_branch()
// Names $T (id_index, id_label) through pv; false when the name is taken.
bool provideTransactionVariable(ModuleHost& host);

}  // namespace kemid::tmx
