#pragma once
// KSR.xhttp_prom.*, as Kamailio 5.6's. Each handler serves its _l0.._l3
// variants: the label values are the arguments after the fixed ones. They
// return 1 when the series was updated and -1, with an error logged, for an
// unknown metric, another kind of metric, a wrong number of label values or
// a value that is not a number.

#include "core/module_abi.h"

namespace kemid::xhttp_prom {

KemiValue kemiCounterInc(KemiCall& call);        // counter_inc_lN(name, int, labels...)
KemiValue kemiCounterReset(KemiCall& call);      // counter_reset_lN(name, labels...)
KemiValue kemiGaugeSet(KemiCall& call);          // gauge_set_lN(name, str, labels...)
KemiValue kemiGaugeReset(KemiCall& call);        // gauge_reset_lN(name, labels...)
KemiValue kemiHistogramObserve(KemiCall& call);  // histogram_observe_lN(name, str, labels...)

}  // namespace kemid::xhttp_prom
