#pragma once
// Cheap scans of a raw datagram, without a full parse: the receive path uses
// them to pick a worker thread, SipMessage::parse to split head from body.
// Every view returned points into the scanned text: it lives as long as that.

#include <cstddef>
#include <optional>
#include <string_view>

namespace kemid::sip {

// One header field as sent (RFC 3261 §7.3.1).
struct RawHeader {
  std::string_view name;   // without surrounding white space; empty if the line has no ':'
  std::string_view value;  // without leading/trailing LWS; folded lines kept as sent
  std::string_view line;   // the whole field: folded lines and the final line end included
};

// Walks the header fields of a message, one field (folded lines joined) at a
// time, and finds where the body starts.
class RawHeaderScanner {
 public:
  explicit RawHeaderScanner(std::string_view message);

  // The request or status line, without its line end. CRLFs before it are
  // skipped (RFC 3261 §7.5).
  std::string_view startLine() const { return startLine_; }

  // The next header field; nullopt once the empty line or the end of the
  // text is reached.
  std::optional<RawHeader> next();

  // After next() returned nullopt: whether an empty line ended the header
  // section, the empty line itself, and the offset of the first body byte.
  bool complete() const { return bodyOffset_ != std::string_view::npos; }
  std::string_view emptyLine() const { return emptyLine_; }
  std::size_t bodyOffset() const { return bodyOffset_; }

 private:
  std::string_view message_;
  std::string_view startLine_;
  std::string_view emptyLine_;
  std::size_t pos_ = 0;
  std::size_t bodyOffset_ = std::string_view::npos;
};

// The Call-ID value ("Call-ID:" or compact "i:", any case), or nullopt when
// the header section has none.
std::optional<std::string_view> findCallId(std::string_view datagram);

// A request that starts a dialog or stands alone: not a reply, and its To
// has no tag (RFC 3261 §12.2). What an overloaded proxy sheds first.
bool isOutOfDialogRequest(std::string_view datagram);

// Where the element of a comma-separated field value (Contact, Path, ...)
// that starts at `from` ends: the next ',' outside quoted strings and <...>,
// or value.size().
std::size_t listElementEnd(std::string_view value, std::size_t from);

}  // namespace kemid::sip
