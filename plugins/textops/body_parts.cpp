#include "body_parts.h"

#include <algorithm>

#include "message_text.h"
#include "sip/ascii.h"
#include "sip/header_names.h"
#include "sip/sip_message.h"

namespace kemid::textops {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The media type of a Content-Type value, without its parameters.
std::string_view mediaType(std::string_view value) {
  return trimmed(value.substr(0, std::min(value.find(';'), value.size())));
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = sip::asciiLower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> multipartBoundary(const SipMessage& message) {
  const std::string type = message.header("Content-Type").value_or("");
  if (!sip::istartsWith(trimmed(type), "multipart/")) return std::nullopt;
  std::string lower(type);
  for (char& c : lower) c = sip::asciiLower(c);
  std::size_t at = lower.find("boundary=");
  if (at == std::string::npos) return std::nullopt;
  std::string_view value = std::string_view(type).substr(at + 9);
  value = trimmed(value.substr(0, std::min(value.find(';'), value.size())));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  if (value.empty()) return std::nullopt;
  return std::string(value);
}

std::optional<BodyPart> findBodyPart(std::string_view body, std::string_view boundary,
                                     std::string_view type) {
  const std::string delimiter = "--" + std::string(boundary);
  for (std::size_t at = body.find(delimiter); at != std::string_view::npos;) {
    std::size_t line = body.find('\n', at);
    if (line == std::string_view::npos) break;
    ++line;  // the part's first header line
    const std::size_t next = body.find("\r\n" + delimiter, line);
    if (next == std::string_view::npos) break;
    // The part's header lines, up to the empty line.
    while (line < next && body.substr(line, 2) != "\r\n") {
      std::size_t end = body.find("\r\n", line);
      if (end == std::string_view::npos || end > next) break;
      std::string_view header = body.substr(line, end - line);
      end += 2;
      const std::size_t colon = header.find(':');
      if (colon != std::string_view::npos &&
          sip::sameHeaderName(trimmed(header.substr(0, colon)), "Content-Type") &&
          sip::iequals(mediaType(header.substr(colon + 1)), trimmed(type))) {
        const std::size_t delimiterLineEnd = body.find("\r\n", next + 2);
        return BodyPart{.delimiterStart = at,
                        .typeLineStart = line,
                        .typeLineEnd = end,
                        .contentEnd = next + 2,
                        .nextDelimiterEnd = delimiterLineEnd == std::string_view::npos
                                                ? body.size()
                                                : delimiterLineEnd + 2};
      }
      line = end;
    }
    at = next + 2;
  }
  return std::nullopt;
}

std::optional<std::string> bodyPartText(const SipMessage& message, std::string_view type,
                                        bool raw) {
  const MessageText received(message);
  const std::string_view body = received.body();
  const auto boundary = multipartBoundary(message);
  if (!boundary) {
    const std::string contentType = message.header("Content-Type").value_or("");
    if (body.empty() || !sip::iequals(mediaType(contentType), trimmed(type))) return std::nullopt;
    return std::string(body);
  }
  auto part = findBodyPart(body, *boundary, type);
  if (!part) return std::nullopt;
  if (raw) {
    return std::string(
        body.substr(part->typeLineStart, part->nextDelimiterEnd - part->typeLineStart));
  }
  return std::string(body.substr(part->typeLineEnd, part->contentEnd - part->typeLineEnd));
}

EditOutcome removeBodyPart(SipMessage& message, std::string_view type) {
  const auto boundary = multipartBoundary(message);
  if (!boundary) return EditOutcome::NotFound;
  const MessageText received(message);
  auto part = findBodyPart(received.body(), *boundary, type);
  if (!part) return EditOutcome::NotFound;
  return message.editText(received.headEnd() + part->delimiterStart,
                          part->contentEnd - part->delimiterStart, {})
             ? EditOutcome::Done
             : EditOutcome::Refused;
}

EditOutcome appendBodyPart(SipMessage& message, std::string_view content, std::string_view type,
                           std::string_view disposition) {
  const auto boundary = multipartBoundary(message);
  if (!boundary) return EditOutcome::NotFound;
  const MessageText received(message);
  const std::string_view body = received.body();
  const std::string closing = "--" + *boundary + "--";
  std::size_t at = body.starts_with(closing) ? 0 : body.find("\r\n" + closing);
  if (at == std::string_view::npos) return EditOutcome::NotFound;
  if (at != 0) at += 2;
  std::string part = "--" + *boundary + "\r\nContent-Type: " + std::string(type) + "\r\n";
  if (!disposition.empty()) part += "Content-Disposition: " + std::string(disposition) + "\r\n";
  part += "\r\n" + std::string(content) + "\r\n";
  return message.editText(received.headEnd() + at, 0, std::move(part)) ? EditOutcome::Done
                                                                       : EditOutcome::Refused;
}

EditOutcome setMultipartBody(SipMessage& message, std::string_view content, std::string_view type,
                             std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary) + "\r\n";
  std::string body = delimiter + "Content-Type: " + std::string(type) + "\r\n\r\n" +
                     std::string(content) + "\r\n" + delimiter;
  const std::string contentType = "multipart/mixed;boundary=\"" + std::string(boundary) + "\"";
  if (!message.replaceBody(std::move(body), contentType)) return EditOutcome::Refused;
  return message.appendHeader("Mime-Version", "1.0") ? EditOutcome::Done : EditOutcome::Refused;
}

EditOutcome convertToMultipart(SipMessage& message, std::string_view boundary) {
  const MessageText received(message);
  const std::string_view body = received.body();
  if (body.empty()) return EditOutcome::NotFound;
  if (multipartBoundary(message)) return EditOutcome::Done;
  const std::string type = message.header("Content-Type").value_or("");
  return setMultipartBody(message, body, trimmed(type), boundary);
}

std::optional<std::string> decodeHexContent(std::string_view hex) {
  std::string bytes;
  int high = -1;
  for (char c : hex) {
    if (c == ' ') {
      if (high >= 0) return std::nullopt;  // half a pair
      continue;
    }
    const int digit = hexDigit(c);
    if (digit < 0) return std::nullopt;
    if (high < 0) {
      high = digit;
    } else {
      bytes.push_back(static_cast<char>(high * 16 + digit));
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;
  return bytes;
}

}  // namespace kemid::textops
