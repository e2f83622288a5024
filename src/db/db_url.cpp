#include "db/db_url.h"

#include <charconv>

namespace kemid::db {

namespace {

DbError malformed(std::string_view text, std::string_view why) {
  return DbError{"db_url '" + std::string(text) + "': " + std::string(why) +
                 " (expected scheme://[user[:password]@]host[:port]/database)"};
}

bool isSchemeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '+' || c == '-' || c == '.';
}

}  // namespace

DbResult<DbUrl> DbUrl::parse(std::string_view text) {
  DbUrl url;
  url.text = std::string(text);
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos || colon == 0) return malformed(text, "no scheme://");
  for (char c : text.substr(0, colon)) {
    if (!isSchemeChar(c)) return malformed(text, "bad character in the scheme");
  }
  url.scheme = std::string(text.substr(0, colon));
  std::string_view rest = text.substr(colon + 3);

  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return malformed(text, "no /database after the host");
  std::string_view authority = rest.substr(0, slash);
  url.database = std::string(rest.substr(slash + 1));
  if (url.database.empty()) return malformed(text, "the database name is empty");

  // The password may itself contain '@': the host starts after the last one.
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view credentials = authority.substr(0, at);
    const std::size_t sep = credentials.find(':');
    url.user = std::string(credentials.substr(0, sep));
    if (sep != std::string_view::npos) url.password = std::string(credentials.substr(sep + 1));
    if (url.user.empty()) return malformed(text, "empty user name before '@'");
    authority = authority.substr(at + 1);
  }

  std::string_view portText;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return malformed(text, "unclosed '[' in the host");
    url.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return malformed(text, "unexpected text after ']'");
      portText = after.substr(1);
      if (portText.empty()) return malformed(text, "empty port");
    }
  } else {
    const std::size_t sep = authority.rfind(':');
    url.host = std::string(authority.substr(0, sep));
    if (sep != std::string_view::npos) {
      portText = authority.substr(sep + 1);
      if (portText.empty()) return malformed(text, "empty port");
    }
  }
  if (!portText.empty()) {
    unsigned port = 0;
    const auto [end, ec] =
        std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (ec != std::errc() || end != portText.data() + portText.size() || port == 0 ||
        port > 65535) {
      return malformed(text, "port '" + std::string(portText) + "' is not a number in 1-65535");
    }
    url.port = static_cast<std::uint16_t>(port);
  }
  return url;
}

std::string DbUrl::redacted() const {
  if (password.empty()) return text;
  std::string out = scheme + "://" + user + ":***@";
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(*port);
  return out + "/" + database;
}

std::string DbUrl::filePath() const {
  return host.empty() ? "/" + database : database;
}

}  // namespace kemid::db
