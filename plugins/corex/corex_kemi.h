#pragma once
// KSR.corex.*: checks on the message, extended flags, files and sockets;
// module.cpp lists them.

#include "core/module_abi.h"

namespace kemid::corex {

KemiValue kemiHasRuriUser(KemiCall& call);   // has_ruri_user()
KemiValue kemiHasUserAgent(KemiCall& call);  // has_user_agent()
KemiValue kemiIsFakedMsg(KemiCall& call);    // is_faked_msg()
KemiValue kemiSetXflag(KemiCall& call);      // setxflag(i)
KemiValue kemiResetXflag(KemiCall& call);    // resetxflag(i)
KemiValue kemiIsXflagSet(KemiCall& call);    // isxflagset(i)
KemiValue kemiIsSocketName(KemiCall& call);  // is_socket_name(name)
KemiValue kemiSetSocket(KemiCall& call);     // set_send_socket(s), set_recv_socket(s)
KemiValue kemiFileRead(KemiCall& call);      // file_read(path)
KemiValue kemiFileWrite(KemiCall& call);     // file_write(path, content)

// branch_kemi.cpp: the destination set.
KemiValue kemiAppendBranch(KemiCall& call);      // append_branch()
KemiValue kemiAppendBranchUri(KemiCall& call);   // append_branch_uri(uri)
KemiValue kemiAppendBranchUriQ(KemiCall& call);  // append_branch_uri_q(uri, q)

}  // namespace kemid::corex
