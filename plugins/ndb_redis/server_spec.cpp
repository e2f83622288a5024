#include "server_spec.h"

#include <charconv>

namespace kemid::ndb_redis {
namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

template <class Number>
std::optional<Number> number(std::string_view text) {
  Number value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string ServerSpec::describe() const {
  if (!unixSocket.empty()) return "unix:" + unixSocket + " db:" + std::to_string(database);
  return address + ":" + std::to_string(port) + "/" + std::to_string(database);
}

std::optional<ServerSpec> parseServerSpec(std::string_view text, std::string& error) {
  ServerSpec spec;
  bool named = false;
  while (!text.empty()) {
    const auto semicolon = text.find(';');
    const std::string_view attribute = trimmed(text.substr(0, semicolon));
    text = semicolon == std::string_view::npos ? std::string_view{} : text.substr(semicolon + 1);
    if (attribute.empty()) continue;
    const auto equals = attribute.find('=');
    if (equals == std::string_view::npos) {
      error = "expected name=value in the server spec, got \"" + std::string(attribute) + "\"";
      return std::nullopt;
    }
    const std::string_view key = trimmed(attribute.substr(0, equals));
    const std::string_view value = trimmed(attribute.substr(equals + 1));
    if (key == "name") {
      spec.name = value;
      named = !value.empty();
    } else if (key == "addr") {
      spec.address = value;
    } else if (key == "port") {
      spec.port = number<std::uint16_t>(value).value_or(6379);
    } else if (key == "db") {
      spec.database = static_cast<int>(number<std::uint16_t>(value).value_or(0));
    } else if (key == "pass") {
      spec.password = value;
    } else if (key == "unix") {
      spec.unixSocket = value;
    }
  }
  if (!named) {
    error = "no server name (name=...) in the server spec";
    return std::nullopt;
  }
  return spec;
}

}  // namespace kemid::ndb_redis
