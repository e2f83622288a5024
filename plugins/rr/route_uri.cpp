#include "route_uri.h"

#include "core/network.h"
#include "sip/ascii.h"

namespace kemid::rr {

namespace {

// Where the host part starts: after the user part, or after the scheme.
std::size_t hostStart(std::string_view uri) {
  auto colon = uri.find(':');
  std::size_t start = colon == std::string_view::npos ? 0 : colon + 1;
  auto headers = uri.find('?', start);
  auto at = uri.substr(0, headers).rfind('@');
  return at == std::string_view::npos || at < start ? start : at + 1;
}

}  // namespace

std::string_view uriParamsText(std::string_view uri) {
  std::size_t from = hostStart(uri);
  if (from < uri.size() && uri[from] == '[') {
    auto close = uri.find(']', from);
    if (close != std::string_view::npos) from = close;
  }
  auto semicolon = uri.find(';', from);
  if (semicolon == std::string_view::npos) return {};
  auto end = uri.find('?', semicolon);
  if (end == std::string_view::npos) end = uri.size();
  return uri.substr(semicolon + 1, end - semicolon - 1);
}

std::string_view uriUserText(std::string_view uri) {
  auto colon = uri.find(':');
  std::size_t start = colon == std::string_view::npos ? 0 : colon + 1;
  std::size_t host = hostStart(uri);
  if (host == start) return {};
  std::string_view user = uri.substr(start, host - 1 - start);
  return user.substr(0, user.find(':'));  // without a password
}

bool isLooseRouter(const SipUri& uri) {
  return findParam(uri.params, "lr") != nullptr;
}

bool isDoubleRecordRoute(const SipUri& uri) {
  const SipParam* r2 = findParam(uri.params, "r2");
  return r2 != nullptr && r2->value && sip::iequals(*r2->value, "on");
}

std::string maddrTarget(std::string_view uri, const SipUri& parsed) {
  const SipParam* maddr = findParam(parsed.params, "maddr");
  if (maddr == nullptr || !maddr->value || maddr->value->empty()) return std::string(uri);
  std::string target = "sip:" + *maddr->value;
  if (parsed.port) target += ":" + std::to_string(*parsed.port);
  return target;
}

bool isMyself(const SipUri& uri, const SipNetwork* network) {
  if (network == nullptr || uri.host.empty()) return false;
  const std::uint16_t port = uri.port.value_or(sip::iequals(uri.scheme, "sips") ? 5061 : 5060);
  if (network->isMyself(uri.host, port)) return true;
  // An IPv6 address may be known with its brackets.
  return uri.host.find(':') != std::string::npos && network->isMyself("[" + uri.host + "]", port);
}

}  // namespace kemid::rr
