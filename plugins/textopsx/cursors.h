#pragma once
// The named iterators of hf_iterator_* (over header fields) and
// bl_iterator_* (over body lines): each a position in a list of items of
// the message being routed, as received (or as msg_apply_changes left it).
// Kamailio keeps up to four of each kind per process; here they live with
// the message.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kemid {
class SipMessage;
struct MessageContext;
}  // namespace kemid

namespace kemid::textopsx {

inline constexpr std::size_t kMaxIterators = 4;

// A header field or a body line: where it is in the message text.
struct MessageItem {
  std::string name;   // the field name; empty for a body line
  std::string value;  // the field value; the whole line, line end included, for a body line
  std::size_t offset = 0;
  std::size_t length = 0;
};

std::vector<MessageItem> headerFields(const SipMessage& message);
std::vector<MessageItem> bodyLines(const SipMessage& message);

class Cursors {
 public:
  // Creates the iterator or moves it back before the first item; false
  // when four others exist already.
  bool start(std::string_view name);
  // Header iterators: back before the first item (Kamailio keeps them
  // usable); body-line iterators: closed. False for one never started.
  bool end(std::string_view name, bool close);
  // To the next of `count` items; false at the end (and from then on) or
  // for an iterator never started.
  bool next(std::string_view name, std::size_t count);
  // To the item before; true before the first item (nothing moves there),
  // false past the end or for an iterator never started.
  bool prev(std::string_view name);
  // The index of the item the iterator is at; nullopt before the first,
  // past the end or for an iterator never started.
  std::optional<std::size_t> index(std::string_view name) const;

 private:
  // 0: before the first item, k: at item k - 1, npos: past the end.
  std::map<std::string, std::size_t, std::less<>> positions_;
};

// The iterators of ctx's message, created on first use.
Cursors& headerCursors(const MessageContext& ctx);
Cursors& bodyLineCursors(const MessageContext& ctx);

}  // namespace kemid::textopsx
