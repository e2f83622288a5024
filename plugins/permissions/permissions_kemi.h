#pragma once
// KSR.permissions.* and the permissions.* RPC commands.

#include "core/module_abi.h"

namespace kemid::permissions {

KemiValue kemiAllowSourceAddress(KemiCall& call);
KemiValue kemiAllowSourceAddressGroup(KemiCall& call);
KemiValue kemiAllowAddress(KemiCall& call);
KemiValue kemiAllowAddressGroup(KemiCall& call);
KemiValue kemiAllowTrusted(KemiCall& call);

void rpcAddressReload(RpcCall& call);
void rpcAddressDump(RpcCall& call);
void rpcSubnetDump(RpcCall& call);
void rpcDomainDump(RpcCall& call);
void rpcTrustedReload(RpcCall& call);
void rpcTrustedDump(RpcCall& call);

}  // namespace kemid::permissions
