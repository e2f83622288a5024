#include "header_value_edits.h"

#include <charconv>
#include <vector>

#include "sip/ascii.h"
#include "sip/header_spans.h"
#include "sip/sip_message.h"

namespace kemid::textopsx {
namespace {

using sip::Span;

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

// A field of the chosen name: its whole line and its body, from after the
// colon and the white space that follows it to the end of the line (white
// space before the CRLF included, as Kamailio's edits count it).
struct Field {
  Span line;
  Span body;
};

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

// One value of a field: from the start of the body or the comma before it
// (excluded) to the comma after it or the end of the body.
struct Value {
  std::size_t field;
  std::size_t position;  // in its field
  std::size_t count;     // values in its field
  Span segment;
  Span text;  // the segment without surrounding white space
};

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

// The item IDX names: 1 the first, -1 the last; `zero` says what 0 means.
enum class Zero { First, Last };
template <typename T>
const T* pick(const std::vector<T>& items, int number, Zero zero) {
  const auto size = static_cast<long>(items.size());
  long at = number;
  if (number == 0) at = zero == Zero::First ? 1 : -1;
  if (at < 0) at += size + 1;
  if (at < 1 || at > size) return nullptr;
  return &items[static_cast<std::size_t>(at - 1)];
}

class Editor {
 public:
  explicit Editor(SipMessage& message) : message_(message) {}
  void change(Span span, std::string text) {
    if (!message_.editText(span.offset, span.length, std::move(text))) refused_ = true;
    done_ = true;
  }
  HfEdit outcome() const {
    if (refused_) return HfEdit::Refused;
    return done_ ? HfEdit::Done : HfEdit::NotFound;
  }

 private:
  SipMessage& message_;
  bool done_ = false;
  bool refused_ = false;
};

struct Head {
  explicit Head(const SipMessage& message) : text(message.receivedText()) {
    head = std::string_view(text).substr(0, message.headSize());
  }
  std::string text;
  std::string_view head;
};

std::string newField(const HeaderSelector& selector, std::string_view value) {
  return selector.name + ": " + std::string(value) + "\r\n";
}

HfEdit addField(SipMessage& message, std::string_view head, const HeaderSelector& selector,
                std::string_view value) {
  Editor editor(message);
  editor.change({sip::headerEndOffset(head), 0}, newField(selector, value));
  return editor.outcome();
}

// A parameter found in a value: where its text starts (name, without white
// space), where its name ends, where it ends (without white space), and the
// separator before it (';' or ',').
struct Param {
  std::size_t separator;
  std::size_t nameStart;
  std::size_t nameEnd;
  std::size_t end;
  bool hasEquals;
};

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

bool named(std::string_view head, const Param& param, std::string_view name) {
  return sip::iequals(head.substr(param.nameStart, param.nameEnd - param.nameStart), name);
}

// The ";name=value" parameters of a value (';' inside quotes or <...>
// does not separate).
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

// assign_hf_value on a parameter of one value.
void assignSemicolonParam(Editor& editor, std::string_view head, const Value& value,
                          std::string_view name, std::string_view text) {
  for (const Param& param : semicolonParams(head, value.text)) {
    if (!named(head, param, name)) continue;
    if (text.empty()) {
      editor.change(between(param.separator, param.end), {});
    } else {
      editor.change(between(param.nameEnd, param.end), "=" + std::string(text));
    }
    return;
  }
  if (!text.empty()) {
    editor.change({value.text.end(), 0}, ";" + std::string(name) + "=" + std::string(text));
  }
}

void removeSemicolonParam(Editor& editor, std::string_view head, const Value& value,
                          std::string_view name) {
  for (const Param& param : semicolonParams(head, value.text)) {
    if (named(head, param, name)) {
      editor.change(between(param.separator, param.end), {});
      return;
    }
  }
}

// The "name=value" parameters of an Authorization-style body, after its
// scheme ("Digest"): the first word, when what follows it is not '='.
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

void assignCommaParam(Editor& editor, std::string_view head, const Field& field,
                      std::string_view name, std::string_view text) {
  const auto params = commaParams(head, field.body);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Param& param = params[i];
    if (!named(head, param, name)) continue;
    if (!text.empty()) {
      const std::size_t valueStart = head.find('=', param.nameEnd) + 1;
      editor.change(between(valueStart, param.end), std::string(text));
    } else if (i > 0) {
      editor.change(between(param.separator, param.end), {});  // ", name=value"
    } else if (i + 1 < params.size()) {
      editor.change(between(param.nameStart, params[i + 1].separator + 1), {});  // "name=value,"
    } else {
      editor.change(between(param.nameStart, param.end), {});
    }
    return;
  }
  if (text.empty()) return;
  const Span body = trimmed(head, field.body.offset, field.body.end());
  const char separator = params.empty() ? ' ' : ',';
  editor.change({body.end(), 0}, separator + std::string(name) + "=" + std::string(text));
}

}  // namespace

std::optional<HeaderSelector> parseHeaderSelector(std::string_view text) {
  HeaderSelector selector;
  text = trim(text);
  std::size_t nameLength = 0;
  while (nameLength < text.size() && text[nameLength] != '[' && text[nameLength] != '.' &&
         !isSpace(text[nameLength])) {
    ++nameLength;
  }
  if (nameLength == 0) return std::nullopt;
  selector.name = std::string(text.substr(0, nameLength));
  text = trim(text.substr(nameLength));
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view index = trim(text.substr(1, close - 1));
    if (index == "*") {
      selector.index = HeaderSelector::Index::All;
    } else {
      std::string_view digits = index;
      if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), selector.number);
      if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
      }
      selector.index = HeaderSelector::Index::Number;
    }
    text = trim(text.substr(close + 1));
  }
  if (!text.empty()) {
    if (text.front() != '.') return std::nullopt;
    const std::string_view param = trim(text.substr(1));
    if (param.empty()) return std::nullopt;
    selector.param = std::string(param);
  }
  return selector;
}

