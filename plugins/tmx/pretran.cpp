#include "pretran.h"

#include <functional>

#include "sip/sip_message.h"

namespace kemid::tmx {

namespace {
// Shards keep workers routing different calls off each other's lock.
constexpr std::size_t kShards = 64;
}  // namespace

std::string pretranKey(const SipMessage& request) {
  std::string key = request.callId();
  key += '\n';
  key += std::to_string(request.cseqNumber());
  key += ' ';
  key += request.cseqMethod();
  key += '\n';
  key += request.from().tag;
  key += '\n';
  if (auto via = request.topVia()) key += via->branch;
  return key;
}

PretranClaim::~PretranClaim() {
  table_.release(key_);
}

PretranTable::PretranTable(std::size_t capacity)
    : capacityPerShard_(capacity / kShards + 1), shards_(kShards) {}

PretranTable::Shard& PretranTable::shardFor(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

PretranTable::Outcome PretranTable::claim(const std::string& key) {
  Shard& shard = shardFor(key);
  std::lock_guard lock(shard.mutex);
  if (shard.keys.contains(key)) return Outcome::InProgress;
  if (shard.keys.size() >= capacityPerShard_) {
    ++shard.refused;
    return Outcome::TableIsFull;
  }
  shard.keys.insert(key);
  return Outcome::Claimed;
}

void PretranTable::release(const std::string& key) {
  Shard& shard = shardFor(key);
  std::lock_guard lock(shard.mutex);
  shard.keys.erase(key);
}

std::size_t PretranTable::size() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.keys.size();
  }
  return n;
}

std::size_t PretranTable::refusedFull() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.refused;
  }
  return n;
}

}  // namespace kemid::tmx
