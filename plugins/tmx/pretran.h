#pragma once
// Kamailio's "pre-transaction" table (t_precheck_trans): the requests some
// worker is routing right now, before tm has a transaction for them, so
// that a retransmission arriving meanwhile on another worker can be told
// apart and dropped instead of routed twice. A request is in the table from
// its t_precheck_trans call until its handling ends.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace kemid {
class SipMessage;
}

namespace kemid::tmx {

// What makes a retransmission the same request (RFC 3261 §17.2.3): Call-ID,
// CSeq number and method, From tag and the top Via's branch.
std::string pretranKey(const SipMessage& request);

class PretranTable;

// A request's place in the table, given up when destroyed.
class PretranClaim {
 public:
  PretranClaim(PretranTable& table, std::string key) : table_(table), key_(std::move(key)) {}
  ~PretranClaim();
  PretranClaim(const PretranClaim&) = delete;
  PretranClaim& operator=(const PretranClaim&) = delete;

 private:
  PretranTable& table_;
  std::string key_;
};

class PretranTable {
 public:
  // At most `capacity` requests at once; past it, claims are refused (and
  // counted) rather than the table growing without bound.
  explicit PretranTable(std::size_t capacity);

  enum class Outcome {
    Claimed,      // not being routed elsewhere; now in the table
    InProgress,   // another worker is routing the same request
    TableIsFull,  // could not be recorded
  };
  Outcome claim(const std::string& key);
  void release(const std::string& key);

  std::size_t size() const;
  std::size_t refusedFull() const;

 private:
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_set<std::string> keys;
    std::size_t refused = 0;
  };
  Shard& shardFor(const std::string& key);

  std::size_t capacityPerShard_;
  std::vector<Shard> shards_;
};

}  // namespace kemid::tmx
