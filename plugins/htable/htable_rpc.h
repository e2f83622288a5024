#pragma once
// htable.* RPC commands, answering as Kamailio 5.6 does over jsonrpcs
// (texts, fault codes and structures measured).

#include "core/module_abi.h"

namespace kemid::htable {

void rpcGet(RpcCall& call);
void rpcDelete(RpcCall& call);
void rpcSets(RpcCall& call);
void rpcSeti(RpcCall& call);
void rpcSetex(RpcCall& call);
void rpcSetxs(RpcCall& call);
void rpcSetxi(RpcCall& call);
void rpcDump(RpcCall& call);
void rpcReload(RpcCall& call);
void rpcStore(RpcCall& call);
void rpcFlush(RpcCall& call);
void rpcListTables(RpcCall& call);
void rpcStats(RpcCall& call);

}  // namespace kemid::htable
