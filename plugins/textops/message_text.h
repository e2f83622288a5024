#pragma once
// textops' view of a message: the text as received (what Kamailio's
// functions search, whatever edits are pending) and where its parts are.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sip/header_spans.h"

namespace kemid {
class SipMessage;
}

namespace kemid::textops {

struct HeaderField {
  std::string_view name;
  sip::Span line;   // the whole field with its line end, in MessageText::text
  sip::Span value;  // the value, trimmed
};

class MessageText {
 public:
  explicit MessageText(const SipMessage& message);
  // fields() points into text(): not copied or moved.
  MessageText(const MessageText&) = delete;
  MessageText& operator=(const MessageText&) = delete;

  const std::string& text() const { return text_; }
  // Where the first header field starts (after the start line), where the
  // head ends (the body starts) and the body.
  std::size_t headersStart() const { return headersStart_; }
  std::size_t headEnd() const { return headEnd_; }
  std::string_view body() const { return std::string_view(text_).substr(headEnd_); }
  // Every header field, in order.
  const std::vector<HeaderField>& fields() const { return fields_; }
  std::string_view valueOf(const HeaderField& field) const {
    return std::string_view(text_).substr(field.value.offset, field.value.length);
  }

 private:
  std::string text_;
  std::size_t headersStart_ = 0;
  std::size_t headEnd_ = 0;
  std::vector<HeaderField> fields_;
};

}  // namespace kemid::textops
