#include "uri_compare.h"

#include <array>
#include <optional>
#include <vector>

#include "sip/ascii.h"
#include "sip/header_names.h"
#include "text_checks.h"
#include "uri_text.h"

namespace kemid::siputils {

namespace {

constexpr int kEqual = 1;
constexpr int kDifferent = -1;
constexpr int kNotAUri = -2;

struct UriFields {
  std::string_view scheme;
  std::string_view user;
  std::string_view password;
  std::string_view host;
  std::string_view port;
  std::vector<UriTextParam> params;
};

std::optional<UriFields> fieldsOf(std::string_view text) {
  if (isUri(text) != 1) return std::nullopt;
  auto parts = UriText::split(text);
  if (!parts) return std::nullopt;
  UriFields fields;
  const auto colon = parts->head.find(':');
  fields.scheme = parts->head.substr(0, colon);
  std::string_view rest = parts->head.substr(colon + 1);
  const bool sipLike = sip::iequals(fields.scheme, "sip") || sip::iequals(fields.scheme, "sips");
  if (!sipLike) {
    fields.user = rest;  // a telephone number or URN: compared as written
  } else {
    if (const auto at = rest.find('@'); at != std::string_view::npos) {
      std::string_view userinfo = rest.substr(0, at);
      rest.remove_prefix(at + 1);
      const auto pwColon = userinfo.find(':');
      fields.user = userinfo.substr(0, pwColon);
      if (pwColon != std::string_view::npos) fields.password = userinfo.substr(pwColon + 1);
    }
    const auto portColon = rest.starts_with('[') ? rest.find("]:") : rest.rfind(':');
    if (portColon == std::string_view::npos) {
      fields.host = rest;
    } else {
      const auto hostEnd = rest.starts_with('[') ? portColon + 1 : portColon;
      fields.host = rest.substr(0, hostEnd);
      fields.port = rest.substr(hostEnd + 1);
    }
  }
  fields.params = splitParams(parts->params);
  return fields;
}

const UriTextParam* findByName(const std::vector<UriTextParam>& params, std::string_view name) {
  for (const auto& param : params) {
    if (sip::iequals(param.name, name)) return &param;
  }
  return nullptr;
}

bool sameParams(const std::vector<UriTextParam>& a, const std::vector<UriTextParam>& b) {
  for (const auto& param : a) {
    const UriTextParam* other = findByName(b, param.name);
    if (other == nullptr) continue;
    if (!sip::iequals(param.value.value_or(""), other->value.value_or(""))) return false;
  }
  // RFC 3261 §19.1.4: these must be in both URIs or in neither.
  constexpr std::array<std::string_view, 4> kMustMatch{"user", "ttl", "method", "maddr"};
  for (std::string_view name : kMustMatch) {
    if ((findByName(a, name) == nullptr) != (findByName(b, name) == nullptr)) return false;
  }
  return true;
}

}  // namespace

int compareUris(std::string_view a, std::string_view b) {
  auto first = fieldsOf(a);
  auto second = fieldsOf(b);
  if (!first || !second) return kNotAUri;
  const bool same = sip::iequals(first->scheme, second->scheme) && first->user == second->user &&
                    first->password == second->password &&
                    sip::iequals(first->host, second->host) && first->port == second->port &&
                    sameParams(first->params, second->params);
  return same ? kEqual : kDifferent;
}

int compareAors(std::string_view a, std::string_view b) {
  auto first = fieldsOf(a);
  auto second = fieldsOf(b);
  if (!first || !second) return kNotAUri;
  const bool same = first->user == second->user && sip::iequals(first->host, second->host);
  return same ? kEqual : kDifferent;
}

int compareHeaderNames(std::string_view a, std::string_view b) {
  return !a.empty() && sip::sameHeaderName(a, b) ? kEqual : kNotAUri;
}

}  // namespace kemid::siputils
