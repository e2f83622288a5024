#pragma once
// KSR.dispatcher.* handlers and dispatcher.* RPC commands.

#include "core/module_abi.h"

namespace kemid::dispatcher {

KemiValue kemiSelectDst(KemiCall& call);
KemiValue kemiSelectDstLimit(KemiCall& call);
KemiValue kemiSelectDomain(KemiCall& call);
KemiValue kemiSelectDomainLimit(KemiCall& call);
KemiValue kemiSelect(KemiCall& call);
KemiValue kemiSelectLimit(KemiCall& call);
KemiValue kemiSelectRoutes(KemiCall& call);
KemiValue kemiSelectRoutesLimit(KemiCall& call);
KemiValue kemiNextDst(KemiCall& call);
KemiValue kemiNextDomain(KemiCall& call);
KemiValue kemiSetDst(KemiCall& call);
KemiValue kemiSetDomain(KemiCall& call);
KemiValue kemiMarkDst(KemiCall& call);
KemiValue kemiMarkDstState(KemiCall& call);
KemiValue kemiIsFromLists(KemiCall& call);
KemiValue kemiIsFromList(KemiCall& call);
KemiValue kemiIsFromListMode(KemiCall& call);
KemiValue kemiIsFromListUri(KemiCall& call);
KemiValue kemiListExists(KemiCall& call);
KemiValue kemiIsActive(KemiCall& call);
KemiValue kemiIsActiveUri(KemiCall& call);
KemiValue kemiLoadUpdate(KemiCall& call);
KemiValue kemiLoadUnset(KemiCall& call);
KemiValue kemiReload(KemiCall& call);

void rpcList(RpcCall& call);
void rpcReload(RpcCall& call);
void rpcSetState(RpcCall& call);
void rpcSetDuidState(RpcCall& call);
void rpcHash(RpcCall& call);
void rpcPingActive(RpcCall& call);
void rpcAdd(RpcCall& call);
void rpcRemove(RpcCall& call);

}  // namespace kemid::dispatcher
