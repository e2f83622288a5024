#include "textopsx_kemi.h"

#include <fnmatch.h>

#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "kept_headers.h"
#include "sip/sip_message.h"
#include "textops/posix_regex.h"

namespace kemid::textopsx {
namespace {

constexpr Logger kLog{"textopsx"};
constexpr std::int64_t kYes = 1;
constexpr std::int64_t kNo = -1;

SipMessage* messageOf(KemiCall& call) {
  return call.context != nullptr ? call.context->message : nullptr;
}

void warnRefused(const KeepOutcome& outcome, std::string_view function) {
  if (outcome.refused > 0) {
    kLog.warn(function, ": ", outcome.refused, " header(s) were removed or edited before");
  }
}

// Kamailio's KEMI fnmatch answers 0 for a match (the C function's result).
KemiValue fnmatchResult(std::string_view value, std::string_view pattern) {
  const std::string v(value);
  const std::string p(pattern);
  return ::fnmatch(p.c_str(), v.c_str(), 0) == 0 ? std::int64_t{0} : kNo;
}

}  // namespace

KemiValue kemiMsgApplyChanges(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  // Kamailio: request_route and the core reply route only; tm's routes
  // work on a transaction's copy, made already.
  if (call.context->routeType != RouteType::Request &&
      call.context->routeType != RouteType::Reply) {
    kLog.err("msg_apply_changes: invalid usage - not in request route or core reply route");
    return kNo;
  }
  if (!message->applyChanges()) {
    kLog.err("msg_apply_changes: the changed message does not parse; changes kept pending");
    return kNo;
  }
  return kYes;
}

KemiValue kemiRemoveBody(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  if (!message->replaceBody({})) {
    kLog.warn("remove_body: the body was changed before; left as it was");
    return kNo;
  }
  return kYes;
}

KemiValue kemiKeepHf(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  warnRefused(keepHeaders(*message, {}), "keep_hf");
  return kNo;  // what Kamailio 5.6 answers, the headers removed all the same
}

KemiValue kemiKeepHfRe(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  std::string error;
  auto regex = textops::PosixRegex::compile(call.strArg(0), textops::kTextopsFlags, error);
  if (!regex) {
    kLog.err("keep_hf_re: bad regular expression '", call.strArg(0), "': ", error);
    return kNo;
  }
  warnRefused(keepHeaders(*message, [&](std::string_view name) { return regex->matches(name); }),
              "keep_hf_re");
  return kNo;  // what Kamailio 5.6 answers, the headers removed all the same
}

KemiValue kemiFnmatch(KemiCall& call) {
  return fnmatchResult(call.strArg(0), call.strArg(1));
}

KemiValue kemiFnmatchEx(KemiCall& call) {
  // Kamailio 5.6 accepts the flags but its KEMI variant matches case
  // sensitively whatever they say; kemid does the same.
  return fnmatchResult(call.strArg(0), call.strArg(1));
}

}  // namespace kemid::textopsx
