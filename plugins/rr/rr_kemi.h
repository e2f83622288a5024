#pragma once
// KSR.rr.*: Kamailio 5.6's rr KEMI functions, thin handlers over the logic
// with Kamailio's return codes.

#include "core/module_abi.h"

namespace kemid::rr {

KemiValue kemiRecordRoute(KemiCall& call);
KemiValue kemiRecordRouteParams(KemiCall& call);
KemiValue kemiRecordRoutePreset(KemiCall& call);
KemiValue kemiRecordRoutePresetOne(KemiCall& call);
KemiValue kemiRecordRouteAdvertisedAddress(KemiCall& call);
KemiValue kemiRemoveRecordRoute(KemiCall& call);
KemiValue kemiAddRrParam(KemiCall& call);
KemiValue kemiLooseRoute(KemiCall& call);
KemiValue kemiLooseRouteMode(KemiCall& call);
KemiValue kemiLooseRoutePreloaded(KemiCall& call);
KemiValue kemiCheckRouteParam(KemiCall& call);
KemiValue kemiIsDirection(KemiCall& call);
KemiValue kemiNextHopRoute(KemiCall& call);

}  // namespace kemid::rr
