#include "core/event_route.h"

#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "sip/sip_message.h"

namespace kemid {

namespace {

// The same text as Kamailio's (184 bytes: $ml in its event routes).
constexpr std::string_view kFakedRequest =
    "OPTIONS sip:you@kamailio.org SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1\r\n"
    "From: <sip:you@kamailio.org>;tag=123\r\n"
    "To: <sip:you@kamailio.org>\r\n"
    "Call-ID: 123\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

constexpr Logger kLog{"core"};

}  // namespace

RouteOutcome runEventCallback(ModuleHost& host, std::string_view function,
                              std::string_view eventName) {
  return runEventCallback(host, function, eventName, {});
}

RouteOutcome runEventCallback(ModuleHost& host, std::string_view function,
                              std::string_view eventName, std::string_view requestUri) {
  RouteEngine* routing = host.routing();
  if (routing == nullptr) return RouteOutcome::Missing;
  std::string error;
  auto request = SipMessage::parse(kFakedRequest, error);
  if (!request) {  // a constant: cannot happen unless the parser changed
    kLog.err("cannot build the request for event ", eventName, ": ", error);
    return RouteOutcome::Failed;
  }
  if (!requestUri.empty() && !request->setRequestUri(requestUri)) {
    kLog.err("bad request URI for event ", eventName, ": ", requestUri);
  }
  MessageContext ctx;
  ctx.message = request.get();
  ctx.routeType = RouteType::Event;
  ctx.received.source = Endpoint{"127.0.0.1", 5060};
  ctx.received.socketIndex = -1;  // received on no socket
  return routing->runEvent(function, eventName, ctx);
}

}  // namespace kemid
