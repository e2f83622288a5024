#include "message_text.h"

#include <charconv>

#include "sip/ascii.h"
#include "sip/header_names.h"
#include "sip/raw_scan.h"

namespace kemid::nathelper {

namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Calls visit(lineBegin, lineEnd) for every line of the body (offsets into
// text, the line end excluded).
template <class Visit>
void forEachBodyLine(std::string_view text, std::size_t bodyOffset, Visit visit) {
  std::size_t at = bodyOffset;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    if (end == std::string_view::npos) end = text.size();
    if (end > at && text[end - 1] == '\r') --end;
    visit(at, end, next);
    at = next;
  }
}

}  // namespace

std::optional<UriParts> UriParts::parse(std::string_view uri) {
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  UriParts parts;
  parts.end = uri.size();
  std::size_t hostBegin = colon + 1;
  // The user part ends at the last '@' before any parameter.
  const std::size_t paramsAt = uri.find_first_of(";?", hostBegin);
  const std::size_t at = uri.substr(0, paramsAt).rfind('@');
  if (at != std::string_view::npos && at > colon) hostBegin = at + 1;
  std::size_t hostEnd;
  if (hostBegin < uri.size() && uri[hostBegin] == '[') {
    hostEnd = uri.find(']', hostBegin);
    if (hostEnd == std::string_view::npos) return std::nullopt;
    ++hostEnd;
    parts.host = std::string(uri.substr(hostBegin + 1, hostEnd - hostBegin - 2));
  } else {
    hostEnd = uri.find_first_of(":;?>", hostBegin);
    if (hostEnd == std::string_view::npos) hostEnd = uri.size();
    parts.host = std::string(uri.substr(hostBegin, hostEnd - hostBegin));
  }
  if (parts.host.empty()) return std::nullopt;
  parts.hostBegin = hostBegin;
  parts.hostEnd = hostEnd;
  parts.hostPortEnd = hostEnd;
  if (hostEnd < uri.size() && uri[hostEnd] == ':') {
    std::size_t portEnd = uri.find_first_of(";?", hostEnd + 1);
    if (portEnd == std::string_view::npos) portEnd = uri.size();
    unsigned port = 0;
    const std::string_view digits = uri.substr(hostEnd + 1, portEnd - hostEnd - 1);
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || ptr != digits.data() + digits.size() || port > 65535) {
      return std::nullopt;
    }
    parts.port = port;
    parts.hostPortEnd = portEnd;
  }
  return parts;
}

std::vector<ContactText> firstContactField(std::string_view text) {
  sip::RawHeaderScanner scanner(text);
  while (auto header = scanner.next()) {
    if (!sip::sameHeaderName(header->name, "Contact")) continue;
    const std::string_view value = header->value;
    const std::size_t valueOffset = static_cast<std::size_t>(value.data() - text.data());
    std::vector<ContactText> contacts;
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t end = sip::listElementEnd(value, start);
      std::size_t begin = start;
      while (begin < end && isSpace(value[begin])) ++begin;
      std::size_t last = end;
      while (last > begin && isSpace(value[last - 1])) --last;
      const std::string_view element = value.substr(begin, last - begin);
      ContactText contact;
      contact.begin = valueOffset + begin;
      contact.end = valueOffset + last;
      std::size_t uriBegin = 0;
      std::size_t uriEnd = element.size();
      if (const auto open = element.find('<'); open != std::string_view::npos) {
        const auto close = element.find('>', open);
        if (close == std::string_view::npos) return {};
        uriBegin = open + 1;
        uriEnd = close;
        contact.bracketed = true;
      } else if (const auto semicolon = element.find(';'); semicolon != std::string_view::npos) {
        uriEnd = semicolon;
      }
      const std::string_view uri = element.substr(uriBegin, uriEnd - uriBegin);
      auto parts = UriParts::parse(uri);
      if (!parts) return {};
      contact.uriBegin = contact.begin + uriBegin;
      contact.uriEnd = contact.begin + uriEnd;
      contact.uri = std::move(*parts);
      contacts.push_back(std::move(contact));
      if (end == value.size()) break;
      start = end + 1;
    }
    return contacts;
  }
  return {};
}

std::vector<SdpAddress> sdpAddresses(std::string_view text, std::size_t bodyOffset) {
  std::vector<SdpAddress> addresses;
  forEachBodyLine(text, bodyOffset, [&](std::size_t begin, std::size_t end, std::size_t) {
    const std::string_view line = text.substr(begin, end - begin);
    SdpAddress::Line kind;
    if (line.starts_with("c=")) {
      kind = SdpAddress::Line::Connection;
    } else if (line.starts_with("o=")) {
      kind = SdpAddress::Line::Origin;
    } else if (line.starts_with("a=rtcp:")) {
      kind = SdpAddress::Line::Rtcp;
    } else {
      return;
    }
    // The address is the last field, after "IN IP4" / "IN IP6".
    const std::size_t ip = line.find(" IP");
    if (ip == std::string_view::npos || ip + 5 > line.size()) return;
    std::size_t addressBegin = ip + 5;
    while (addressBegin < line.size() && line[addressBegin] == ' ') ++addressBegin;
    std::size_t addressEnd = line.find_first_of(" /", addressBegin);
    if (addressEnd == std::string_view::npos) addressEnd = line.size();
    if (addressEnd == addressBegin) return;
    addresses.push_back(
        SdpAddress{.line = kind,
                   .begin = begin + addressBegin,
                   .end = begin + addressEnd,
                   .address = std::string(line.substr(addressBegin, addressEnd - addressBegin))});
  });
  return addresses;
}

std::vector<std::size_t> sdpMediaEnds(std::string_view text, std::size_t bodyOffset) {
  std::vector<std::size_t> ends;
  bool inMedia = false;
  forEachBodyLine(text, bodyOffset, [&](std::size_t begin, std::size_t, std::size_t) {
    if (text.substr(begin, 2) != "m=") return;
    if (inMedia) ends.push_back(begin);
    inMedia = true;
  });
  if (inMedia) ends.push_back(text.size());
  return ends;
}

bool hasSdpBody(std::string_view text) {
  sip::RawHeaderScanner scanner(text);
  std::optional<std::string_view> contentType;
  while (auto header = scanner.next()) {
    if (sip::sameHeaderName(header->name, "Content-Type")) contentType = header->value;
  }
  if (!scanner.complete() || scanner.bodyOffset() >= text.size()) return false;
  if (!contentType) return true;
  std::string_view type = contentType->substr(0, contentType->find(';'));
  while (!type.empty() && isSpace(type.back())) type.remove_suffix(1);
  return sip::iequals(type, "application/sdp");
}

}  // namespace kemid::nathelper
