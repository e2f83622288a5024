#include "cursors.h"

#include "core/message_context.h"
#include "sip/raw_scan.h"
#include "sip/sip_message.h"

namespace kemid::textopsx {
namespace {

constexpr std::size_t kPastEnd = std::string::npos;

// Two slots of one type: a distinct type for each kind.
struct HeaderCursors : Cursors {};
struct BodyLineCursors : Cursors {};
const SlotKey<HeaderCursors> kHeaderCursorsSlot{SlotScope::Message};
const SlotKey<BodyLineCursors> kBodyLineCursorsSlot{SlotScope::Message};

template <class T>
Cursors& slotOf(const MessageContext& ctx, const SlotKey<T>& key) {
  if (T* cursors = ctx.findSlot(key)) return *cursors;
  return ctx.emplaceSlot(key);
}

}  // namespace

std::vector<MessageItem> headerFields(const SipMessage& message) {
  const std::string text = message.receivedText();
  const std::string_view head = std::string_view(text).substr(0, message.headSize());
  std::vector<MessageItem> fields;
  sip::RawHeaderScanner scanner(head);
  while (auto field = scanner.next()) {
    fields.push_back({std::string(field->name), std::string(field->value),
                      static_cast<std::size_t>(field->line.data() - head.data()),
                      field->line.size()});
  }
  return fields;
}

std::vector<MessageItem> bodyLines(const SipMessage& message) {
  const std::string_view body = message.body();
  std::vector<MessageItem> lines;
  for (std::size_t at = 0; at < body.size();) {
    const std::size_t end = std::min(body.find('\n', at), body.size() - 1) + 1;
    lines.push_back(
        {{}, std::string(body.substr(at, end - at)), message.headSize() + at, end - at});
    at = end;
  }
  return lines;
}

bool Cursors::start(std::string_view name) {
  if (auto it = positions_.find(name); it != positions_.end()) {
    it->second = 0;
    return true;
  }
  if (positions_.size() >= kMaxIterators) return false;
  positions_.emplace(std::string(name), 0);
  return true;
}

bool Cursors::end(std::string_view name, bool close) {
  auto it = positions_.find(name);
  if (it == positions_.end()) return false;
  if (close) {
    positions_.erase(it);
  } else {
    it->second = 0;
  }
  return true;
}

bool Cursors::next(std::string_view name, std::size_t count) {
  auto it = positions_.find(name);
  if (it == positions_.end() || it->second == kPastEnd) return false;
  if (it->second >= count) {
    it->second = kPastEnd;
    return false;
  }
  ++it->second;
  return true;
}

bool Cursors::prev(std::string_view name) {
  auto it = positions_.find(name);
  if (it == positions_.end() || it->second == kPastEnd) return false;
  if (it->second == 0) return true;
  --it->second;
  return it->second > 0;
}

std::optional<std::size_t> Cursors::index(std::string_view name) const {
  auto it = positions_.find(name);
  if (it == positions_.end() || it->second == 0 || it->second == kPastEnd) return std::nullopt;
  return it->second - 1;
}

Cursors& headerCursors(const MessageContext& ctx) {
  return slotOf(ctx, kHeaderCursorsSlot);
}

Cursors& bodyLineCursors(const MessageContext& ctx) {
  return slotOf(ctx, kBodyLineCursorsSlot);
}

}  // namespace kemid::textopsx
