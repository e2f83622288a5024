#pragma once
// The string predicates of KSR.siputils, with Kamailio 5.6's return codes
// (measured): 1 yes; -2 empty or a character outside the class (is_numeric,
// is_tel_number); -2 empty, -3 a character outside the class (is_alphanum*).
// is_uri: 1 / -1.

#include <string_view>

namespace kemid::siputils {

int isTelNumber(std::string_view text);  // ["+"] 1*DIGIT
int isNumeric(std::string_view text);    // 1*DIGIT
int isAlphanum(std::string_view text);   // 1*(ALPHA / DIGIT)
// 1*(ALPHA / DIGIT / one of `extra`)
int isAlphanumEx(std::string_view text, std::string_view extra);

// Whether Kamailio's URI parser takes `text`: a sip, sips, tel, tels or urn
// URI (scheme case-insensitive); sip/sips need a host and a port, when
// given, in 0..65535. Like Kamailio it does not judge the user part.
int isUri(std::string_view text);

}  // namespace kemid::siputils
