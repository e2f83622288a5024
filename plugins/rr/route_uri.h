#pragma once
// What rr reads from the URIs of Route, Record-Route and the Request-URI:
// their parameters as written, the loose-router
// mark (RFC 3261 §19.1.1 "lr"), rr's own double Record-Route mark ("r2"),
// maddr, and whether a URI is this proxy's.

#include <optional>
#include <string>
#include <string_view>

#include "sip/sip_uri.h"

namespace kemid {
class SipNetwork;
}

namespace kemid::rr {

// The parameters of a sip: URI as written, after the first ';' of the
// host part and up to its headers: "lr;ftag=a" for "sip:h;lr;ftag=a?x=y".
std::string_view uriParamsText(std::string_view uri);

// The user part as written ("" when there is none).
std::string_view uriUserText(std::string_view uri);

// A next hop marked as a loose router (";lr", with or without a value).
bool isLooseRouter(const SipUri& uri);

// One of a pair of Record-Routes rr wrote when it changed sockets (";r2=on").
bool isDoubleRecordRoute(const SipUri& uri);

// Where a URI with a maddr parameter sends to ("sip:maddr[:port]"),
// otherwise the URI as written.
std::string maddrTarget(std::string_view uri, const SipUri& parsed);

// The URI names this proxy: one of its addresses, with the port given or
// the scheme's default.
bool isMyself(const SipUri& uri, const SipNetwork* network);

}  // namespace kemid::rr
