#include "digest_credentials.h"

#include "sip/ascii.h"

namespace kemid::auth {
namespace {

constexpr std::string_view kBlanks = " \t\r\n";

std::string_view trimmed(std::string_view text) {
  const auto start = text.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(kBlanks) - start + 1);
}

// Where `name` is stored, or null for a parameter nobody reads.
std::string* fieldNamed(DigestCredentials& credentials, std::string_view name) {
  struct Field {
    std::string_view name;
    std::string DigestCredentials::*member;
  };
  static constexpr Field kFields[] = {
      {"username", &DigestCredentials::username}, {"realm", &DigestCredentials::realm},
      {"nonce", &DigestCredentials::nonce},       {"uri", &DigestCredentials::uri},
      {"response", &DigestCredentials::response}, {"algorithm", &DigestCredentials::algorithm},
      {"cnonce", &DigestCredentials::cnonce},     {"opaque", &DigestCredentials::opaque},
      {"qop", &DigestCredentials::qop},           {"nc", &DigestCredentials::nc},
  };
  for (const Field& field : kFields) {
    if (sip::iequals(field.name, name)) return &(credentials.*field.member);
  }
  return nullptr;
}

}  // namespace

std::optional<DigestCredentials> parseDigestCredentials(std::string_view value) {
  std::string_view rest = trimmed(value);
  const auto schemeEnd = rest.find_first_of(kBlanks);
  if (schemeEnd == std::string_view::npos || !sip::iequals(rest.substr(0, schemeEnd), "Digest")) {
    return std::nullopt;
  }
  rest = trimmed(rest.substr(schemeEnd));
  DigestCredentials credentials;
  while (!rest.empty()) {
    const auto equals = rest.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    const std::string_view name = trimmed(rest.substr(0, equals));
    rest = trimmed(rest.substr(equals + 1));
    std::string text;
    if (rest.starts_with('"')) {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;  // quoted-pair
        text += rest[i];
      }
      if (i >= rest.size()) return std::nullopt;
      rest = trimmed(rest.substr(i + 1));
    } else {
      const auto comma = rest.find(',');
      text = trimmed(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma);
    }
    if (std::string* field = fieldNamed(credentials, name)) *field = std::move(text);
    if (rest.starts_with(',')) {
      rest = trimmed(rest.substr(1));
    } else if (!rest.empty()) {
      return std::nullopt;
    }
  }
  return credentials;
}

}  // namespace kemid::auth
