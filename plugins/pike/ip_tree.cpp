#include "ip_tree.h"

#include <algorithm>
#include <limits>

namespace kemid::pike {
namespace {

constexpr std::size_t kPrevious = 0;
constexpr std::size_t kCurrent = 1;

// Counters stop one short of their maximum, as Kamailio's do.
void increment(std::uint16_t& counter) {
  if (counter < std::numeric_limits<std::uint16_t>::max() - 1) ++counter;
}

}  // namespace

IpTree::IpTree(std::uint32_t density, std::int64_t removeLatency)
    : density_(density), removeLatency_(removeLatency) {}

IpTree::~IpTree() = default;

bool IpTree::isHotLeaf(const Node& node) const {
  const std::uint32_t prev = node.leafHits[kPrevious];
  const std::uint32_t curr = node.leafHits[kCurrent];
  return prev >= density_ || curr >= density_ || ((prev + curr) >> 1) >= density_;
}

// A prefix this busy gets the next byte of the address as a new node.
bool IpTree::isHotPrefix(const Node& node) const {
  const std::uint32_t quarter = density_ >> 2;
  const std::uint32_t prev = node.hits[kPrevious];
  const std::uint32_t curr = node.hits[kCurrent];
  return prev >= quarter || curr >= quarter || ((prev + curr) >> 1) >= quarter;
}

bool IpTree::isWarm(const Node& node) const {
  return node.hits[kCurrent] >= (density_ >> 2);
}

NodeStatus IpTree::status(const Node& node) const {
  if (isHotLeaf(node)) return NodeStatus::Hot;
  if (isWarm(node)) return NodeStatus::Warm;
  return NodeStatus::Ok;
}

Verdict IpTree::hit(std::span<const std::uint8_t> address, std::int64_t now) {
  if (address.empty()) return Verdict::Allowed;
  Branch& branch = branches_[address[0]];
  std::lock_guard guard(branch.lock);

  // The longest prefix of the address the tree holds.
  Node* node = nullptr;
  Node* kid = branch.first.get();
  std::size_t matched = 0;
  while (kid != nullptr && matched < address.size()) {
    while (kid != nullptr && kid->byte != address[matched]) kid = kid->next.get();
    if (kid != nullptr) {
      node = kid;
      kid = kid->firstKid.get();
      ++matched;
    }
  }

  if (matched == 0) {
    // A first byte never seen (or forgotten): the branch's top node.
    branch.first = std::make_unique<Node>();
    branch.first->byte = address[0];
    branch.first->hits[kCurrent] = 1;
    branch.first->expires = now + removeLatency_;
    return Verdict::Allowed;
  }

  if (matched == address.size()) {
    node->wholeAddress = true;
    increment(node->leafHits[kCurrent]);
    node->expires = now + removeLatency_;
    if (node->red) return Verdict::Blocked;
    if (!isHotLeaf(*node)) return Verdict::Allowed;
    node->red = true;
    return Verdict::NewlyBlocked;
  }

  // A prefix: count it, and grow the path by one byte when it is busy.
  increment(node->hits[kCurrent]);
  if (!isHotPrefix(*node)) return Verdict::Allowed;  // its time is not renewed

  auto grown = std::make_unique<Node>();
  grown->byte = address[matched];
  if (node->hits[kCurrent] >= 1) grown->hits[kCurrent] = node->hits[kCurrent] - 1;
  grown->parent = node;
  grown->expires = now + removeLatency_;
  grown->next = std::move(node->firstKid);
  const bool onlyKid = grown->next == nullptr;
  node->firstKid = std::move(grown);
  // A prefix with kids waits for removal only as a whole address.
  if (onlyKid && !node->wholeAddress) node->expires = 0;
  return Verdict::Allowed;
}

void IpTree::removeExpired(std::int64_t now) {
  for (Branch& branch : branches_) {
    std::lock_guard guard(branch.lock);
    if (branch.first) removeExpiredUnder(branch.first, now);
  }
}

// Walks the kid list starting at `slot`, removing what expired.
void IpTree::removeExpiredUnder(std::unique_ptr<Node>& slot, std::int64_t now) {
  std::unique_ptr<Node>* current = &slot;
  while (*current) {
    Node& node = **current;
    if (node.firstKid) removeExpiredUnder(node.firstKid, now);
    if (node.expires == 0 || node.expires > now) {
      current = &node.next;
      continue;
    }
    node.expires = 0;
    if (node.firstKid) {
      // A whole address that is also a prefix (IPv4 bytes starting an IPv6
      // address): it stops being an address, the longer paths stay.
      node.wholeAddress = false;
      node.leafHits[kCurrent] = 0;
      current = &node.next;
      continue;
    }
    Node* parent = node.parent;
    const bool lastKid = parent != nullptr && parent->firstKid.get() == &node && !node.next;
    if (lastKid && !parent->wholeAddress) parent->expires = now + removeLatency_;
    *current = std::move(node.next);  // destroys the node
  }
}

std::vector<TopEntry> IpTree::top(bool all, std::int64_t now) const {
  std::vector<TopEntry> found;
  for (const Branch& branch : branches_) {
    std::lock_guard guard(branch.lock);
    std::vector<std::uint8_t> path;
    for (const Node* node = branch.first.get(); node != nullptr; node = node->next.get()) {
      collect(*node, path, all, now, found);
    }
  }
  std::reverse(found.begin(), found.end());
  return found;
}

void IpTree::collect(const Node& node, std::vector<std::uint8_t>& path, bool all, std::int64_t now,
                     std::vector<TopEntry>& out) const {
  path.push_back(node.byte);
  if (node.wholeAddress) {
    const NodeStatus nodeStatus = status(node);
    if (all || nodeStatus == NodeStatus::Hot) {
      out.push_back(TopEntry{.address = path,
                             .leafHitsPrev = node.leafHits[kPrevious],
                             .leafHitsCurr = node.leafHits[kCurrent],
                             .expiresIn = node.expires - now,
                             .status = nodeStatus});
    }
  }
  for (const Node* kid = node.firstKid.get(); kid != nullptr; kid = kid->next.get()) {
    collect(*kid, path, all, now, out);
  }
  path.pop_back();
}

std::size_t IpTree::nodeCount() const {
  std::size_t count = 0;
  auto countUnder = [&count](const Node* node, auto& self) -> void {
    for (; node != nullptr; node = node->next.get()) {
      ++count;
      self(node->firstKid.get(), self);
    }
  };
  for (const Branch& branch : branches_) {
    std::lock_guard guard(branch.lock);
    countUnder(branch.first.get(), countUnder);
  }
  return count;
}

}  // namespace kemid::pike
