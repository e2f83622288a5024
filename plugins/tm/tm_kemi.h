#pragma once
// The KSR.tm functions: argument handling and Kamailio's return values
// around TransactionManager. module.cpp lists them.

#include "core/module_abi.h"

namespace kemid::tm {

KemiValue kemiRelay(KemiCall& call);             // t_relay()
KemiValue kemiRelayToProto(KemiCall& call);      // t_relay_to_proto(proto)
KemiValue kemiRelayToProtoAddr(KemiCall& call);  // t_relay_to_proto_addr(proto, host, port)
KemiValue kemiOnBranch(KemiCall& call);          // t_on_branch(name)
KemiValue kemiOnReply(KemiCall& call);           // t_on_reply(name)
KemiValue kemiOnFailure(KemiCall& call);         // t_on_failure(name)
KemiValue kemiIsSet(KemiCall& call);             // t_is_set(what)
KemiValue kemiNewTran(KemiCall& call);           // t_newtran()
KemiValue kemiReply(KemiCall& call);             // t_reply(code, reason)
KemiValue kemiSendReply(KemiCall& call);         // t_send_reply(code, reason)
KemiValue kemiCheckTrans(KemiCall& call);        // t_check_trans()
KemiValue kemiLookupRequest(KemiCall& call);     // t_lookup_request()
KemiValue kemiLookupCancel(KemiCall& call);      // t_lookup_cancel()
KemiValue kemiRetransmitReply(KemiCall& call);   // t_retransmit_reply()
KemiValue kemiRelease(KemiCall& call);           // t_release()
KemiValue kemiIsCanceled(KemiCall& call);        // t_is_canceled()
KemiValue kemiBranchTimeout(KemiCall& call);     // t_branch_timeout()
KemiValue kemiBranchReplied(KemiCall& call);     // t_branch_replied()
KemiValue kemiAnyTimeout(KemiCall& call);        // t_any_timeout()
KemiValue kemiAnyReplied(KemiCall& call);        // t_any_replied()
KemiValue kemiCheckStatus(KemiCall& call);       // t_check_status(regex)
KemiValue kemiGetStatusCode(KemiCall& call);     // t_get_status_code()
KemiValue kemiGetBranchIndex(KemiCall& call);    // t_get_branch_index()
KemiValue kemiSetFr(KemiCall& call);             // t_set_fr(fr_inv_ms, fr_ms)
KemiValue kemiSetFrInv(KemiCall& call);          // t_set_fr_inv(fr_inv_ms)
KemiValue kemiResetFr(KemiCall& call);           // t_reset_fr()
KemiValue kemiSetAutoInv100(KemiCall& call);     // t_set_auto_inv_100(on)

// RPC tm.stats: Kamailio's fields, in its order.
void rpcStats(RpcCall& call);

}  // namespace kemid::tm
