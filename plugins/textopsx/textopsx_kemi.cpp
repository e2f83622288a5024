#include "textopsx_kemi.h"

#include <fnmatch.h>

#include <optional>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/message_context.h"
#include "cursors.h"
#include "header_value_edits.h"
#include "header_values.h"
#include "kept_headers.h"
#include "sip/sip_message.h"
#include "textops/posix_regex.h"

namespace kemid::textopsx {
namespace {

constexpr Logger kLog{"textopsx"};
constexpr std::int64_t kYes = 1;
constexpr std::int64_t kNo = -1;

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

enum class Kind { Header, BodyLine };

Cursors& cursorsOf(KemiCall& call, Kind kind) {
  return kind == Kind::Header ? headerCursors(*call.context) : bodyLineCursors(*call.context);
}

std::vector<MessageItem> itemsOf(const SipMessage& message, Kind kind) {
  return kind == Kind::Header ? headerFields(message) : bodyLines(message);
}

// The item iterator `name` (the call's first argument) is at, or nullopt.
std::optional<MessageItem> currentItem(KemiCall& call, Kind kind) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return std::nullopt;
  auto index = cursorsOf(call, kind).index(call.strArg(0));
  if (!index) return std::nullopt;
  auto items = itemsOf(*message, kind);
  if (*index >= items.size()) return std::nullopt;
  return std::move(items[*index]);
}

KemiValue startIterator(KemiCall& call, Kind kind) {
  if (call.context == nullptr) return kNo;
  if (!cursorsOf(call, kind).start(call.strArg(0))) {
    kLog.err("no iterator left for [", call.strArg(0), "] (", kMaxIterators, " at most)");
    return kNo;
  }
  return kYes;
}

KemiValue endIterator(KemiCall& call, Kind kind) {
  if (call.context == nullptr) return kNo;
  if (!cursorsOf(call, kind).end(call.strArg(0), kind == Kind::BodyLine)) {
    kLog.err("iterator not available [", call.strArg(0), "]");
    return kNo;
  }
  return kYes;
}

KemiValue nextItem(KemiCall& call, Kind kind) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  return cursorsOf(call, kind).next(call.strArg(0), itemsOf(*message, kind).size()) ? kYes : kNo;
}

// rm / append / insert: an edit at the current item.
KemiValue editAtCurrent(KemiCall& call, Kind kind, bool remove, bool after) {
  auto item = currentItem(call, kind);
  if (!item) return kNo;
  const std::size_t offset = remove || !after ? item->offset : item->offset + item->length;
  const std::size_t length = remove ? item->length : 0;
  const std::string text = remove ? std::string() : std::string(call.strArg(1));
  if (!messageOf(call)->editText(offset, length, text)) {
    kLog.warn("iterator [", call.strArg(0), "]: its item was removed or edited before");
    return kNo;
  }
  return kYes;
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

// msg_set_buffer(text): the message becomes `text`, parsed anew; -1 for an
// empty text or one that does not parse (Kamailio 5.6 answers 0 then and
// keeps a message it cannot read; kemid keeps the one it had).
KemiValue kemiMsgSetBuffer(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr || call.strArg(0).empty()) return kNo;
  if (!message->replaceText(call.strArg(0))) {
    kLog.err("msg_set_buffer: the new text does not parse; the message is left as it was");
    return kNo;
  }
  return kYes;
}

// The status line of a reply being routed, rewritten when it is relayed:
// the code, and the reason unless `reason` is null. Kamailio refuses to
// move a provisional or 2xx reply to another class, or another reply into
// those classes.
KemiValue changeReplyStatus(KemiCall& call, std::int64_t code,
                            std::optional<std::string_view> reason) {
  SipMessage* message = messageOf(call);
  if (message == nullptr || message->isRequest() ||
      (call.context->routeType != RouteType::OnReply &&
       call.context->routeType != RouteType::Reply)) {
    kLog.err("change_reply_status: only for replies, in an onreply route");
    return kNo;
  }
  const std::int64_t old = message->statusCode();
  if (code < 100 || code > 699) {
    kLog.err("change_reply_status: invalid code ", code);
    return kNo;
  }
  if ((code / 100 <= 2 || old / 100 <= 2) && code / 100 != old / 100) {
    kLog.err("the class of provisional or positive final replies cannot be changed");
    return kNo;
  }
  if (reason && reason->find_first_of("\r\n") != std::string_view::npos) {
    kLog.err("change_reply_status: invalid reason parameter");
    return kNo;
  }
  // "SIP/2.0 486 Busy Here": the code after the first space, the reason
  // after the next one, up to the line end.
  const std::string text = message->receivedText();
  const std::size_t codeAt = text.find(' ') + 1;
  const std::size_t reasonAt = codeAt + 4;
  const std::size_t lineEnd = text.find_first_of("\r\n", codeAt);
  if (codeAt == 0 || lineEnd == std::string::npos || reasonAt > lineEnd) return kNo;
  const bool done = reason ? message->editText(codeAt, lineEnd - codeAt,
                                               std::to_string(code) + " " + std::string(*reason))
                           : message->editText(codeAt, 3, std::to_string(code));
  if (!done) {
    kLog.warn("change_reply_status: the status line was changed before; left as it was");
    return kNo;
  }
  return kYes;
}

KemiValue kemiChangeReplyStatus(KemiCall& call) {
  return changeReplyStatus(call, call.intArg(0), call.strArg(1));
}

