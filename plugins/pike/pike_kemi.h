#pragma once
// KSR.pike.* and the pike.top RPC command.

#include "core/module_abi.h"

namespace kemid::pike {

KemiValue kemiPikeCheckReq(KemiCall& call);
KemiValue kemiPikeCheckIp(KemiCall& call);
void rpcTop(RpcCall& call);

}  // namespace kemid::pike
