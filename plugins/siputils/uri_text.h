#pragma once
// A URI as text, cut into the parts siputils reads and rewrites without
// re-printing the rest: Kamailio's siputils works on the R-URI string, so
// the parameters keep the sender's spelling and order.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::siputils {

// One ";name[=value]" parameter as written.
struct UriTextParam {
  std::string_view name;
  std::optional<std::string_view> value;  // nullopt: no '='
};

struct UriText {
  std::string_view head;    // "sip:user@host:port", up to the first URI parameter
  std::string_view params;  // ";a=1;b" (with the leading ';'), or empty
  std::string_view tail;    // "?headers", or empty
  // The parameters inside the user part of a sip/sips URI whose user=phone
  // makes it a telephone number ("sip:+1;isub=5@h;user=phone" -> isub=5):
  // Kamailio's uri_param() and uri_param_value() look there for such URIs.
  std::string_view userParams;

  // nullopt for a text without a scheme.
  static std::optional<UriText> split(std::string_view uri);
};

std::vector<UriTextParam> splitParams(std::string_view params);

// The parameters uri_param()/uri_param_value() search: the user part's for
// a sip/sips URI with user=phone, else the URI's.
std::string_view lookupParams(const UriText& uri);

// `uri` without its parameters called `name` (case-insensitive).
std::string withoutParam(const UriText& uri, std::string_view name);

// `uri` with ";param" after its last parameter, before any headers.
std::string withParam(const UriText& uri, std::string_view param);

}  // namespace kemid::siputils
