#include "header_value_edits.h"

#include <charconv>
#include <vector>

#include "header_value_text.h"
#include "sip/header_spans.h"
#include "sip/sip_message.h"

namespace kemid::textopsx {
namespace {

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
