#pragma once
// The KEMI functions of the core: KSR.<name> (logging, method and transport
// tests, flags, Request-URI and destination, locality; sending and
// transports in core_kemi_send.cpp), KSR.hdr.<name> (core_kemi_hdr.cpp) and
// KSR.pv.<name> when pv.so is not loaded (core_kemi_pv.cpp).
// Each behaves as Kamailio 5.6's function of the same name.

#include <span>

#include "core/module_abi.h"

namespace kemid {

class SipNetwork;

// What the core functions need besides the message: the sockets and
// aliases for the is_myself family.
class CoreKemiState : public ModuleState {
 public:
  explicit CoreKemiState(SipNetwork* network) : network_(network) {}
  SipNetwork* network() const { return network_; }

 private:
  SipNetwork* network_;
};

std::span<const KemiFunctionDef> coreKemiFunctions();  // module "" (KSR.<name>)
std::span<const KemiFunctionDef> hdrKemiFunctions();   // module "hdr"
// Module "pv" when pv.so is not loaded (core_kemi_pv.cpp).
std::span<const KemiFunctionDef> pvWithoutModuleKemiFunctions();

}  // namespace kemid
