#pragma once
// The parameters of this proxy's Route entry (what its Record-Route
// carried, RFC 3261 §12.1.1): check_route_param, is_direction and the
// ftag-based direction record_route needs.

#include <optional>
#include <string>
#include <string_view>

#include "message_state.h"

namespace kemid {
struct MessageContext;
class SipNetwork;
}  // namespace kemid

namespace kemid::rr {

// The parameters of the top Route as received, ";" included
// (";lr;ftag=a"), when that Route is this proxy's; after loose_route
// handled a strict router, the Request-URI's ("lr;ftag=a"). nullopt when
// there are none.
std::optional<std::string> routedParams(const MessageContext& ctx, const SipNetwork* network);

// The value of parameter `name` in `params` ("" for a parameter without
// one); nullopt when absent. Names compare case-sensitively, as Kamailio's.
std::optional<std::string> paramValue(std::string_view params, std::string_view name);

enum class ParamCheck { Matches, NoMatch, BadExpression };

// Whether the routed parameters match the POSIX extended regular
// expression `expression` (case-insensitive).
ParamCheck checkRouteParam(const MessageContext& ctx, const SipNetwork* network,
                           std::string_view expression);

// Downstream when the Route's ftag is the From tag (or either is missing),
// upstream otherwise; the first answer for a message is kept.
Direction direction(const MessageContext& ctx, const SipNetwork* network);

}  // namespace kemid::rr
