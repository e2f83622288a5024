#pragma once
// Routing by the Route set (RFC 3261 §16.4, §16.12): this proxy's own Route
// entries are removed, the next one becomes the destination ($du) or, for a
// strict router, the Request-URI; a request a strict router sent us (our
// URI in the Request-URI) is turned back into the loose form.

#include <cstdint>

#include "rr_settings.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::rr {

// Kamailio's return codes. 2 and -2 belong to outbound's flow tokens,
// which kemid does not have.
enum class LooseRouteResult : std::int64_t {
  Routed = 1,      // the next hop comes from the Route set
  NotRouted = -1,  // no Route, or an error
  Preloaded = -3,  // an initial request whose only Route was ours (removed)
};

// loose_route_mode's mode bits.
inline constexpr std::int64_t kLooseOnly = 1;  // never handle a strict router's request

LooseRouteResult looseRoute(MessageContext& ctx, const RrState& rr, std::int64_t mode);

}  // namespace kemid::rr
