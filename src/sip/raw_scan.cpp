#include "sip/raw_scan.h"

#include "sip/ascii.h"
#include "sip/header_names.h"

namespace kemid::sip {

namespace {

constexpr bool isWsp(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trimWsp(std::string_view text) {
  while (!text.empty() && isWsp(text.front())) text.remove_prefix(1);
  while (!text.empty() && isWsp(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

RawHeaderScanner::RawHeaderScanner(std::string_view message) : message_(message) {
  std::size_t start = 0;
  while (start < message.size() && (message[start] == '\r' || message[start] == '\n')) ++start;
  std::size_t eol = message.find('\n', start);
  if (eol == std::string_view::npos) {
    startLine_ = message.substr(start);
    pos_ = message.size();
    return;
  }
  startLine_ = message.substr(start, eol - start);
  if (!startLine_.empty() && startLine_.back() == '\r') startLine_.remove_suffix(1);
  pos_ = eol + 1;
}

std::optional<RawHeader> RawHeaderScanner::next() {
  if (complete() || pos_ >= message_.size()) return std::nullopt;
  std::string_view rest = message_.substr(pos_);
  if (rest.starts_with("\r\n") || rest.starts_with('\n')) {
    emptyLine_ = rest.substr(0, rest.front() == '\r' ? 2 : 1);
    bodyOffset_ = pos_ + emptyLine_.size();
    return std::nullopt;
  }
  // A field continues on every following line that starts with SP or HT.
  std::size_t end = 0;
  for (;;) {
    std::size_t eol = rest.find('\n', end);
    if (eol == std::string_view::npos) {
      end = rest.size();
      break;
    }
    end = eol + 1;
    if (end >= rest.size() || !isWsp(rest[end])) break;
  }
  pos_ += end;
  RawHeader header;
  header.line = rest.substr(0, end);
  std::size_t colon = header.line.find(':');
  if (colon == std::string_view::npos) {
    header.value = trimLws(header.line);
    return header;
  }
  header.name = trimWsp(header.line.substr(0, colon));
  header.value = trimLws(header.line.substr(colon + 1));
  return header;
}

bool isOutOfDialogRequest(std::string_view datagram) {
  RawHeaderScanner scanner(datagram);
  if (istartsWith(scanner.startLine(), "SIP/")) return false;
  while (auto header = scanner.next()) {
    if (!sameHeaderName(header->name, "To")) continue;
    // ";tag=" outside the URI's <...>; a tag parameter name is
    // case-insensitive (§7.3.1).
    std::string_view value = header->value;
    std::size_t close = value.rfind('>');
    std::string_view params = close == std::string_view::npos ? value : value.substr(close);
    for (std::size_t at = params.find(';'); at != std::string_view::npos;
         at = params.find(';', at + 1)) {
      std::string_view rest = trimLws(params.substr(at + 1));
      if (istartsWith(rest, "tag") && trimLws(rest.substr(3)).starts_with('=')) return false;
    }
    return true;
  }
  return true;
}

std::optional<std::string_view> findCallId(std::string_view datagram) {
  RawHeaderScanner scanner(datagram);
  while (auto header = scanner.next()) {
    if (sameHeaderName(header->name, "Call-ID")) return header->value;
  }
  return std::nullopt;
}

std::size_t listElementEnd(std::string_view value, std::size_t from) {
  bool quoted = false;
  bool bracketed = false;
  for (std::size_t i = from; i < value.size(); ++i) {
    const char c = value[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      bracketed = true;
    } else if (c == '>') {
      bracketed = false;
    } else if (c == ',' && !bracketed) {
      return i;
    }
  }
  return value.size();
}

}  // namespace kemid::sip
