#include "textops_kemi.h"

#include <optional>
#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/reply_body.h"
#include "posix_regex.h"
#include "pv/pv_api.h"
#include "regex_substring.h"
#include "sip/sip_message.h"
#include "string_checks.h"
#include "subst_expression.h"
#include "text_operations.h"

namespace kemid::textops {
namespace {

constexpr Logger kLog{"textops"};
constexpr std::int64_t kYes = 1;
constexpr std::int64_t kNo = -1;

std::optional<PosixRegex> regexArg(KemiCall& call, std::size_t i) {
  std::string error;
  auto regex = PosixRegex::compile(call.strArg(i), kTextopsFlags, error);
  if (!regex) kLog.err("bad regular expression '", call.strArg(i), "': ", error);
  return regex;
}

std::optional<SubstExpression> substArg(KemiCall& call, std::size_t i) {
  std::string error;
  auto expression = SubstExpression::parse(call.strArg(i), error);
  if (!expression) kLog.err("bad substitution '", call.strArg(i), "': ", error);
  return expression;
}

// Kamailio reports a change it made; kemid refuses one that reaches inside
// an earlier change (a removed header, an edited value) and says so.
KemiValue outcome(EditOutcome result, std::string_view function) {
  if (result == EditOutcome::Refused) {
    kLog.warn(function, ": a change overlaps an earlier pending change and was left out");
    return kNo;
  }
  return result == EditOutcome::Done ? kYes : kNo;
}

KemiValue searchIn(KemiCall& call, Region region) {
  SipMessage* message = messageOf(call);
  auto regex = message != nullptr ? regexArg(call, 0) : std::nullopt;
  if (!regex) return kNo;
  return search(*message, *regex, region) ? kYes : kNo;
}

KemiValue appendIn(KemiCall& call, Region region, std::string_view function) {
  SipMessage* message = messageOf(call);
  auto regex = message != nullptr ? regexArg(call, 0) : std::nullopt;
  if (!regex) return kNo;
  return outcome(appendAfterMatch(*message, *regex, region, call.strArg(1)), function);
}

KemiValue replaceIn(KemiCall& call, Region region, bool all, std::string_view function) {
  SipMessage* message = messageOf(call);
  auto regex = message != nullptr ? regexArg(call, 0) : std::nullopt;
  if (!regex) return kNo;
  return outcome(replaceMatches(*message, *regex, region, call.strArg(1), all), function);
}

KemiValue substIn(KemiCall& call, Region region, std::string_view function) {
  SipMessage* message = messageOf(call);
  auto expression = message != nullptr ? substArg(call, 0) : std::nullopt;
  if (!expression) return kNo;
  return outcome(substitute(*message, *expression, region), function);
}

// Kamailio 5.6 answers 1 whether or not the text was found. Mode "a":
// every occurrence, anything else the first.
KemiValue replaceTextIn(KemiCall& call, Region region, std::string_view function) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  const bool all = call.strArg(2).find('a') != std::string_view::npos;
  const EditOutcome result = replaceText(*message, call.strArg(0), region, call.strArg(1), all);
  return outcome(result == EditOutcome::NotFound ? EditOutcome::Done : result, function);
}

KemiValue removal(const Removal& result, std::string_view function) {
  if (result.refused > 0) {
    kLog.warn(function, ": ", result.refused, " header(s) were removed or edited before");
  }
  return result.matched > 0 ? kYes : kNo;
}

}  // namespace

KemiValue kemiSearch(KemiCall& call) {
  return searchIn(call, Region::Message);
}

KemiValue kemiSearchBody(KemiCall& call) {
  return searchIn(call, Region::Body);
}

KemiValue kemiSearchHf(KemiCall& call) {
  SipMessage* message = messageOf(call);
  auto regex = message != nullptr ? regexArg(call, 1) : std::nullopt;
  if (!regex) return kNo;
  return searchField(*message, call.strArg(0), *regex, call.strArg(2)) ? kYes : kNo;
}

KemiValue kemiSearchStr(KemiCall& call) {
  auto regex = regexArg(call, 1);
  if (!regex) return kNo;
  return regex->matches(call.strArg(0)) ? kYes : kNo;
}

KemiValue kemiSearchAppend(KemiCall& call) {
  return appendIn(call, Region::Headers, "search_append");
}

KemiValue kemiSearchAppendBody(KemiCall& call) {
  return appendIn(call, Region::Body, "search_append_body");
}

KemiValue kemiReplace(KemiCall& call) {
  return replaceIn(call, Region::Headers, false, "replace");
}

KemiValue kemiReplaceAll(KemiCall& call) {
  return replaceIn(call, Region::Headers, true, "replace_all");
}

