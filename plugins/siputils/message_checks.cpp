#include "message_checks.h"

#include <ctime>
#include <optional>
#include <string>

#include "sip/ascii.h"
#include "sip/sip_message.h"
#include "uri_text.h"

namespace kemid::siputils {

namespace {

constexpr int kNoDate = -1;
constexpr int kTooOld = -4;

// "Sat, 13 Nov 2010 23:29:00 GMT" (RFC 3261 §20.17: RFC 1123, GMT only).
std::optional<std::time_t> parseSipDate(std::string_view text) {
  const std::string value(sip::trimLws(text));
  std::tm parts{};
  const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&parts);
}

}  // namespace

bool hasToTag(const SipMessage& message) {
  return !message.to().tag.empty();
}

bool isFirstHop(const SipMessage& message) {
  return !message.isRequest() || message.viaCount() == 1;
}

int gruuKind(std::string_view requestUri) {
  auto uri = UriText::split(requestUri);
  if (!uri) return -1;
  for (const auto& param : splitParams(uri->params)) {
    if (sip::iequals(param.name, "gr")) return param.value ? 1 : 2;
  }
  return -1;
}

int checkDateAge(const SipMessage& message, std::int64_t maxAge, std::time_t now) {
  auto header = message.header("Date");
  if (!header) return kNoDate;
  auto date = parseSipDate(*header);
  if (!date) return kNoDate;
  return now - *date > maxAge ? kTooOld : 1;
}

}  // namespace kemid::siputils