KemiValue kemiChangeReplyStatusCode(KemiCall& call) {
  return changeReplyStatus(call, call.intArg(0), std::nullopt);
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

KemiValue kemiHfIteratorStart(KemiCall& call) {
  return startIterator(call, Kind::Header);
}

KemiValue kemiHfIteratorEnd(KemiCall& call) {
  return endIterator(call, Kind::Header);
}

KemiValue kemiHfIteratorNext(KemiCall& call) {
  return nextItem(call, Kind::Header);
}

KemiValue kemiHfIteratorPrev(KemiCall& call) {
  if (call.context == nullptr) return kNo;
  return headerCursors(*call.context).prev(call.strArg(0)) ? kYes : kNo;
}

KemiValue kemiHfIteratorHname(KemiCall& call) {
  auto field = currentItem(call, Kind::Header);
  if (!field) return std::monostate{};
  return std::move(field->name);
}

KemiValue kemiHfIteratorHbody(KemiCall& call) {
  auto field = currentItem(call, Kind::Header);
  if (!field) return std::monostate{};
  return std::move(field->value);
}

KemiValue kemiHfIteratorRm(KemiCall& call) {
  return editAtCurrent(call, Kind::Header, true, false);
}

KemiValue kemiHfIteratorAppend(KemiCall& call) {
  return editAtCurrent(call, Kind::Header, false, true);
}

KemiValue kemiHfIteratorInsert(KemiCall& call) {
  return editAtCurrent(call, Kind::Header, false, false);
}

KemiValue kemiHfValueExists(KemiCall& call) {
  SipMessage* message = messageOf(call);
  return message != nullptr && hasHeaderValue(*message, call.strArg(0), call.strArg(1)) ? kYes
                                                                                        : kNo;
}

KemiValue valueEdit(ValueEdit result, std::string_view function) {
  if (result == ValueEdit::Refused) {
    kLog.warn(function, ": a change overlaps an earlier pending change and was left out");
    return kNo;
  }
  return kYes;  // Kamailio 5.6: 1 also when there was nothing to do
}

KemiValue kemiIncludeHfValue(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  return valueEdit(includeHeaderValue(*message, call.strArg(0), call.strArg(1)),
                   "include_hf_value");
}

KemiValue kemiExcludeHfValue(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  return valueEdit(excludeHeaderValue(*message, call.strArg(0), call.strArg(1)),
                   "exclude_hf_value");
}

// The *_hf_value(2) edits: -1 for a selector that does not parse (logged,
// as Kamailio logs its fixup failure), for nothing to change and for a
// change refused by an earlier one.
KemiValue hfEdit(KemiCall& call, std::string_view function,
                 HfEdit (*edit)(SipMessage&, const HeaderSelector&, std::string_view)) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  const auto selector = parseHeaderSelector(call.strArg(0));
  if (!selector) {
    kLog.err(function, ": cannot parse header [", call.strArg(0), "]");
    return kNo;
  }
  const std::string_view value = call.args.size() > 1 ? call.strArg(1) : std::string_view{};
  const HfEdit result = edit(*message, *selector, value);
  if (result == HfEdit::Refused) {
    kLog.warn(function, ": a change overlaps an earlier pending change and was left out");
  }
  return result == HfEdit::Done ? kYes : kNo;
}

KemiValue kemiAppendHfValue(KemiCall& call) {
  return hfEdit(call, "append_hf_value", &appendHeaderValue);
}

KemiValue kemiInsertHfValue(KemiCall& call) {
  return hfEdit(call, "insert_hf_value", &insertHeaderValue);
}

KemiValue kemiAssignHfValue(KemiCall& call) {
  return hfEdit(call, "assign_hf_value", &assignHeaderValue);
}

KemiValue kemiAssignHfValue2(KemiCall& call) {
  return hfEdit(call, "assign_hf_value2", &assignHeaderValue2);
}

KemiValue kemiRemoveHfValue(KemiCall& call) {
  return hfEdit(call, "remove_hf_value",
                [](SipMessage& message, const HeaderSelector& selector, std::string_view) {
                  return removeHeaderValue(message, selector);
                });
}

KemiValue kemiRemoveHfValue2(KemiCall& call) {
  return hfEdit(call, "remove_hf_value2", &removeHeaderValue2);
}

KemiValue kemiBlIteratorStart(KemiCall& call) {
  return startIterator(call, Kind::BodyLine);
}

KemiValue kemiBlIteratorEnd(KemiCall& call) {
  return endIterator(call, Kind::BodyLine);
}

KemiValue kemiBlIteratorNext(KemiCall& call) {
  return nextItem(call, Kind::BodyLine);
}

KemiValue kemiBlIteratorValue(KemiCall& call) {
  auto line = currentItem(call, Kind::BodyLine);
  if (!line) return std::monostate{};
  return std::move(line->value);
}

KemiValue kemiBlIteratorRm(KemiCall& call) {
  return editAtCurrent(call, Kind::BodyLine, true, false);
}

KemiValue kemiBlIteratorAppend(KemiCall& call) {
  return editAtCurrent(call, Kind::BodyLine, false, true);
}

KemiValue kemiBlIteratorInsert(KemiCall& call) {
  return editAtCurrent(call, Kind::BodyLine, false, false);
}

}  // namespace kemid::textopsx
