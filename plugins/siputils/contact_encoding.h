#pragma once
// encode_contact / decode_contact / decode_contact_header: a contact
// address folded into the user part of a URI at the proxy,
// "sip:prefix*user*password*host*port*transport@proxy" ('*' is the modparam
// contact_flds_separator), and unfolded again. The formats and result
// codes are Kamailio 5.6.3's (measured).

#include <string>
#include <string_view>
#include <variant>

namespace kemid::siputils {

// decode results Kamailio gives: no user part to decode / a user part
// without the six fields.
inline constexpr int kNoEncodedUser = -23;
inline constexpr int kNotEncoded = -26;

// `uri` folded into a user part at `address`; its parameters other than
// transport are not kept.
std::string encodeUri(std::string_view uri, std::string_view prefix, std::string_view address,
                      char separator);

// The URI folded into `uri`, with the parameters `uri` has after its host,
// or kNoEncodedUser / kNotEncoded.
std::variant<std::string, int> decodeUri(std::string_view uri, char separator);

}  // namespace kemid::siputils