KemiValue kemiReplaceBody(KemiCall& call) {
  return replaceIn(call, Region::Body, false, "replace_body");
}

KemiValue kemiReplaceBodyAll(KemiCall& call) {
  return replaceIn(call, Region::Body, true, "replace_body_all");
}

KemiValue kemiReplaceBodyAtonce(KemiCall& call) {
  SipMessage* message = messageOf(call);
  auto regex = message != nullptr ? regexArg(call, 0) : std::nullopt;
  if (!regex) return kNo;
  return outcome(replaceBodyAtOnce(*message, *regex, call.strArg(1)), "replace_body_atonce");
}

KemiValue kemiReplaceHdrs(KemiCall& call) {
  return replaceIn(call, Region::Head, false, "replace_hdrs");
}

KemiValue kemiReplaceStr(KemiCall& call) {
  return replaceTextIn(call, Region::Headers, "replace_str");
}

KemiValue kemiReplaceHdrsStr(KemiCall& call) {
  return replaceTextIn(call, Region::Head, "replace_hdrs_str");
}

KemiValue kemiReplaceBodyStr(KemiCall& call) {
  return replaceTextIn(call, Region::Body, "replace_body_str");
}

KemiValue kemiSubst(KemiCall& call) {
  return substIn(call, Region::Headers, "subst");
}

KemiValue kemiSubstBody(KemiCall& call) {
  return substIn(call, Region::Body, "subst_body");
}

KemiValue kemiSubstUri(KemiCall& call) {
  SipMessage* message = messageOf(call);
  auto expression = message != nullptr ? substArg(call, 0) : std::nullopt;
  if (!expression) return kNo;
  return outcome(substituteUri(*message, *expression), "subst_uri");
}

KemiValue kemiSubstUser(KemiCall& call) {
  SipMessage* message = messageOf(call);
  auto expression = message != nullptr ? substArg(call, 0) : std::nullopt;
  if (!expression) return kNo;
  return outcome(substituteUser(*message, *expression), "subst_user");
}

KemiValue kemiSubstHf(KemiCall& call) {
  SipMessage* message = messageOf(call);
  auto expression = message != nullptr ? substArg(call, 1) : std::nullopt;
  if (!expression) return kNo;
  return outcome(substituteField(*message, call.strArg(0), *expression, call.strArg(2)),
                 "subst_hf");
}

KemiValue kemiIsPresentHf(KemiCall& call) {
  SipMessage* message = messageOf(call);
  return message != nullptr && hasField(*message, call.strArg(0)) ? kYes : kNo;
}

KemiValue kemiIsPresentHfRe(KemiCall& call) {
  SipMessage* message = messageOf(call);
  auto regex = message != nullptr ? regexArg(call, 0) : std::nullopt;
  if (!regex) return kNo;
  return hasFieldNamed(*message, *regex) ? kYes : kNo;
}

KemiValue kemiRemoveHf(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  message->removeHeader(call.strArg(0));
  return kYes;  // Kamailio: 1 even when no field had that name
}

KemiValue kemiRemoveHfRe(KemiCall& call) {
  SipMessage* message = messageOf(call);
  auto regex = message != nullptr ? regexArg(call, 0) : std::nullopt;
  if (!regex) return kNo;
  return removal(removeFieldsNamed(*message, *regex), "remove_hf_re");
}

KemiValue kemiRemoveHfExp(KemiCall& call) {
  SipMessage* message = messageOf(call);
  auto match = message != nullptr ? regexArg(call, 0) : std::nullopt;
  auto skip = match ? regexArg(call, 1) : std::nullopt;
  if (!skip) return kNo;
  return removal(removeFieldsNamed(*message, *match, &*skip), "remove_hf_exp");
}

KemiValue kemiRemoveHfMatch(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  const std::string_view op = call.strArg(1);
  if (op != "eq" && op != "ne") {
    kLog.err("remove_hf_match: unknown operator [", op, "]");
    return kNo;
  }
  Removal result = removeFieldsByValue(*message, call.strArg(0), op == "eq", call.strArg(2));
  if (result.matched == 0) return std::int64_t{-2};
  return removal(result, "remove_hf_match");
}

KemiValue kemiRemoveHfIdx(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  const Removal result = removeFieldAt(*message, call.strArg(0), call.intArg(1));
  if (result.matched == 0) return std::int64_t{2};  // Kamailio 5.6's code for "no such field"
  return removal(result, "remove_hf_idx");
}

KemiValue kemiHasBody(KemiCall& call) {
  SipMessage* message = messageOf(call);
  return message != nullptr && !message->body().empty() ? kYes : kNo;
}

