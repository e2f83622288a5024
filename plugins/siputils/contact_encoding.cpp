#include "contact_encoding.h"

#include <vector>

#include "sip/ascii.h"
#include "uri_text.h"

namespace kemid::siputils {

namespace {

constexpr std::size_t kFields = 6;  // prefix, user, password, host, port, transport

struct UriParts {
  std::string_view scheme;
  std::string_view user;
  std::string_view password;
  std::string_view host;  // IPv6 with its brackets
  std::string_view port;
};

UriParts partsOf(std::string_view head) {
  UriParts parts;
  const auto colon = head.find(':');
  parts.scheme = head.substr(0, colon);
  std::string_view rest =
      colon == std::string_view::npos ? std::string_view{} : head.substr(colon + 1);
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    const auto pwColon = userinfo.find(':');
    parts.user = userinfo.substr(0, pwColon);
    if (pwColon != std::string_view::npos) parts.password = userinfo.substr(pwColon + 1);
    rest.remove_prefix(at + 1);
  }
  const auto portColon = rest.starts_with('[') ? rest.find("]:") : rest.find(':');
  if (portColon == std::string_view::npos) {
    parts.host = rest;
  } else {
    const auto hostEnd = rest.starts_with('[') ? portColon + 1 : portColon;
    parts.host = rest.substr(0, hostEnd);
    parts.port = rest.substr(hostEnd + 1);
  }
  return parts;
}

std::vector<std::string_view> splitFields(std::string_view user, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const auto end = user.find(separator, start);
    fields.push_back(user.substr(start, end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

}  // namespace

std::string encodeUri(std::string_view uri, std::string_view prefix, std::string_view address,
                      char separator) {
  auto text = UriText::split(uri);
  const UriParts parts = partsOf(text ? text->head : uri);
  std::string_view transport;
  if (text) {
    for (const auto& param : splitParams(text->params)) {
      if (sip::iequals(param.name, "transport")) transport = param.value.value_or("");
    }
  }
  std::string encoded(parts.scheme);
  encoded.append(":").append(prefix);
  for (std::string_view field : {parts.user, parts.password, parts.host, parts.port, transport}) {
    encoded.push_back(separator);
    encoded.append(field);
  }
  encoded.append("@").append(address);
  return encoded;
}

std::variant<std::string, int> decodeUri(std::string_view uri, char separator) {
  auto text = UriText::split(uri);
  if (!text) return kNoEncodedUser;
  const UriParts parts = partsOf(text->head);
  if (parts.user.empty()) return kNoEncodedUser;
  const auto fields = splitFields(parts.user, separator);
  if (fields.size() != kFields) return kNotEncoded;
  const std::string_view user = fields[1];
  const std::string_view password = fields[2];
  const std::string_view host = fields[3];
  const std::string_view port = fields[4];
  const std::string_view transport = fields[5];
  std::string decoded(parts.scheme);
  decoded.append(":");
  if (!user.empty()) {
    decoded.append(user);
    if (!password.empty()) decoded.append(":").append(password);
    decoded.append("@");
  }
  decoded.append(host);
  if (!port.empty()) decoded.append(":").append(port);
  if (!transport.empty()) decoded.append(";transport=").append(transport);
  decoded.append(text->params).append(text->tail);
  return decoded;
}

}  // namespace kemid::siputils
