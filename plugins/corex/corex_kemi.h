#pragma once
// KSR.corex.*: checks on the message, extended flags, files and sockets;
// module.cpp lists them.

#include "core/module_abi.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::corex {

// The host, for the network (send_data, sendx).
class CorexModule final : public ModuleState {
 public:
  explicit CorexModule(ModuleHost& host) : host_(host) {}
  ModuleHost& host() const { return host_; }

 private:
  ModuleHost& host_;
};

KemiValue kemiHasRuriUser(KemiCall& call);   // has_ruri_user()
KemiValue kemiHasUserAgent(KemiCall& call);  // has_user_agent()
KemiValue kemiIsFakedMsg(KemiCall& call);    // is_faked_msg()
KemiValue kemiSetXflag(KemiCall& call);      // setxflag(i)
KemiValue kemiResetXflag(KemiCall& call);    // resetxflag(i)
KemiValue kemiIsXflagSet(KemiCall& call);    // isxflagset(i)
KemiValue kemiIsSocketName(KemiCall& call);  // is_socket_name(name)
KemiValue kemiSetSocket(KemiCall& call);     // set_send_socket(s), set_recv_socket(s), *_name(s)
KemiValue kemiViaOption(KemiCall& call);     // via_add_srvid(i), via_add_xavp_params(i), ...
KemiValue kemiFileRead(KemiCall& call);      // file_read(path)
KemiValue kemiFileWrite(KemiCall& call);     // file_write(path, content)

// branch_kemi.cpp: the destination set.
KemiValue kemiAppendBranch(KemiCall& call);      // append_branch()
KemiValue kemiAppendBranchUri(KemiCall& call);   // append_branch_uri(uri)
KemiValue kemiAppendBranchUriQ(KemiCall& call);  // append_branch_uri_q(uri, q)

// source_kemi.cpp
KemiValue kemiSetSourceAddress(KemiCall& call);  // set_source_address(addr)

// send_kemi.cpp: data sent outside SIP processing.
KemiValue kemiSendData(KemiCall& call);  // send_data(uri, data)
KemiValue kemiSendx(KemiCall& call);     // sendx(uri, socket, data)

}  // namespace kemid::corex
