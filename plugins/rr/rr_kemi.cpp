#include "rr_kemi.h"

#include <cstdint>

#include "core/log.h"
#include "core/message_context.h"
#include "loose_route.h"
#include "message_state.h"
#include "record_route.h"
#include "route_params.h"
#include "rr_settings.h"
#include "sip/ascii.h"

namespace kemid::rr {

namespace {

constexpr Logger kLog{"rr"};
constexpr KemiValue kOk = std::int64_t{1};
constexpr KemiValue kFailed = std::int64_t{-1};
// Kamailio's E_CFG: is_direction without append_fromtag or with an unknown
// direction.
constexpr KemiValue kConfigError = std::int64_t{-6};

// The module state and a message to work on, or null.
const RrState* usable(const KemiCall& call) {
  if (call.context == nullptr || call.context->message == nullptr) return nullptr;
  return static_cast<const RrState*>(call.state);
}

KemiValue toKemi(RecordRouteResult result) {
  return result == RecordRouteResult::Added ? kOk : kFailed;
}

KemiValue looseRouteWith(KemiCall& call, std::int64_t mode) {
  const RrState* rr = usable(call);
  if (rr == nullptr) return kFailed;
  return static_cast<std::int64_t>(looseRoute(*call.context, *rr, mode));
}

}  // namespace

KemiValue kemiRecordRoute(KemiCall& call) {
  const RrState* rr = usable(call);
  return rr == nullptr ? kFailed : toKemi(recordRoute(*call.context, *rr, {}));
}

KemiValue kemiRecordRouteParams(KemiCall& call) {
  const RrState* rr = usable(call);
  return rr == nullptr ? kFailed : toKemi(recordRoute(*call.context, *rr, call.strArg(0)));
}

KemiValue kemiRecordRoutePreset(KemiCall& call) {
  const RrState* rr = usable(call);
  if (rr == nullptr) return kFailed;
  return toKemi(recordRoutePreset(*call.context, *rr, call.strArg(0), call.strArg(1)));
}

KemiValue kemiRecordRoutePresetOne(KemiCall& call) {
  const RrState* rr = usable(call);
  if (rr == nullptr) return kFailed;
  return toKemi(recordRoutePreset(*call.context, *rr, call.strArg(0), {}));
}

KemiValue kemiRecordRouteAdvertisedAddress(KemiCall& call) {
  const RrState* rr = usable(call);
  return rr == nullptr ? kFailed
                       : toKemi(recordRouteAdvertised(*call.context, *rr, call.strArg(0)));
}

KemiValue kemiRemoveRecordRoute(KemiCall& call) {
  if (usable(call) != nullptr) removeRecordRoute(*call.context);
  return kOk;
}

KemiValue kemiAddRrParam(KemiCall& call) {
  const RrState* rr = usable(call);
  if (rr == nullptr) return kFailed;
  return addRrParam(*call.context, rr->settings(), call.strArg(0)) ? kOk : kFailed;
}

// KSR.rr.loose_route is mode 0: strict routers handled too.
KemiValue kemiLooseRoute(KemiCall& call) {
  return looseRouteWith(call, 0);
}

KemiValue kemiLooseRouteMode(KemiCall& call) {
  return looseRouteWith(call, call.intArg(0));
}

KemiValue kemiLooseRoutePreloaded(KemiCall& call) {
  const RrState* rr = usable(call);
  if (rr == nullptr) return kFailed;
  return looseRoute(*call.context, *rr, 0) == LooseRouteResult::Preloaded ? kOk : kFailed;
}

KemiValue kemiCheckRouteParam(KemiCall& call) {
  const RrState* rr = usable(call);
  if (rr == nullptr) return kFailed;
  switch (checkRouteParam(*call.context, rr->network(), call.strArg(0))) {
    case ParamCheck::Matches:
      return kOk;
    case ParamCheck::BadExpression:
      kLog.err("bad re ", call.strArg(0));
      return kFailed;
    case ParamCheck::NoMatch:
      break;
  }
  return kFailed;
}

KemiValue kemiIsDirection(KemiCall& call) {
  const RrState* rr = usable(call);
  if (rr == nullptr) return kFailed;
  if (!rr->settings().appendFromTag) {
    kLog.err("usage of \"is_direction\" function requires parameter \"append_fromtag\" enabled!!");
    return kConfigError;
  }
  std::string_view name = call.strArg(0);
  Direction wanted;
  if (sip::iequals(name, "downstream")) {
    wanted = Direction::Downstream;
  } else if (sip::iequals(name, "upstream")) {
    wanted = Direction::Upstream;
  } else {
    kLog.err("unknown direction '", name, "' - use 'downstream' or 'upstream'");
    return kConfigError;
  }
  return direction(*call.context, rr->network()) == wanted ? kOk : kFailed;
}

KemiValue kemiNextHopRoute(KemiCall& call) {
  if (usable(call) == nullptr) return kFailed;
  return messageState(*call.context).nextHopFromRoute ? kOk : kFailed;
}

}  // namespace kemid::rr
