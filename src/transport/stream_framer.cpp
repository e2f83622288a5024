#include "transport/stream_framer.h"

#include <charconv>

#include "sip/ascii.h"

namespace kemid {

namespace {

constexpr std::size_t kNoHeader = std::string_view::npos;
constexpr std::size_t kBadValue = std::string_view::npos - 1;

// True when `line` is the Content-Length header, long or compact form
// (RFC 3261 §7.3.3, §20.14); `value` is then what follows the colon.
bool isContentLength(std::string_view line, std::string_view& value) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view name = line.substr(0, colon);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (!sip::iequals(name, "content-length") && !sip::iequals(name, "l")) return false;
  value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return true;
}

}  // namespace

void StreamFramer::append(std::string_view bytes) {
  // Drop what was read once it is most of the buffer, not per message.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

void StreamFramer::consume(std::size_t n) {
  start_ += n;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
}

std::size_t StreamFramer::contentLength(std::size_t headerEnd) const {
  std::string_view header(buffer_.data() + start_, headerEnd - start_);
  std::size_t lineStart = header.find("\r\n");  // skip the start line
  while (lineStart != std::string_view::npos && lineStart + 2 < header.size()) {
    lineStart += 2;
    std::size_t lineEnd = header.find("\r\n", lineStart);
    std::string_view line =
        header.substr(lineStart, lineEnd == std::string_view::npos ? std::string_view::npos
                                                                   : lineEnd - lineStart);
    std::string_view value;
    if (isContentLength(line, value)) {
      std::size_t length = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec != std::errc() || end != value.data() + value.size()) return kBadValue;
      return length;
    }
    lineStart = lineEnd;
  }
  return kNoHeader;
}

StreamFramer::Result StreamFramer::next(std::string& message, std::string& error) {
  // Keep-alives between messages.
  while (buffered() > 0 && (buffer_[start_] == '\r' || buffer_[start_] == '\n')) {
    std::string_view rest(buffer_.data() + start_, buffered());
    if (rest.starts_with("\r\n\r\n")) {
      consume(4);
      return Result::Ping;
    }
    if (rest.size() < 4 && std::string_view("\r\n\r\n").starts_with(rest)) {
      return Result::NeedMore;  // the start of a ping, or of a pong
    }
    consume(rest.starts_with("\r\n") ? 2 : 1);
  }
  if (buffered() == 0) return Result::NeedMore;

  std::size_t blank = buffer_.find("\r\n\r\n", start_);
  if (blank == std::string::npos) {
    if (buffered() > limits_.maxMessage) {
      error = "a header longer than " + std::to_string(limits_.maxMessage) + " bytes";
      return Result::Error;
    }
    return Result::NeedMore;
  }
  std::size_t headerEnd = blank + 2;  // the header's last CRLF belongs to it
  std::size_t body = contentLength(headerEnd);
  if (body == kBadValue) {
    error = "a Content-Length that is not a number";
    return Result::Error;
  }
  if (body == kNoHeader) {
    if (!limits_.acceptNoContentLength) {
      error = "a message without Content-Length";
      return Result::Error;
    }
    body = 0;
  }
  std::size_t headerSize = blank + 4 - start_;
  if (body > limits_.maxMessage || headerSize + body > limits_.maxMessage) {
    error = "a message longer than " + std::to_string(limits_.maxMessage) + " bytes";
    return Result::Error;
  }
  if (buffered() < headerSize + body) return Result::NeedMore;
  message.assign(buffer_, start_, headerSize + body);
  consume(headerSize + body);
  return Result::Message;
}

}  // namespace kemid
