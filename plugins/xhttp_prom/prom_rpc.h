#pragma once
// xhttp_prom.* RPC commands: params [name, number, labels...]
// or [name, labels...]. Missing or mistyped params answer fault 400, an
// update the metrics refuse (unknown metric, wrong label count) fault 500
// "Failed to add 1 to counter: nosuch", with Kamailio's texts.

#include "core/module_abi.h"

namespace kemid::xhttp_prom {

void rpcCounterInc(RpcCall& call);        // xhttp_prom.counter_inc
void rpcCounterReset(RpcCall& call);      // xhttp_prom.counter_reset
void rpcGaugeSet(RpcCall& call);          // xhttp_prom.gauge_set
void rpcGaugeReset(RpcCall& call);        // xhttp_prom.gauge_reset
void rpcHistogramObserve(RpcCall& call);  // xhttp_prom.histogram_observe
void rpcMetricListPrint(RpcCall& call);   // xhttp_prom.metric_list_print

}  // namespace kemid::xhttp_prom
