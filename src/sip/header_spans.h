#pragma once
// Where things are in the text of a received message head (start line to
// the empty line), as offsets: the places the edit model (message_edits.h)
// changes.

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace kemid::sip {

struct Span {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::size_t end() const { return offset + length; }
};

// The Request-URI of a request line ("INVITE sip:b@h SIP/2.0").
std::optional<Span> requestUriSpan(std::string_view head);

// Where the first header field starts, and where the empty line ending the
// header section starts (new fields are appended there).
std::size_t firstFieldOffset(std::string_view head);
std::size_t headerEndOffset(std::string_view head);

// What building the text to send needs of a head, found in one scan: where
// the proxy's Via goes (before the first Via, else before the first field)
// and the value of the Content-Length field (absent: one is added at the end).
struct HeadLayout {
  std::size_t ownViaOffset = 0;
  std::optional<Span> contentLength;  // the first field's value
  std::size_t end = 0;                // headerEndOffset()
};
HeadLayout headLayout(std::string_view head);

struct FieldSpans {
  Span line;   // the whole field, folded lines and its CRLF included
  Span value;  // the value without surrounding white space
};

// Every field called `name` (any case, compact forms too), in order.
std::vector<FieldSpans> findFields(std::string_view head, std::string_view name);

// The elements of a comma-separated value (Via, Contact, ...), commas in
// quoted strings and <...> skipped; each without surrounding white space.
std::vector<Span> listElements(std::string_view head, Span value);

// The span of parameter `name` (";name" or ";name=value", from the ';') in
// the element at `element`, if it has one.
std::optional<Span> findParam(std::string_view head, Span element, std::string_view name);

}  // namespace kemid::sip
