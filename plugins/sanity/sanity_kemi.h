#pragma once
// KSR.sanity.* (Kamailio 5.6: sanity_check, sanity_check_defaults,
// sanity_reply) and the module state they read; module.cpp lists them.

#include "core/module_abi.h"
#include "sanity_checks.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::sanity {

struct SanitySettings {
  SanityOptions defaults;  // modparams default_checks, uri_checks, proxy_require
  bool noReply = false;    // modparam noreply: keep the reply for sanity_reply()
};

class SanityState : public ModuleState {
 public:
  SanityState(ModuleHost& host, SanitySettings settings)
      : host_(host), settings_(std::move(settings)) {}
  ModuleHost& host() const { return host_; }
  const SanitySettings& settings() const { return settings_; }

 private:
  ModuleHost& host_;  // to find sl when replying
  SanitySettings settings_;
};

KemiValue kemiSanityCheck(KemiCall& call);          // sanity_check(msg_checks, uri_checks)
KemiValue kemiSanityCheckDefaults(KemiCall& call);  // sanity_check_defaults()
// sanity_reply(): with noreply, sends the reply of the check that failed
// (500 "Server Sanity Failure" when none did), at each call; without
// noreply it only returns 1.
KemiValue kemiSanityReply(KemiCall& call);

}  // namespace kemid::sanity
