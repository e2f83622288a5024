#pragma once
// KSR.sl.* and the RPC command sl.stats; module.cpp lists them.

#include "core/module_abi.h"

namespace kemid::sl {

KemiValue kemiSlSendReply(KemiCall& call);     // sl_send_reply(code, reason), sreply
KemiValue kemiSendReply(KemiCall& call);       // send_reply(code, reason)
KemiValue kemiSendReplyMode(KemiCall& call);   // send_reply_mode(code, reason, mode)
KemiValue kemiSlReplyError(KemiCall& call);    // sl_reply_error()
KemiValue kemiGetReplyTotag(KemiCall& call);   // get_reply_totag()
KemiValue kemiSlForwardReply(KemiCall& call);  // sl_forward_reply(code, reason)

void rpcStats(RpcCall& call);  // sl.stats

}  // namespace kemid::sl
