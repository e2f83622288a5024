#include "header_value_text.h"

#include "sip/ascii.h"

namespace kemid::textopsx {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

Span trimmed(std::string_view head, std::size_t from, std::size_t to) {
  while (from < to && isSpace(head[from])) ++from;
  while (to > from && isSpace(head[to - 1])) --to;
  return {from, to - from};
}

Span between(std::size_t from, std::size_t to) {
  return {from, to - from};
}

std::vector<Field> fieldsOf(std::string_view head, std::string_view name) {
  std::vector<Field> fields;
  for (const auto& found : sip::findFields(head, name)) {
    std::size_t end = found.line.end();
    if (end > found.line.offset && head[end - 1] == '\n') --end;
    if (end > found.line.offset && head[end - 1] == '\r') --end;
    std::size_t start = head.find(':', found.line.offset) + 1;
    while (start < end && (head[start] == ' ' || head[start] == '\t')) ++start;
    fields.push_back({found.line, between(start, end)});
  }
  return fields;
}

namespace {

// The comma-separated parts of `body`, commas inside double quotes kept
// (not those inside <...>: Kamailio splits there too).
std::vector<Span> commaParts(std::string_view head, Span body) {
  std::vector<Span> parts;
  bool quoted = false;
  std::size_t start = body.offset;
  for (std::size_t i = body.offset; i < body.end(); ++i) {
    const char c = head[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      parts.push_back(between(start, i));
      start = i + 1;
    }
  }
  parts.push_back(between(start, body.end()));
  return parts;
}

}  // namespace

std::vector<Value> valuesOf(std::string_view head, const std::vector<Field>& fields) {
  std::vector<Value> values;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const auto parts = commaParts(head, fields[f].body);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      values.push_back(
          {f, i, parts.size(), parts[i], trimmed(head, parts[i].offset, parts[i].end())});
    }
  }
  return values;
}

namespace {

Param paramAt(std::string_view head, std::size_t separator, Span part) {
  const Span text = trimmed(head, part.offset, part.end());
  const std::string_view body = head.substr(text.offset, text.length);
  const std::size_t equals = body.find('=');
  // The text starts with the name, so the name's length is that of the
  // part before '=' without its trailing white space.
  const std::size_t nameLength = trim(body.substr(0, equals)).size();
  return {separator, text.offset, text.offset + nameLength, text.end(),
          equals != std::string_view::npos};
}

}  // namespace

bool named(std::string_view head, const Param& param, std::string_view name) {
  return sip::iequals(head.substr(param.nameStart, param.nameEnd - param.nameStart), name);
}

std::vector<Param> semicolonParams(std::string_view head, Span value) {
  std::vector<Param> params;
  bool quoted = false;
  int angle = 0;
  std::optional<std::size_t> separator;
  auto close = [&](std::size_t end) {
    if (separator) params.push_back(paramAt(head, *separator, between(*separator + 1, end)));
  };
  for (std::size_t i = value.offset; i < value.end(); ++i) {
    const char c = head[i];
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
    } else if (c == ';' && angle == 0) {
      close(i);
      separator = i;
    }
  }
  close(value.end());
  return params;
}

std::vector<Param> commaParams(std::string_view head, Span body) {
  std::vector<Param> params;
  const auto parts = commaParts(head, body);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    Span part = trimmed(head, parts[i].offset, parts[i].end());
    if (i == 0) {
      std::size_t word = part.offset;
      while (word < part.end() && !isSpace(head[word]) && head[word] != '=') ++word;
      std::size_t next = word;
      while (next < part.end() && isSpace(head[next])) ++next;
      if (word < part.end() && head[word] != '=' && next < part.end() && head[next] != '=') {
        part = between(next, part.end());
      }
    }
    const std::size_t separator = i == 0 ? part.offset : parts[i].offset - 1;
    Param param = paramAt(head, separator, part);
    if (param.hasEquals) params.push_back(param);
  }
  return params;
}

}  // namespace kemid::textopsx
