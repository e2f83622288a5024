#pragma once
// Kamailio's event callbacks: a module with modparam event_callback runs
// that script function with the event's name as its argument
// ("htable:mod-init", "dispatcher:dst-down"). There is no SIP message then,
// so the callback runs over a made-up request, Kamailio's faked message:
// OPTIONS sip:you@kamailio.org from 127.0.0.1:5060, Call-ID 123, so that
// KSR.pv.get("$ru") and the like answer as they do in Kamailio.

#include <string_view>

#include "core/route_engine.h"

namespace kemid {

class ModuleHost;

// Runs `function` for `eventName` in the calling thread (any thread: a
// worker, a module's timer, the start hook). Missing when no routing engine
// is set yet or the script lacks the function (logged as an error).
RouteOutcome runEventCallback(ModuleHost& host, std::string_view function,
                              std::string_view eventName);
// The same with `requestUri` as the made-up request's R-URI, as Kamailio
// sets it for some events (dispatcher's: the destination's URI).
RouteOutcome runEventCallback(ModuleHost& host, std::string_view function,
                              std::string_view eventName, std::string_view requestUri);

}  // namespace kemid
