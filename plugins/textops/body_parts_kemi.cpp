// KSR.textops.* for the parts of a multipart body (body_parts.h).

#include "body_parts.h"
#include "core/log.h"
#include "core/message_context.h"
#include "textops_kemi.h"

namespace kemid::textops {
namespace {

constexpr Logger kLog{"textops"};
constexpr std::int64_t kYes = 1;
constexpr std::int64_t kNo = -1;

// 1 with the part stored in opv, -1 when there is no such part or opv
// cannot be set.
KemiValue getPart(KemiCall& call, bool raw, std::string_view function) {
  SipMessage* message = messageOf(call);
  auto text = message != nullptr ? bodyPartText(*message, call.strArg(0), raw) : std::nullopt;
  if (!text) return kNo;
  const auto* module = static_cast<const TextopsModule*>(call.state);
  return module->setVariable(call.context, function, call.strArg(1), std::move(*text)) ? kYes : kNo;
}

KemiValue appendPart(KemiCall& call, std::string_view content, std::string_view disposition) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  EditOutcome result = appendBodyPart(*message, content, call.strArg(1), disposition);
  if (result == EditOutcome::Refused) {
    kLog.warn("append_body_part: the body has an overlapping pending change; part left out");
  }
  return result == EditOutcome::Done ? kYes : kNo;
}

KemiValue appendHexPart(KemiCall& call, std::string_view disposition) {
  auto content = decodeHexContent(call.strArg(0));
  if (!content) {
    kLog.err("append_body_part_hex: not pairs of hex digits: ", call.strArg(0));
    return kNo;
  }
  return appendPart(call, *content, disposition);
}

KemiValue outcome(EditOutcome result, std::string_view function) {
  if (result == EditOutcome::Refused) {
    kLog.warn(function, ": the body or Content-Type was changed before; left as it was");
  }
  return result == EditOutcome::Done ? kYes : kNo;
}

KemiValue setMultipart(KemiCall& call, std::string_view content, std::string_view type,
                       std::string_view boundary) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  return outcome(setMultipartBody(*message, content, type, boundary), "set_body_multipart");
}

KemiValue convert(KemiCall& call, std::string_view boundary) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  return outcome(convertToMultipart(*message, boundary), "set_body_multipart");
}

}  // namespace

KemiValue kemiSetBodyMultipart(KemiCall& call) {
  return setMultipart(call, call.strArg(0), call.strArg(1), call.strArg(2));
}

KemiValue kemiSetBodyMultipartContent(KemiCall& call) {
  return setMultipart(call, call.strArg(0), call.strArg(1), kDefaultBoundary);
}

KemiValue kemiSetBodyMultipartBoundary(KemiCall& call) {
  return convert(call, call.strArg(0));
}

KemiValue kemiSetBodyMultipartMode(KemiCall& call) {
  return convert(call, kDefaultBoundary);
}

KemiValue kemiGetBodyPart(KemiCall& call) {
  return getPart(call, false, "get_body_part");
}

KemiValue kemiGetBodyPartRaw(KemiCall& call) {
  return getPart(call, true, "get_body_part_raw");
}

KemiValue kemiRemoveBodyPart(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  EditOutcome result = removeBodyPart(*message, call.strArg(0));
  if (result == EditOutcome::Refused) {
    kLog.warn("remove_body_part: the part has an overlapping pending change; left as it was");
  }
  return result == EditOutcome::Done ? kYes : kNo;
}

KemiValue kemiAppendBodyPart(KemiCall& call) {
  return appendPart(call, call.strArg(0), {});
}

KemiValue kemiAppendBodyPartCd(KemiCall& call) {
  return appendPart(call, call.strArg(0), call.strArg(2));
}

KemiValue kemiAppendBodyPartHex(KemiCall& call) {
  return appendHexPart(call, {});
}

KemiValue kemiAppendBodyPartHexCd(KemiCall& call) {
  return appendHexPart(call, call.strArg(2));
}

}  // namespace kemid::textops
