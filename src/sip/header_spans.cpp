#include "sip/header_spans.h"

#include "sip/ascii.h"
#include "sip/header_names.h"
#include "sip/raw_scan.h"

namespace kemid::sip {

namespace {

std::size_t offsetIn(std::string_view head, std::string_view part) {
  return static_cast<std::size_t>(part.data() - head.data());
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

Span trimmed(std::string_view head, std::size_t begin, std::size_t end) {
  while (begin < end && isSpace(head[begin])) ++begin;
  while (end > begin && isSpace(head[end - 1])) --end;
  return {begin, end - begin};
}

}  // namespace

std::optional<Span> requestUriSpan(std::string_view head) {
  RawHeaderScanner scanner(head);
  std::string_view line = scanner.startLine();
  std::size_t first = line.find(' ');
  std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || last <= first + 1) return std::nullopt;
  return Span{offsetIn(head, line) + first + 1, last - first - 1};
}

std::size_t firstFieldOffset(std::string_view head) {
  RawHeaderScanner scanner(head);
  if (auto field = scanner.next()) return offsetIn(head, field->line);
  return headerEndOffset(head);
}

std::size_t headerEndOffset(std::string_view head) {
  RawHeaderScanner scanner(head);
  while (scanner.next()) {
  }
  return scanner.complete() ? offsetIn(head, scanner.emptyLine()) : head.size();
}

HeadLayout headLayout(std::string_view head) {
  HeadLayout layout;
  bool viaFound = false;
  bool first = true;
  RawHeaderScanner scanner(head);
  while (auto field = scanner.next()) {
    const std::size_t offset = offsetIn(head, field->line);
    if (first) layout.ownViaOffset = offset;
    first = false;
    if (!viaFound && sameHeaderName(field->name, "Via")) {
      layout.ownViaOffset = offset;
      viaFound = true;
    }
    if (!layout.contentLength && sameHeaderName(field->name, "Content-Length")) {
      layout.contentLength = Span{offsetIn(head, field->value), field->value.size()};
    }
  }
  layout.end = scanner.complete() ? offsetIn(head, scanner.emptyLine()) : head.size();
  if (first) layout.ownViaOffset = layout.end;
  return layout;
}

std::vector<FieldSpans> findFields(std::string_view head, std::string_view name) {
  std::vector<FieldSpans> found;
  RawHeaderScanner scanner(head);
  while (auto field = scanner.next()) {
    if (!sameHeaderName(field->name, name)) continue;
    found.push_back({{offsetIn(head, field->line), field->line.size()},
                     {offsetIn(head, field->value), field->value.size()}});
  }
  return found;
}

std::vector<Span> listElements(std::string_view head, Span value) {
  std::vector<Span> elements;
  bool quoted = false;
  int angle = 0;
  std::size_t start = value.offset;
  for (std::size_t i = value.offset; i < value.end(); ++i) {
    char c = head[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      ++angle;
    } else if (c == '>' && angle > 0) {
      --angle;
    } else if (c == ',' && angle == 0) {
      elements.push_back(trimmed(head, start, i));
      start = i + 1;
    }
  }
  elements.push_back(trimmed(head, start, value.end()));
  return elements;
}

std::optional<Span> findParam(std::string_view head, Span element, std::string_view name) {
  std::string_view text = head.substr(element.offset, element.length);
  bool quoted = false;
  std::size_t at = std::string_view::npos;  // the ';' of the parameter being read
  auto matches = [&](std::size_t end) {
    std::string_view param = text.substr(at + 1, end - at - 1);
    std::string_view key = param.substr(0, param.find('='));
    while (!key.empty() && isSpace(key.back())) key.remove_suffix(1);
    while (!key.empty() && isSpace(key.front())) key.remove_prefix(1);
    return iequals(key, name);
  };
  for (std::size_t i = 0; i <= text.size(); ++i) {
    bool boundary = i == text.size() || (!quoted && text[i] == ';');
    if (i < text.size() && text[i] == '"') quoted = !quoted;
    if (!boundary) continue;
    if (at != std::string_view::npos && matches(i)) {
      std::size_t end = i;
      while (end > at && isSpace(text[end - 1])) --end;
      return Span{element.offset + at, end - at};
    }
    at = i;
  }
  return std::nullopt;
}

}  // namespace kemid::sip
