#pragma once
// KSR.nathelper.* (Kamailio 5.6's 14 exports) and the module state they
// read; module.cpp lists them.

#include <memory>
#include <string>

#include "core/module_abi.h"
#include "nat_pinger.h"
#include "sdp_fixes.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::nathelper {

class NathelperState : public ModuleState {
 public:
  NathelperState(ModuleHost& host, std::string receivedAvp, SdpFixSettings sdp, bool wholeIetfBlock)
      : host_(host),
        receivedAvp_(std::move(receivedAvp)),
        sdp_(std::move(sdp)),
        wholeIetfBlock_(wholeIetfBlock) {}
  ModuleHost& host() const { return host_; }
  // modparam received_avp ("$avp(RECEIVED)"); empty when not set.
  const std::string& receivedAvp() const { return receivedAvp_; }
  const SdpFixSettings& sdp() const { return sdp_; }
  // modparam nat_addr_mode 1: 192.0.0.0/24 counts as private.
  bool wholeIetfBlock() const { return wholeIetfBlock_; }
  // The keepalive of registered contacts; null when natping_interval is 0.
  NatPinger* pinger() const { return pinger_.get(); }
  void setPinger(std::unique_ptr<NatPinger> pinger) { pinger_ = std::move(pinger); }

 private:
  ModuleHost& host_;  // to find pv for received_avp and set_alias_to_pv
  std::string receivedAvp_;
  SdpFixSettings sdp_;
  bool wholeIetfBlock_;
  std::unique_ptr<NatPinger> pinger_;
};

KemiValue kemiNatUacTest(KemiCall& call);
KemiValue kemiIsRfc1918(KemiCall& call);
KemiValue kemiFixNatedContact(KemiCall& call);
KemiValue kemiFixNatedRegister(KemiCall& call);
KemiValue kemiSetContactAlias(KemiCall& call);
KemiValue kemiSetContactAliasTrim(KemiCall& call);
KemiValue kemiAddContactAlias(KemiCall& call);
KemiValue kemiAddContactAliasAddr(KemiCall& call);
KemiValue kemiHandleRuriAlias(KemiCall& call);
KemiValue kemiHandleRuriAliasMode(KemiCall& call);
KemiValue kemiSetAliasToPv(KemiCall& call);
KemiValue kemiAddRcvParam(KemiCall& call);
KemiValue kemiFixNatedSdp(KemiCall& call);
KemiValue kemiFixNatedSdpIp(KemiCall& call);

}  // namespace kemid::nathelper
