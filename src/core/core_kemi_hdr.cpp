// KSR.hdr: header fields of the message being routed (Kamailio 5.6's core
// "hdr" KEMI module).

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/core_kemi.h"
#include "core/log.h"
#include "core/message_context.h"
#include "sip/ascii.h"
#include "sip/sip_message.h"

namespace kemid {

namespace {

const Logger kLog{"core"};

constexpr KemiValue kFalse = false;
const KemiValue kNone{};

// "Name: value\r\n" as scripts pass it, split into name and value.
bool splitHeaderLine(std::string_view line, std::string_view& name, std::string_view& value) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  name = line.substr(0, colon);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  return !name.empty();
}

// The header changes are pending edits (sip/message_edits.h): applied when
// the message is sent, not seen by reads in the same route (as Kamailio).
// One that reaches into an earlier edit is refused with a warning.
enum class HeaderPlace { Append, Insert, AppendAfter, InsertBefore };

template <HeaderPlace Place>
KemiValue hdrAdd(KemiCall& call) {
  SipMessage* m = messageOf(call);
  std::string_view name, value;
  if (m == nullptr || !splitHeaderLine(call.strArg(0), name, value)) return std::int64_t{-1};
  std::size_t refusedBefore = m->refusedEdits();
  bool added = false;
  if constexpr (Place == HeaderPlace::Append) added = m->appendHeader(name, value);
  if constexpr (Place == HeaderPlace::Insert) added = m->insertHeader(name, value);
  if constexpr (Place == HeaderPlace::AppendAfter) {
    added = m->appendHeaderAfter(call.strArg(1), name, value);
  }
  if constexpr (Place == HeaderPlace::InsertBefore) {
    added = m->insertHeaderBefore(call.strArg(1), name, value);
  }
  if (m->refusedEdits() != refusedBefore) {
    kLog.warn("header ", name, " not added: it falls inside a part of the message already changed");
  }
  return std::int64_t{added ? 1 : -1};
}

// Kamailio answers 1 whether or not anything was there to remove.
KemiValue hdrRemove(KemiCall& call) {
  SipMessage* m = messageOf(call);
  if (m == nullptr) return std::int64_t{-1};
  std::size_t refusedBefore = m->refusedEdits();
  m->removeHeader(call.strArg(0));
  if (m->refusedEdits() != refusedBefore) {
    kLog.warn("header ", call.strArg(0), " removed already (or changed): removed once");
  }
  return std::int64_t{1};
}

// rmappend / rminsert: remove the fields called arg 0, then add arg 1.
template <HeaderPlace Place>
KemiValue hdrRemoveThenAdd(KemiCall& call) {
  SipMessage* m = messageOf(call);
  std::string_view name, value;
  if (m == nullptr || !splitHeaderLine(call.strArg(1), name, value)) return std::int64_t{-1};
  m->removeHeader(call.strArg(0));
  bool added =
      Place == HeaderPlace::Append ? m->appendHeader(name, value) : m->insertHeader(name, value);
  return std::int64_t{added ? 1 : -1};
}

KemiValue hdrIsPresent(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  return std::int64_t{m != nullptr && m->header(call.strArg(0)) ? 1 : -1};
}

// What get / gete / getw (and their _idx forms) answer for an absent header.
enum class Absent { Nil, Empty, Null };

template <Absent A>
KemiValue absentValue() {
  if constexpr (A == Absent::Nil) return kNone;
  if constexpr (A == Absent::Empty) return std::string();
  return std::string("<null>");
}

template <Absent A>
KemiValue hdrGet(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  std::optional<std::string> value = m ? m->header(call.strArg(0)) : std::nullopt;
  if (value) return std::move(*value);
  return absentValue<A>();
}

// get_idx(name, idx): idx counts from the first field (0), or from the last
// when negative (-1).
template <Absent A>
KemiValue hdrGetIdx(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr) return absentValue<A>();
  std::vector<std::string> values = m->headers(call.strArg(0));
  const auto count = static_cast<std::int64_t>(values.size());
  const std::int64_t at = call.intArg(1) < 0 ? count + call.intArg(1) : call.intArg(1);
  if (at < 0 || at >= count) return absentValue<A>();
  return std::move(values[static_cast<std::size_t>(at)]);
}

