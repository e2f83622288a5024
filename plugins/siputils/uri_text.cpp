#include "uri_text.h"

#include "sip/ascii.h"

namespace kemid::siputils {

namespace {

bool isSipScheme(std::string_view scheme) {
  return sip::iequals(scheme, "sip") || sip::iequals(scheme, "sips");
}

}  // namespace

std::optional<UriText> UriText::split(std::string_view uri) {
  const auto colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view scheme = uri.substr(0, colon);
  UriText parts;
  const auto question = uri.find('?', colon);
  const std::string_view beforeHeaders = uri.substr(0, question);
  parts.tail = question == std::string_view::npos ? std::string_view{} : uri.substr(question);
  // The host part starts after the userinfo; a user part may hold ';'.
  std::size_t hostStart = colon + 1;
  std::string_view user;
  if (isSipScheme(scheme)) {
    if (auto at = beforeHeaders.find('@', colon); at != std::string_view::npos) {
      user = beforeHeaders.substr(colon + 1, at - colon - 1);
      hostStart = at + 1;
    }
  }
  const auto semicolon = beforeHeaders.find(';', hostStart);
  parts.head = beforeHeaders.substr(0, semicolon);
  parts.params =
      semicolon == std::string_view::npos ? std::string_view{} : beforeHeaders.substr(semicolon);
  if (isSipScheme(scheme)) {
    for (const auto& param : splitParams(parts.params)) {
      if (sip::iequals(param.name, "user") && param.value && sip::iequals(*param.value, "phone")) {
        const auto userSemicolon = user.find(';');
        if (userSemicolon != std::string_view::npos) parts.userParams = user.substr(userSemicolon);
        // An empty (but non-null) view marks "telephone user, no parameters".
        if (parts.userParams.empty()) parts.userParams = user.substr(user.size());
        break;
      }
    }
  }
  return parts;
}

std::vector<UriTextParam> splitParams(std::string_view params) {
  std::vector<UriTextParam> result;
  while (!params.empty()) {
    if (params.front() == ';') params.remove_prefix(1);
    const auto end = params.find(';');
    std::string_view item = params.substr(0, end);
    params = end == std::string_view::npos ? std::string_view{} : params.substr(end);
    if (item.empty()) continue;
    const auto equals = item.find('=');
    if (equals == std::string_view::npos) {
      result.push_back({item, std::nullopt});
    } else {
      result.push_back({item.substr(0, equals), item.substr(equals + 1)});
    }
  }
  return result;
}

std::string_view lookupParams(const UriText& uri) {
  return uri.userParams.data() != nullptr ? uri.userParams : uri.params;
}

std::string withoutParam(const UriText& uri, std::string_view name) {
  std::string text(uri.head);
  std::string_view rest = uri.params;
  while (!rest.empty()) {
    const auto end = rest.find(';', 1);
    const std::string_view item = rest.substr(0, end);  // ";name=value"
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    const std::string_view nameValue = item.substr(1);
    if (!sip::iequals(nameValue.substr(0, nameValue.find('=')), name)) text.append(item);
  }
  text.append(uri.tail);
  return text;
}

std::string withParam(const UriText& uri, std::string_view param) {
  std::string text(uri.head);
  text.append(uri.params).append(";").append(param).append(uri.tail);
  return text;
}

}  // namespace kemid::siputils
