#pragma once
// KSR.tmx.*: which route is running, and t_precheck_trans; module.cpp
// lists them.

#include "core/module_abi.h"
#include "pretran.h"

namespace kemid::tmx {

class TmxState : public ModuleState {
 public:
  explicit TmxState(std::size_t pretranCapacity) : pretran(pretranCapacity) {}
  PretranTable pretran;
};

KemiValue kemiPrecheckTrans(KemiCall& call);   // t_precheck_trans()
KemiValue kemiIsRequestRoute(KemiCall& call);  // t_is_request_route()
KemiValue kemiIsBranchRoute(KemiCall& call);   // t_is_branch_route()
KemiValue kemiIsFailureRoute(KemiCall& call);  // t_is_failure_route()
KemiValue kemiIsReplyRoute(KemiCall& call);    // t_is_reply_route()

}  // namespace kemid::tmx
