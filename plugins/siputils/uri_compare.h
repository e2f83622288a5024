#pragma once
// cmp_uri, cmp_aor and cmp_hdr_name with Kamailio 5.6's results
// (measured): 1 equal, -1 different, -2 a text that is not a URI (or, for
// header names, names that differ).

#include <string_view>

namespace kemid::siputils {

// RFC 3261 §19.1.4 as Kamailio applies it: scheme and host
// case-insensitive; user and password byte for byte (no unescaping); the
// port as written (no port differs from :5060); a parameter present in
// both must have the same value (case-insensitive); user, ttl, method and
// maddr must be in both or neither; URI headers are not compared.
int compareUris(std::string_view a, std::string_view b);

// User (byte for byte) and host (case-insensitive) only.
int compareAors(std::string_view a, std::string_view b);

// Header field names, compact forms understood (sip/header_names.h).
int compareHeaderNames(std::string_view a, std::string_view b);

}  // namespace kemid::siputils
