#include "text_checks.h"

#include "sip/ascii.h"

namespace kemid::siputils {

namespace {

constexpr int kYes = 1;
constexpr int kEmptyOrNotDigits = -2;
constexpr int kEmpty = -2;
constexpr int kOutsideClass = -3;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool isAlnum(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool allDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!isDigit(c)) return false;
  }
  return true;
}

// host[:port] of a sip/sips URI: a host, and a port that is a port number.
bool validHostPort(std::string_view hostPort) {
  std::string_view host = hostPort;
  std::string_view port;
  if (hostPort.starts_with('[')) {
    const auto close = hostPort.find(']');
    if (close == std::string_view::npos) return false;
    host = hostPort.substr(0, close + 1);
    std::string_view rest = hostPort.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
  } else if (const auto colon = hostPort.find(':'); colon != std::string_view::npos) {
    host = hostPort.substr(0, colon);
    port = hostPort.substr(colon + 1);
    if (port.empty()) return false;
  }
  if (host.empty()) return false;
  return port.empty() || sip::parsePort(port).has_value();
}

}  // namespace

int isTelNumber(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  return allDigits(text) ? kYes : kEmptyOrNotDigits;
}

int isNumeric(std::string_view text) {
  return allDigits(text) ? kYes : kEmptyOrNotDigits;
}

int isAlphanum(std::string_view text) {
  return isAlphanumEx(text, {});
}

int isAlphanumEx(std::string_view text, std::string_view extra) {
  if (text.empty()) return kEmpty;
  for (char c : text) {
    if (!isAlnum(c) && extra.find(c) == std::string_view::npos) return kOutsideClass;
  }
  return kYes;
}

int isUri(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return -1;
  const std::string_view scheme = text.substr(0, colon);
  const std::string_view rest = text.substr(colon + 1);
  if (sip::iequals(scheme, "tel") || sip::iequals(scheme, "tels") || sip::iequals(scheme, "urn")) {
    return rest.empty() ? -1 : 1;
  }
  if (!sip::iequals(scheme, "sip") && !sip::iequals(scheme, "sips")) return -1;
  std::string_view hostPart = rest.substr(0, rest.find_first_of(";?"));
  if (const auto at = hostPart.rfind('@'); at != std::string_view::npos) {
    hostPart.remove_prefix(at + 1);
  }
  return validHostPort(hostPart) ? 1 : -1;
}

}  // namespace kemid::siputils
