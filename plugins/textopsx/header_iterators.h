#pragma once
// hf_iterator_*: named cursors over the header fields of the message being
// routed, as it was received (or as msg_apply_changes left it). Kamailio
// keeps up to four per process; here they live with the message.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sip/raw_scan.h"

namespace kemid {
class SipMessage;
struct MessageContext;
}  // namespace kemid

namespace kemid::textopsx {

inline constexpr std::size_t kMaxHeaderIterators = 4;

class HeaderIterators {
 public:
  // Creates the iterator or moves it back before the first field; false
  // when four others exist already.
  bool start(std::string_view name);
  // Moves it back before the first field (Kamailio keeps it usable).
  bool end(std::string_view name);
  // To the next field; false at the end (and from then on) or for an
  // iterator never started.
  bool next(const SipMessage& message, std::string_view name);
  // To the field before; true before the first field (nothing moves there),
  // false past the end or for an iterator never started.
  bool prev(std::string_view name);

  // The field the iterator is at: its whole line with its offset in the
  // message text, name and value; nullopt before the first or past the end.
  struct Field {
    std::string name;
    std::string value;
    std::size_t offset = 0;
    std::size_t length = 0;
  };
  std::optional<Field> current(const SipMessage& message, std::string_view name) const;

 private:
  // 0: before the first field, k: at field k - 1, npos: past the end.
  std::map<std::string, std::size_t, std::less<>> positions_;
};

// The iterators of ctx's message, created on first use.
HeaderIterators& headerIterators(const MessageContext& ctx);

}  // namespace kemid::textopsx
