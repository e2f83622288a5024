#pragma once
// Header field names: a compact form (RFC 3261 §7.3.3 and the letters
// registered since in IANA's SIP header field registry) stands for its full
// name, and names compare case-insensitively.

#include <string_view>

namespace kemid::sip {

// "i" or "I" -> "Call-ID"; any other name is returned unchanged.
std::string_view expandCompactName(std::string_view name);

// True when both name the same header field: "call-id", "Call-ID" and "i".
bool sameHeaderName(std::string_view a, std::string_view b);

}  // namespace kemid::sip
