#pragma once
// Checks of the message being routed, as Kamailio 5.6's siputils answers
// them (measured against 5.6.3).

#include <cstdint>
#include <ctime>
#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::siputils {

// To carries a tag: in-dialog.
bool hasToTag(const SipMessage& message);

// A request is first hop when it carries exactly one Via (one element,
// counting comma-separated values); Kamailio 5.6 answers yes for every
// reply whatever `mode` is, and its modes gave the same answers for every
// request tried, so the mode is not read.
bool isFirstHop(const SipMessage& message);

// How the R-URI names a GRUU (RFC 5627): -1 none; 1 a public GRUU
// ("gr=value"), 2 a temporary one ("gr" alone).
int gruuKind(std::string_view requestUri);

// hdr_date_check(tdiff): 1 when the Date header is at most `maxAge`
// seconds old at `now` (a date in the future passes); -1 no Date header or
// one that is not an RFC 1123 date (RFC 3261 §20.17); -4 older.
int checkDateAge(const SipMessage& message, std::int64_t maxAge, std::time_t now);

}  // namespace kemid::siputils
