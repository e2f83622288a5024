#pragma once
// pike's tree of source addresses, with Kamailio's counting rules.
//
// An address is a path of bytes from one of 256 branches (its first byte).
// A source's path grows one byte per request while the prefix it reached is
// busy (at least a quarter of the density), so that sparse traffic keeps
// few nodes; only a node for the whole address counts requests against the
// density. Counters cover the current and the previous sampling unit; an
// address whose counts reach the density is blocked ("red") until a
// sampling unit ends with both counts under it again. Nodes not hit for
// remove_latency seconds are removed, so memory stays bounded by the
// sources seen in that time.
//
// Each branch has its own lock: requests from different first bytes never
// wait for each other, and the timer takes one branch at a time.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace kemid::pike {

// What one more request from an address means.
enum class Verdict {
  Allowed,       // under the density (or the address is not tracked yet)
  Blocked,       // over the density, already known to be
  NewlyBlocked,  // over the density from this request on
};

// How pike.top classifies an address (Kamailio's node status).
enum class NodeStatus { Ok, Warm, Hot };

// One address pike.top lists.
struct TopEntry {
  std::vector<std::uint8_t> address;  // 4 or 16 bytes
  std::uint32_t leafHitsPrev = 0;
  std::uint32_t leafHitsCurr = 0;
  std::int64_t expiresIn = 0;  // seconds until the node would be removed
  NodeStatus status = NodeStatus::Ok;
};

class IpTree {
 public:
  // `density`: reqs_density_per_unit; `removeLatency`: seconds a node is
  // kept after its last counted hit.
  IpTree(std::uint32_t density, std::int64_t removeLatency);
  ~IpTree();
  IpTree(const IpTree&) = delete;
  IpTree& operator=(const IpTree&) = delete;

  // Counts one request from `address` (4 or 16 bytes) at time `now` (seconds).
  Verdict hit(std::span<const std::uint8_t> address, std::int64_t now);

  // The end of a sampling unit: current counts become the previous ones.
  // Calls `unblocked` for each address that leaves the blocked state.
  template <class OnUnblocked>
  void endSamplingUnit(OnUnblocked&& unblocked) {
    for (Branch& branch : branches_) {
      std::lock_guard guard(branch.lock);
      std::vector<std::uint8_t> path;
      shiftCounts(branch.first.get(), path, unblocked);
    }
  }

  // Removes the nodes whose time ran out at `now`.
  void removeExpired(std::int64_t now);

  // The addresses known as whole addresses, only the hot ones unless
  // `all`, in Kamailio's order (the last one found first).
  std::vector<TopEntry> top(bool all, std::int64_t now) const;

  std::uint32_t density() const { return density_; }
  std::size_t nodeCount() const;

 private:
  struct Node;
  struct Branch {
    mutable std::mutex lock;
    std::unique_ptr<Node> first;  // a branch has at most one top node
  };

  template <class OnUnblocked>
  void shiftCounts(Node* node, std::vector<std::uint8_t>& path, OnUnblocked& unblocked);
  bool isHotLeaf(const Node& node) const;
  bool isHotPrefix(const Node& node) const;
  bool isWarm(const Node& node) const;
  NodeStatus status(const Node& node) const;
  void removeExpiredUnder(std::unique_ptr<Node>& slot, std::int64_t now);
  void collect(const Node& node, std::vector<std::uint8_t>& path, bool all, std::int64_t now,
               std::vector<TopEntry>& out) const;

  const std::uint32_t density_;
  const std::int64_t removeLatency_;
  std::array<Branch, 256> branches_;
};

// The tree node. Kids are a list, newest first, as Kamailio links them
// (pike.top lists them in that order).
struct IpTree::Node {
  std::uint8_t byte = 0;
  std::array<std::uint16_t, 2> hits{};      // prefix hits: previous, current unit
  std::array<std::uint16_t, 2> leafHits{};  // whole-address hits: previous, current
  bool wholeAddress = false;                // an address ends here
  bool red = false;                         // blocked
  std::int64_t expires = 0;                 // 0: not waiting for removal
  Node* parent = nullptr;
  std::unique_ptr<Node> firstKid;
  std::unique_ptr<Node> next;  // the parent's next kid
};

template <class OnUnblocked>
void IpTree::shiftCounts(Node* node, std::vector<std::uint8_t>& path, OnUnblocked& unblocked) {
  for (; node != nullptr; node = node->next.get()) {
    node->hits = {node->hits[1], 0};
    node->leafHits = {node->leafHits[1], 0};
    path.push_back(node->byte);
    if (node->red && !isHotLeaf(*node)) {
      node->red = false;
      unblocked(std::span<const std::uint8_t>(path));
    }
    shiftCounts(node->firstKid.get(), path, unblocked);
    path.pop_back();
  }
}

}  // namespace kemid::pike
