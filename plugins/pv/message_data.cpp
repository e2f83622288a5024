#include "message_data.h"

#include <chrono>

#include "core/message_context.h"
#include "sip/hashing.h"
#include "sip/sip_message.h"

namespace kemid::pv {

namespace {

std::uint64_t identityOf(const MessageContext& ctx) {
  sip::StableHash hash;
  const SipMessage* m = ctx.message;
  if (m != nullptr) {
    hash.add(m->callId()).add(std::uint64_t{m->cseqNumber()}).add(m->method());
    hash.add(static_cast<std::uint64_t>(m->statusCode()));
    if (auto via = m->topVia()) {
      hash.add(via->host).add(std::uint64_t{via->port.value_or(0)}).add(via->branch);
    }
  }
  hash.add(ctx.received.source.ip).add(std::uint64_t{ctx.received.source.port});
  return hash.value();
}

struct ThreadMessage {
  bool valid = false;
  std::uint64_t identity = 0;
  std::uint64_t counter = 0;
  MessageData data;
};

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
  thread_local ThreadMessage current;
  const std::uint64_t identity = identityOf(ctx);
  if (!current.valid || current.identity != identity) {
    current.valid = true;
    current.identity = identity;
    current.data.avps.clear();
    current.data.id = ++current.counter;
    const SipMessage* m = ctx.message;
    current.data.originalUri = m != nullptr && m->isRequest() ? m->requestUri() : std::string();
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    current.data.seconds = micros / 1'000'000;
    current.data.microseconds = micros % 1'000'000;
  }
  return current.data;
}

}  // namespace kemid::pv
