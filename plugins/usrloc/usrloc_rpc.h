#pragma once
// usrloc's RPC commands (ul.*), answering in Kamailio 5.6's shapes.

#include "core/module_abi.h"

namespace kemid::usrloc {

void rpcDump(RpcCall& call);
void rpcLookup(RpcCall& call);
void rpcRemoveAor(RpcCall& call);
void rpcRemoveContact(RpcCall& call);
void rpcAdd(RpcCall& call);
void rpcFlush(RpcCall& call);

}  // namespace kemid::usrloc
