#include "header_values.h"

#include <string>
#include <vector>

#include "sip/ascii.h"
#include "sip/header_spans.h"
#include "sip/sip_message.h"

namespace kemid::textopsx {
namespace {

// The head of the message as received, and the elements of each field.
struct FieldValues {
  sip::FieldSpans field;
  std::vector<sip::Span> elements;
};

std::vector<FieldValues> valuesOf(std::string_view head, std::string_view name) {
  std::vector<FieldValues> out;
  for (const auto& field : sip::findFields(head, name)) {
    out.push_back({field, sip::listElements(head, field.value)});
  }
  return out;
}

bool same(std::string_view head, sip::Span element, std::string_view value) {
  return sip::iequals(head.substr(element.offset, element.length), value);
}

}  // namespace

bool hasHeaderValue(const SipMessage& message, std::string_view name, std::string_view value) {
  const std::string text = message.receivedText();
  const std::string_view head = std::string_view(text).substr(0, message.headSize());
  for (const auto& field : valuesOf(head, name)) {
    for (const sip::Span& element : field.elements) {
      if (same(head, element, value)) return true;
    }
  }
  return false;
}

ValueEdit includeHeaderValue(SipMessage& message, std::string_view name, std::string_view value) {
  if (hasHeaderValue(message, name, value)) return ValueEdit::Done;
  const std::string text = message.receivedText();
  const std::string_view head = std::string_view(text).substr(0, message.headSize());
  const auto fields = valuesOf(head, name);
  if (fields.empty()) {
    const std::string line = std::string(name) + ": " + std::string(value) + "\r\n";
    return message.editText(sip::headerEndOffset(head), 0, line) ? ValueEdit::Done
                                                                 : ValueEdit::Refused;
  }
  const sip::Span last = fields.back().field.value;
  return message.editText(last.end(), 0, "," + std::string(value)) ? ValueEdit::Done
                                                                   : ValueEdit::Refused;
}

ValueEdit excludeHeaderValue(SipMessage& message, std::string_view name, std::string_view value) {
  const std::string text = message.receivedText();
  const std::string_view head = std::string_view(text).substr(0, message.headSize());
  ValueEdit result = ValueEdit::Done;
  for (const auto& field : valuesOf(head, name)) {
    const auto& elements = field.elements;
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (!same(head, elements[i], value)) continue;
      std::size_t from = elements[i].offset;
      std::size_t to = elements[i].end();
      if (i > 0) {
        from = head.rfind(',', from);  // ", value"
      } else if (i + 1 < elements.size()) {
        to = head.find(',', to) + 1;  // "value,"
      }
      if (!message.editText(from, to - from, {})) result = ValueEdit::Refused;
    }
  }
  return result;
}

}  // namespace kemid::textopsx
