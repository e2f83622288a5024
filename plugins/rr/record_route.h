#pragma once
// Record-Route (RFC 3261 §16.6 step 4): the fields rr adds to a request,
// written as Kamailio's rr writes them, first among the header fields, and
// pending until the request is sent.

#include <string_view>

#include "rr_settings.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::rr {

enum class RecordRouteResult {
  Added,
  AlreadyAdded,  // this message was record-routed before
  Failed,
};

// "<sip:ADDRESS;lr;ftag=TAG PARAMS>" for the socket the request came in on
// and, when enable_double_rr says so, first another for the socket it
// leaves from, both with ";r2=on". `params` (";name=value...") and those
// add_rr_param kept go at the end.
RecordRouteResult recordRoute(MessageContext& ctx, const RrState& rr, std::string_view params);

// "<sip:ADDRESS;ftag=TAG PARAMS;lr>" with ADDRESS as given, and a second
// field for `second` unless it is empty (refused when enable_double_rr is
// 0); PARAMS are those add_rr_param kept.
RecordRouteResult recordRoutePreset(MessageContext& ctx, const RrState& rr, std::string_view first,
                                    std::string_view second);

// As recordRoute, with ADDRESS as given in place of the socket's and the
// ftag before ";lr".
RecordRouteResult recordRouteAdvertised(MessageContext& ctx, const RrState& rr,
                                        std::string_view address);

// Appends `param` (";name=value") to the Record-Route fields rr added, or
// keeps it for the next one. False when that fails, and, as in Kamailio,
// when double record-routing is on and only one preset field was added
// (the parameter is added all the same).
bool addRrParam(MessageContext& ctx, const RrSettings& settings, std::string_view param);

// Withdraws every Record-Route field rr added to this message.
void removeRecordRoute(MessageContext& ctx);

}  // namespace kemid::rr
