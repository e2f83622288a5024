#pragma once
// The rr modparams (Kamailio 5.6's names and defaults) and the module's
// state: those settings and the network that says which addresses are ours.

#include "core/module_abi.h"

namespace kemid {
class ModuleParams;
class SipNetwork;
}  // namespace kemid

namespace kemid::rr {

struct RrSettings {
  bool appendFromTag = true;  // ";ftag=" in Record-Route
  int doubleRr = 1;           // 0 never, 1 when the sockets differ, 2 always
  bool fullLr = false;        // ";lr=on" instead of ";lr"
  bool addUsername = false;   // the Request-URI's user in the Record-Route URI
  bool ignoreSips = false;    // "sip:" Record-Route even for a sips: Request-URI
};

// The settings the modparams give; warns about the ones kemid accepts but
// does not act on.
RrSettings readSettings(const ModuleParams& params);

class RrState final : public ModuleState {
 public:
  RrState(RrSettings settings, SipNetwork* network) : settings_(settings), network_(network) {}

  const RrSettings& settings() const { return settings_; }
  // Null when kemid only checks a config.
  SipNetwork* network() const { return network_; }

 private:
  RrSettings settings_;
  SipNetwork* network_;
};

}  // namespace kemid::rr
