#include "message_text.h"

#include "sip/raw_scan.h"
#include "sip/sip_message.h"

namespace kemid::textops {

MessageText::MessageText(const SipMessage& message)
    : text_(message.receivedText()), headEnd_(message.headSize()) {
  const std::string_view head = std::string_view(text_).substr(0, headEnd_);
  auto offsetOf = [&](std::string_view part) {
    return static_cast<std::size_t>(part.data() - head.data());
  };
  sip::RawHeaderScanner scanner(head);
  headersStart_ = headEnd_;
  bool first = true;
  while (auto field = scanner.next()) {
    if (first) headersStart_ = offsetOf(field->line);
    first = false;
    fields_.push_back({field->name,
                       {offsetOf(field->line), field->line.size()},
                       {offsetOf(field->value), field->value.size()}});
  }
}

}  // namespace kemid::textops
