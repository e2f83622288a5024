#pragma once
// The message operations behind KSR.textops.*: searches read the message as
// received, changes are pending edits (SipMessage::editText) made when it is
// sent. Patterns are compiled by the caller (posix_regex.h).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "posix_regex.h"
#include "subst_expression.h"

namespace kemid {
class SipMessage;
}

namespace kemid::textops {

enum class EditOutcome {
  Done,      // every change recorded
  NotFound,  // nothing matched: nothing to change
  Refused,   // a change reached inside an earlier one (SipMessage::editText): some were left out
};

// Which part of the message a search or replacement covers.
enum class Region {
  Message,  // all of it, start line included (search)
  Headers,  // the header fields and the body, without the start line (replace, subst,
            // search_append)
  Head,     // the header fields only (replace_hdrs)
  Body,
};

bool search(const SipMessage& message, const PosixRegex& regex, Region region);

// Which fields called `name` search_hf / subst_hf look at: "f" the first,
// "l" the last, anything else every one.
bool searchField(const SipMessage& message, std::string_view name, const PosixRegex& regex,
                 std::string_view which);

// `text` after the first match (search_append, search_append_body).
EditOutcome appendAfterMatch(SipMessage& message, const PosixRegex& regex, Region region,
                             std::string_view text);
// The first match, or every one, replaced by `text`.
EditOutcome replaceMatches(SipMessage& message, const PosixRegex& regex, Region region,
                           std::string_view text, bool all);
// The first occurrence of `match` (plain text, case counts), or every one,
// replaced by `text` (replace_str, replace_hdrs_str, replace_body_str).
EditOutcome replaceText(SipMessage& message, std::string_view match, Region region,
                        std::string_view text, bool all);
// Every match replaced as one body edit (replace_body_atonce).
EditOutcome replaceBodyAtOnce(SipMessage& message, const PosixRegex& regex, std::string_view text);
EditOutcome substitute(SipMessage& message, const SubstExpression& expression, Region region);
EditOutcome substituteField(SipMessage& message, std::string_view name,
                            const SubstExpression& expression, std::string_view which);

// subst_uri / subst_user: the Request-URI changed at once (as Kamailio's
// new URI is read back at once). NotFound also for a reply or a URI that
// does not parse afterwards.
EditOutcome substituteUri(SipMessage& message, const SubstExpression& expression);
EditOutcome substituteUser(SipMessage& message, const SubstExpression& expression);

bool hasField(const SipMessage& message, std::string_view name);
bool hasFieldNamed(const SipMessage& message, const PosixRegex& nameRegex);

// Fields whose name matches `match` and not `skip` (when given), removed;
// how many matched, whether each removal was accepted or not (a field
// removed before stays removed).
struct Removal {
  std::size_t matched = 0;
  std::size_t refused = 0;
};
Removal removeFieldsNamed(SipMessage& message, const PosixRegex& match,
                          const PosixRegex* skip = nullptr);
// remove_hf_idx: the field called `name` at `index` (0 the first, -1 the
// last).
Removal removeFieldAt(SipMessage& message, std::string_view name, std::int64_t index);
// remove_hf_match: the fields called `name` whose trimmed value is (op
// "eq") or is not ("ne") `value`.
Removal removeFieldsByValue(SipMessage& message, std::string_view name, bool equal,
                            std::string_view value);

// filter_body: of a multipart body, only the first part whose Content-Type
// is `type` is kept, as Kamailio 5.6 keeps it: from after that part's
// Content-Type line (and the empty line, when it follows at once) to the
// line end before the next delimiter. The message's Content-Type stays.
// NotFound for another body or no such part.
EditOutcome filterBody(SipMessage& message, std::string_view type);

// has_body_type: the Content-Type's "type/subtype" (parameters left out,
// any case); a body without Content-Type counts as application/sdp.
bool hasBodyType(const SipMessage& message, std::string_view type);

// is_privacy: whether the Privacy header lists `value` (one of header,
// session, user, none, id, critical; nullopt for another word).
std::optional<bool> hasPrivacy(const SipMessage& message, std::string_view value);

// is_audio_on_hold: how the first audio stream of the SDP body on hold is
// held: 2 by a=sendonly or a=inactive (RFC 3264), 1 by a connection address
// 0.0.0.0 (RFC 2543), as Kamailio's SDP parser reports it; 0 when none is.
int audioHoldKind(const SipMessage& message);

}  // namespace kemid::textops
