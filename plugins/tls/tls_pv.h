#pragma once
// The $tls_* pseudo-variables, provided to pv as bare names.

#include "pv/pv_api.h"

namespace kemid::tls {

class TlsModule;

// False when pv refuses one of the names.
bool providePseudoVariables(pv::PvApi& pv, TlsModule& module);

}  // namespace kemid::tls
