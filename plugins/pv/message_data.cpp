#include "message_data.h"

#include <atomic>
#include <chrono>
#include <memory>

#include "core/message_context.h"
#include "sip/sip_message.h"

namespace kemid::pv {

namespace {

// $mi: messages numbered in the order pv first met them.
std::atomic<std::uint64_t> messageCounter{0};

const SlotKey<MessageData> kMessageDataSlot{SlotScope::Transaction};

}  // namespace

PvValue AvpStore::get(std::string_view name, PvIndex index) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return {};
  const auto& stack = it->second;
  switch (index.kind) {
    case PvIndex::Kind::None:
      return stack.back();
    case PvIndex::Kind::Number:
      if (index.number < 0 || static_cast<std::size_t>(index.number) >= stack.size()) return {};
      return stack[stack.size() - 1 - static_cast<std::size_t>(index.number)];
    case PvIndex::Kind::All: {
      std::string joined;
      for (auto v = stack.rbegin(); v != stack.rend(); ++v) {
        if (!joined.empty()) joined += ", ";
        joined += v->toText();
      }
      return PvValue::string(std::move(joined));
    }
  }
  return {};
}

bool AvpStore::set(std::string_view name, PvIndex index, PvValue value) {
  auto it = values_.find(name);
  switch (index.kind) {
    case PvIndex::Kind::None:
      if (it == values_.end())
        it = values_.emplace(std::string(name), std::vector<PvValue>{}).first;
      it->second.push_back(std::move(value));
      return true;
    case PvIndex::Kind::Number: {
      if (it == values_.end() || index.number < 0 ||
          static_cast<std::size_t>(index.number) >= it->second.size()) {
        return false;
      }
      it->second[it->second.size() - 1 - static_cast<std::size_t>(index.number)] = std::move(value);
      return true;
    }
    case PvIndex::Kind::All:
      if (it == values_.end())
        it = values_.emplace(std::string(name), std::vector<PvValue>{}).first;
      it->second.assign(1, std::move(value));
      return true;
  }
  return false;
}

void AvpStore::remove(std::string_view name, PvIndex index) {
  auto it = values_.find(name);
  if (it == values_.end()) return;
  auto& stack = it->second;
  switch (index.kind) {
    case PvIndex::Kind::None:
      if (!stack.empty()) stack.pop_back();
      break;
    case PvIndex::Kind::Number:
      if (index.number >= 0 && static_cast<std::size_t>(index.number) < stack.size()) {
        stack.erase(stack.end() - 1 - index.number);
      }
      break;
    case PvIndex::Kind::All:
      stack.clear();
      break;
  }
  if (stack.empty()) values_.erase(it);
}

MessageData& messageData(const MessageContext& ctx) {
  if (MessageData* data = ctx.findSlot(kMessageDataSlot)) return *data;
  MessageData& data = ctx.emplaceSlot(kMessageDataSlot);
  data.id = messageCounter.fetch_add(1, std::memory_order_relaxed) + 1;
  const SipMessage* m = ctx.message;
  data.originalUri = m != nullptr && m->isRequest() ? m->requestUri() : std::string();
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
  data.seconds = micros / 1'000'000;
  data.microseconds = micros % 1'000'000;
  return data;
}

}  // namespace kemid::pv
