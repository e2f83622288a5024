#pragma once
// The routing script interface: `cfgengine "lua"` selects the engine that
// app_lua registers. The core and tm call it; it never calls back into the
// transport directly.

#include <string_view>

#include "core/message_context.h"
#include "core/module_abi.h"

namespace kemid {

enum class RouteOutcome {
  Completed,  // the function returned (or called KSR.x.exit())
  Missing,    // no function of that name in the script
  Failed,     // a script error; logged with file and line by the engine
};

class RouteEngine {
 public:
  virtual ~RouteEngine() = default;

  // Runs the script function `name` (ksr_request_route, a t_on_failure
  // target, ...) for `ctx` in the calling thread's own interpreter state,
  // which the engine creates on first use and reloads when asked to.
  virtual RouteOutcome run(std::string_view name, MessageContext& ctx) = 0;

  // Runs `name` with the one string argument `eventName`: a module's event
  // callback (modparam event_callback), which Kamailio calls with the
  // event's name ("htable:mod-init", "dispatcher:dst-down"). Unlike run, a
  // missing function is logged as an error: the config named it.
  virtual RouteOutcome runEvent(std::string_view name, std::string_view eventName,
                                MessageContext& ctx) = 0;

  // Whether the loaded script defines `name` (e.g. ksr_reply_route).
  virtual bool defines(std::string_view name) = 0;

  // Schedules a reload of the script (SIGHUP, app_lua.reload): refused, with
  // the script's error, when the new script does not compile; the old one
  // then keeps running. Each thread switches before its next message.
  virtual HookResult reload() = 0;

  // The proxy is stopping: a callback still running a while from now (a
  // script stuck in a loop) is ended with an error, so that the workers can
  // be joined. Callbacks that finish normally are not affected.
  virtual void interrupt() = 0;
};

}  // namespace kemid
