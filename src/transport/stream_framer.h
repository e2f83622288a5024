#pragma once
// Cuts a byte stream (TCP) into SIP messages (RFC 3261 §18.3): a message
// ends after its header's blank line plus Content-Length bytes of body.
// Between messages, a double CRLF is a keep-alive ping that wants a single
// CRLF back, and a single CRLF (the pong, or a stray) is skipped (RFC 5626
// §3.5.1, §4.4.1).

#include <cstddef>
#include <string>
#include <string_view>

namespace kemid {

class StreamFramer {
 public:
  struct Limits {
    std::size_t maxMessage = 65535;      // a longer message is an error
    bool acceptNoContentLength = false;  // tcp_accept_no_cl: no header means no body
  };
  enum class Result {
    NeedMore,  // no complete message buffered yet
    Message,   // `message` holds the next one
    Ping,      // answer with a CRLF
    Error,     // `error` says why; the stream cannot be read further
  };

  explicit StreamFramer(Limits limits) : limits_(limits) {}

  void append(std::string_view bytes);
  Result next(std::string& message, std::string& error);
  // Bytes received but not yet part of a message.
  std::size_t buffered() const { return buffer_.size() - start_; }

 private:
  // The body length the header [start_, headerEnd) declares; npos when it
  // has no Content-Length, npos - 1 when the value is not a number.
  std::size_t contentLength(std::size_t headerEnd) const;
  void consume(std::size_t n);

  const Limits limits_;
  std::string buffer_;
  std::size_t start_ = 0;  // where the unread part of buffer_ begins
};

}  // namespace kemid