KemiValue kemiHasBodyType(KemiCall& call) {
  SipMessage* message = messageOf(call);
  return message != nullptr && hasBodyType(*message, call.strArg(0)) ? kYes : kNo;
}

KemiValue kemiSetBody(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  if (call.strArg(0).empty()) {
    kLog.err("set_body: the body is empty");
    return kNo;
  }
  if (!message->replaceBody(std::string(call.strArg(0)), call.strArg(1))) {
    kLog.warn("set_body: the body or Content-Type was changed before; left as it was");
    return kNo;
  }
  return kYes;
}

KemiValue kemiSetReplyBody(KemiCall& call) {
  if (call.context == nullptr) return kNo;
  const std::string_view body = call.strArg(0);
  const std::string_view type = call.strArg(1);
  if (body.empty() || type.empty() || type.find_first_of("\r\n") != std::string_view::npos) {
    kLog.err("set_reply_body: empty body or bad content type");
    return kNo;
  }
  // Kamailio 5.6 adds the Content-Type line before it finds a body set
  // already: a second call leaves two Content-Type lines and the first body.
  call.context->replyHeaders.append("Content-Type: ").append(type).append("\r\n");
  if (!replyBodyOf(*call.context).empty()) {
    kLog.err("set_reply_body: a reply body was set already");
    return kNo;
  }
  call.context->emplaceSlot(replyBodySlot(), ReplyBody{std::string(body)});
  return kYes;
}

KemiValue kemiFilterBody(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  return outcome(filterBody(*message, call.strArg(0)), "filter_body");
}

KemiValue kemiIsPrivacy(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return kNo;
  auto listed = hasPrivacy(*message, call.strArg(0));
  if (!listed) kLog.err("is_privacy: invalid privacy value '", call.strArg(0), "'");
  return listed.value_or(false) ? kYes : kNo;
}

KemiValue kemiIsAudioOnHold(KemiCall& call) {
  SipMessage* message = messageOf(call);
  const int kind = message != nullptr ? audioHoldKind(*message) : 0;
  return kind != 0 ? std::int64_t{kind} : kNo;
}

KemiValue kemiCmpStr(KemiCall& call) {
  return compareStrings(call.strArg(0), call.strArg(1), false);
}

KemiValue kemiCmpIstr(KemiCall& call) {
  return compareStrings(call.strArg(0), call.strArg(1), true);
}

KemiValue kemiStartsWith(KemiCall& call) {
  return startsWith(call.strArg(0), call.strArg(1));
}

KemiValue kemiEndsWith(KemiCall& call) {
  return endsWith(call.strArg(0), call.strArg(1));
}

KemiValue kemiStrFind(KemiCall& call) {
  return findIn(call.strArg(0), call.strArg(1), false);
}

KemiValue kemiStrIfind(KemiCall& call) {
  return findIn(call.strArg(0), call.strArg(1), true);
}

KemiValue kemiInList(KemiCall& call) {
  if (call.strArg(2).empty()) return kNo;
  return inList(call.strArg(0), call.strArg(1), call.strArg(2).front(), false) ? kYes : kNo;
}

KemiValue kemiInListPrefix(KemiCall& call) {
  if (call.strArg(2).empty()) return kNo;
  return inList(call.strArg(0), call.strArg(1), call.strArg(2).front(), true) ? kYes : kNo;
}

bool TextopsModule::setVariable(MessageContext* ctx, std::string_view function,
                                std::string_view name, std::string text) const {
  auto* pv = host_.findApi<pv::PvApi>();
  if (pv == nullptr || ctx == nullptr ||
      !pv->set(name, pv::PvValue::string(std::move(text)), *ctx)) {
    kLog.err(function, ": cannot set ", name);
    return false;
  }
  return true;
}

// 1 with the group stored in dpv, -2 when the expression does not match,
// -1 for the rest (bad expression or index, absent or empty group, dpv not
// a writable pseudo-variable).
KemiValue kemiRegexSubstring(KemiCall& call) {
  constexpr std::int64_t kNoMatch = -2;
  RegexSubstring found =
      regexSubstring(call.strArg(0), call.strArg(1), call.intArg(2), call.intArg(3));
  if (found.outcome == RegexSubstring::Outcome::NoMatch) return kNoMatch;
  if (found.outcome == RegexSubstring::Outcome::Invalid) {
    kLog.err("regex_substring: ", found.token);
    return kNo;
  }
  const auto* module = static_cast<const TextopsModule*>(call.state);
  return module->setVariable(call.context, "regex_substring", call.strArg(4),
                             std::move(found.token))
             ? kYes
             : kNo;
}

}  // namespace kemid::textops
