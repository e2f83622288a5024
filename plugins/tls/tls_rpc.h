#pragma once
// tls.list, tls.info, tls.options and tls.reload, with Kamailio's answers.

#include "core/module_abi.h"

namespace kemid::tls {

void rpcList(RpcCall& call);
void rpcInfo(RpcCall& call);
void rpcOptions(RpcCall& call);
void rpcReload(RpcCall& call);

}  // namespace kemid::tls
