#include "header_iterators.h"

#include <string>
#include <vector>

#include "core/message_context.h"
#include "sip/sip_message.h"

namespace kemid::textopsx {
namespace {

constexpr std::size_t kPastEnd = std::string::npos;

const SlotKey<HeaderIterators> kIteratorsSlot{SlotScope::Message};

std::vector<HeaderIterators::Field> fieldsOf(const SipMessage& message) {
  const std::string text = message.receivedText();
  const std::string_view head = std::string_view(text).substr(0, message.headSize());
  std::vector<HeaderIterators::Field> fields;
  sip::RawHeaderScanner scanner(head);
  while (auto field = scanner.next()) {
    fields.push_back({std::string(field->name), std::string(field->value),
                      static_cast<std::size_t>(field->line.data() - head.data()),
                      field->line.size()});
  }
  return fields;
}

}  // namespace

bool HeaderIterators::start(std::string_view name) {
  if (auto it = positions_.find(name); it != positions_.end()) {
    it->second = 0;
    return true;
  }
  if (positions_.size() >= kMaxHeaderIterators) return false;
  positions_.emplace(std::string(name), 0);
  return true;
}

bool HeaderIterators::end(std::string_view name) {
  auto it = positions_.find(name);
  if (it == positions_.end()) return false;
  it->second = 0;
  return true;
}

bool HeaderIterators::next(const SipMessage& message, std::string_view name) {
  auto it = positions_.find(name);
  if (it == positions_.end() || it->second == kPastEnd) return false;
  if (it->second >= fieldsOf(message).size()) {
    it->second = kPastEnd;
    return false;
  }
  ++it->second;
  return true;
}

bool HeaderIterators::prev(std::string_view name) {
  auto it = positions_.find(name);
  if (it == positions_.end() || it->second == kPastEnd) return false;
  if (it->second == 0) return true;
  --it->second;
  return it->second > 0;
}

std::optional<HeaderIterators::Field> HeaderIterators::current(const SipMessage& message,
                                                               std::string_view name) const {
  auto it = positions_.find(name);
  if (it == positions_.end() || it->second == 0 || it->second == kPastEnd) return std::nullopt;
  auto fields = fieldsOf(message);
  if (it->second > fields.size()) return std::nullopt;
  return std::move(fields[it->second - 1]);
}

HeaderIterators& headerIterators(const MessageContext& ctx) {
  if (HeaderIterators* iterators = ctx.findSlot(kIteratorsSlot)) return *iterators;
  return ctx.emplaceSlot(kIteratorsSlot);
}

}  // namespace kemid::textopsx