// match_content(name, op, value, which): each field's trimmed value against
// `value`, case-insensitively: op "eq", "ne", "sw" (starts with), "in"
// (contains); which "f" the first field, "l" the last, "a" all must match,
// "o" at least one. Kamailio 5.6 refuses op "re".
bool icontains(std::string_view text, std::string_view part) {
  if (part.size() > text.size()) return false;
  for (std::size_t i = 0; i + part.size() <= text.size(); ++i) {
    if (sip::iequals(text.substr(i, part.size()), part)) return true;
  }
  return false;
}

KemiValue hdrMatchContent(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr) return kFalse;
  std::string_view op = call.strArg(1);
  std::string_view wanted = call.strArg(2);
  std::string_view which = call.strArg(3);
  auto matches = [&](std::string_view value) {
    value = sip::trimLws(value);
    if (op == "eq") return sip::iequals(value, wanted);
    if (op == "ne") return !sip::iequals(value, wanted);
    if (op == "sw") return sip::istartsWith(value, wanted);
    return icontains(value, wanted);  // "in"
  };
  if (op != "eq" && op != "ne" && op != "sw" && op != "in") {
    kLog.err("match_content: invalid operator: ", op);
    return kFalse;
  }
  if (which != "f" && which != "l" && which != "a" && which != "o") {
    kLog.err("match_content: invalid header index: ", which);
    return kFalse;
  }
  std::vector<std::string> values = m->headers(call.strArg(0));
  if (values.empty()) return kFalse;
  if (which == "f") return matches(values.front());
  if (which == "l") return matches(values.back());
  if (which == "a") return std::ranges::all_of(values, matches);
  return std::ranges::any_of(values, matches);
}

KemiValue hdrAppendToReply(KemiCall& call) {
  if (call.context == nullptr) return std::int64_t{-1};
  std::string_view line = call.strArg(0);
  call.context->replyHeaders.append(line);
  if (!line.ends_with("\r\n")) call.context->replyHeaders.append("\r\n");
  return std::int64_t{1};
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrInt{Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrStrStrStr{Str, Str, Str, Str};

constexpr std::array kHdrFunctions{
    KemiFunctionDef{"append", Int, kStr, &hdrAdd<HeaderPlace::Append>},
    KemiFunctionDef{"insert", Int, kStr, &hdrAdd<HeaderPlace::Insert>},
    KemiFunctionDef{"append_after", Int, kStrStr, &hdrAdd<HeaderPlace::AppendAfter>},
    KemiFunctionDef{"insert_before", Int, kStrStr, &hdrAdd<HeaderPlace::InsertBefore>},
    KemiFunctionDef{"remove", Int, kStr, &hdrRemove},
    KemiFunctionDef{"rmappend", Int, kStrStr, &hdrRemoveThenAdd<HeaderPlace::Append>},
    KemiFunctionDef{"rminsert", Int, kStrStr, &hdrRemoveThenAdd<HeaderPlace::Insert>},
    KemiFunctionDef{"is_present", Int, kStr, &hdrIsPresent},
    KemiFunctionDef{"get", XVal, kStr, &hdrGet<Absent::Nil>},
    KemiFunctionDef{"gete", XVal, kStr, &hdrGet<Absent::Empty>},
    KemiFunctionDef{"getw", XVal, kStr, &hdrGet<Absent::Null>},
    KemiFunctionDef{"get_idx", XVal, kStrInt, &hdrGetIdx<Absent::Nil>},
    KemiFunctionDef{"gete_idx", XVal, kStrInt, &hdrGetIdx<Absent::Empty>},
    KemiFunctionDef{"getw_idx", XVal, kStrInt, &hdrGetIdx<Absent::Null>},
    KemiFunctionDef{"match_content", Bool, kStrStrStrStr, &hdrMatchContent},
    KemiFunctionDef{"append_to_reply", Int, kStr, &hdrAppendToReply},
};

}  // namespace

std::span<const KemiFunctionDef> hdrKemiFunctions() {
  return kHdrFunctions;
}

}  // namespace kemid
