#pragma once
// What rr remembers about the message being routed, in a message slot: the
// Record-Route fields it added (so that add_rr_param and
// remove_record_route can change them until the message is sent), the
// parameters waiting for the next record_route, and what loose_route found.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kemid {
struct MessageContext;
class SipMessage;
}  // namespace kemid

namespace kemid::rr {

enum class Direction { Downstream, Upstream };

struct MessageState {
  // The message the Record-Routes below were inserted into: tm's branch
  // route works on a copy of the request, which gets its own state.
  const SipMessage* message = nullptr;
  // record_route* succeeded outside a branch route: a second one fails
  // (Kamailio's FL_RR_ADDED).
  bool recordRouted = false;
  // Values of the Record-Route fields inserted, as pending now.
  std::vector<std::string> recordRoutes;
  // How many Record-Routes Kamailio would count for add_rr_param: with
  // enable_double_rr, record_route prepares an outbound one even when it
  // is not sent.
  std::size_t preparedRecordRoutes = 0;
  // add_rr_param before any Record-Route: for the next record_route.
  std::string pendingParams;

  // loose_route removed this proxy's Route and took the next hop from the
  // Route after it (next_hop_route).
  bool nextHopFromRoute = false;
  // After routing for a strict router: the Request-URI's parameters, which
  // check_route_param and is_direction read instead of a Route's.
  std::optional<std::string> strictRoutedParams;
  // is_direction's answer, kept for the message as Kamailio does.
  std::optional<Direction> direction;
};

// The message's state, created on first use; for a copy of a message (a
// branch route's), a copy of the original's.
MessageState& messageState(const MessageContext& ctx);

}  // namespace kemid::rr