HfEdit appendHeaderValue(SipMessage& message, const HeaderSelector& selector,
                         std::string_view value) {
  using enum HeaderSelector::Index;
  if (selector.param || selector.index == All) return HfEdit::NotFound;
  const Head text(message);
  const auto fields = fieldsOf(text.head, selector.name);
  if (selector.index == None || fields.empty())
    return addField(message, text.head, selector, value);
  const auto values = valuesOf(text.head, fields);
  const Value* target = pick(values, selector.number, Zero::Last);
  if (target == nullptr) return addField(message, text.head, selector, value);
  Editor editor(message);
  editor.change({target->segment.end(), 0}, "," + std::string(value));
  return editor.outcome();
}

HfEdit insertHeaderValue(SipMessage& message, const HeaderSelector& selector,
                         std::string_view value) {
  using enum HeaderSelector::Index;
  if (selector.param || selector.index == All) return HfEdit::NotFound;
  const Head text(message);
  const auto fields = fieldsOf(text.head, selector.name);
  if (fields.empty()) return addField(message, text.head, selector, value);
  Editor editor(message);
  if (selector.index == None) {
    editor.change({fields.front().line.offset, 0}, newField(selector, value));
    return editor.outcome();
  }
  const auto values = valuesOf(text.head, fields);
  const Value* target = pick(values, selector.number, Zero::First);
  if (target == nullptr) return HfEdit::NotFound;
  editor.change({target->segment.offset, 0}, std::string(value) + ",");
  return editor.outcome();
}

HfEdit assignHeaderValue(SipMessage& message, const HeaderSelector& selector,
                         std::string_view value) {
  using enum HeaderSelector::Index;
  const Head text(message);
  const auto values = valuesOf(text.head, fieldsOf(text.head, selector.name));
  Editor editor(message);
  if (!selector.param) {
    if (selector.index == All) return HfEdit::NotFound;
    const Value* target = pick(values, selector.index == None ? 1 : selector.number, Zero::First);
    if (target == nullptr) return HfEdit::NotFound;
    editor.change(target->text, std::string(value));
    return editor.outcome();
  }
  if (selector.index == All) {
    for (const Value& target : values) {
      assignSemicolonParam(editor, text.head, target, *selector.param, value);
    }
  } else if (const Value* target =
                 pick(values, selector.index == None ? 1 : selector.number, Zero::First)) {
    assignSemicolonParam(editor, text.head, *target, *selector.param, value);
  }
  return editor.outcome();
}

HfEdit removeHeaderValue(SipMessage& message, const HeaderSelector& selector) {
  using enum HeaderSelector::Index;
  const Head text(message);
  const auto fields = fieldsOf(text.head, selector.name);
  const auto values = valuesOf(text.head, fields);
  Editor editor(message);
  if (selector.param) {
    if (selector.index == All) {
      for (const Value& target : values) {
        removeSemicolonParam(editor, text.head, target, *selector.param);
      }
    } else if (const Value* target =
                   pick(values, selector.index == None ? 1 : selector.number, Zero::First)) {
      removeSemicolonParam(editor, text.head, *target, *selector.param);
    }
    return editor.outcome();
  }
  if (selector.index == All) {
    for (const Field& field : fields) editor.change(field.line, {});
    return editor.outcome();
  }
  const Value* target = pick(values, selector.index == None ? 1 : selector.number, Zero::First);
  if (target == nullptr) return HfEdit::NotFound;
  const Span segment = target->segment;
  if (target->count == 1) {
    editor.change(fields[target->field].line, {});
  } else if (target->position == 0) {
    editor.change(between(segment.offset, segment.end() + 1), {});  // "value,"
  } else {
    editor.change(between(segment.offset - 1, segment.end()), {});  // ",value"
  }
  return editor.outcome();
}

HfEdit assignHeaderValue2(SipMessage& message, const HeaderSelector& selector,
                          std::string_view value) {
  using enum HeaderSelector::Index;
  const Head text(message);
  const auto fields = fieldsOf(text.head, selector.name);
  Editor editor(message);
  if (!selector.param) {
    if (selector.index == All) return HfEdit::NotFound;
    const Field* target = pick(fields, selector.index == None ? 1 : selector.number, Zero::First);
    if (target == nullptr) return HfEdit::NotFound;
    editor.change(target->body, std::string(value));
    return editor.outcome();
  }
  if (selector.index == All) {
    for (const Field& field : fields) {
      assignCommaParam(editor, text.head, field, *selector.param, value);
    }
  } else if (const Field* target =
                 pick(fields, selector.index == None ? 1 : selector.number, Zero::First)) {
    assignCommaParam(editor, text.head, *target, *selector.param, value);
  }
  return editor.outcome();
}

HfEdit removeHeaderValue2(SipMessage& message, const HeaderSelector& selector,
                          std::string_view value) {
  using enum HeaderSelector::Index;
  if (selector.param) return assignHeaderValue2(message, selector, value);
  const Head text(message);
  const auto fields = fieldsOf(text.head, selector.name);
  Editor editor(message);
  if (selector.index == All) {
    for (const Field& field : fields) editor.change(field.line, {});
  } else if (const Field* target =
                 pick(fields, selector.index == None ? 1 : selector.number, Zero::First)) {
    editor.change(target->line, {});
  }
  return editor.outcome();
}

}  // namespace kemid::textopsx
