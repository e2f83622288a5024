#include "selection.h"

#include <algorithm>
#include <random>

#include "sip/sip_uri.h"

namespace kemid::dispatcher {
namespace {

// Adds one key to the hash: words of four bytes, then the remaining bytes
// as one word. Bytes are taken as signed chars, as Kamailio's C does on x86.
std::uint32_t addKey(std::uint32_t h, std::string_view key) {
  std::size_t at = 0;
  auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<signed char>(key[i]));
  };
  if (key.size() >= 4) {
    for (; at + 4 <= key.size(); at += 4) {
      const std::uint32_t v =
          (byte(at) << 24) + (byte(at + 1) << 16) + (byte(at + 2) << 8) + byte(at + 3);
      h += v ^ (v >> 3);
    }
  }
  std::uint32_t v = 0;
  for (; at < key.size(); ++at) {
    v <<= 8;
    v += byte(at);
  }
  return h + (v ^ (v >> 3));
}

bool active(const DestinationSetData& set, std::size_t i) {
  return !skipped(set.destinations[i]->flags.load(std::memory_order_relaxed));
}

std::uint32_t randomValue() {
  static thread_local std::mt19937 random{std::random_device{}()};
  return random();
}

// Algorithm 13 without latency measurements: every active destination by
// priority, highest first, starting the walk at the round-robin cursor.
std::optional<SelectResult> latencyOrder(const DestinationSetData& set, const SelectOptions& o) {
  const std::size_t n = set.size();
  const std::size_t ring = o.useDefault && n != 1 ? n - 1 : n;
  std::size_t z = set.last.load(std::memory_order_relaxed) % n;
  std::vector<std::pair<std::size_t, int>> sorted;  // the active ones: index, priority
  for (std::size_t y = 0; y < n; ++y) {
    if (active(set, z)) sorted.emplace_back(z, set.destinations[z]->priority);
    z = (z + 1) % ring;
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (sorted.empty()) return std::nullopt;
  SelectResult result{.order = {}, .algorithm = o.algorithm};
  for (const auto& entry : sorted) {
    if (result.order.size() >= o.limit) break;
    if (o.useDefault && entry.first == n - 1) continue;
    result.order.push_back(entry.first);
  }
  set.last.store(static_cast<std::uint32_t>((sorted.front().first + 1) % n),
                 std::memory_order_relaxed);
  if (result.order.empty()) result.order.push_back(sorted.front().first);
  if (!o.failover) result.order.resize(1);
  return result;
}

}  // namespace

std::uint32_t dispatcherHash(std::string_view first, std::optional<std::string_view> second) {
  std::uint32_t h = addKey(0, first);
  if (second) h = addKey(h, *second);
  h = (h + (h >> 11)) + ((h >> 13) + (h >> 23));
  return h != 0 ? h : 1;
}

std::optional<std::uint32_t> uriHash(std::string_view text, bool userOnly) {
  const auto uri = SipUri::parse(text);
  if (!uri || uri->host.empty()) return std::nullopt;
  if (userOnly) return dispatcherHash(uri->user, std::nullopt);
  std::string host = uri->host.find(':') != std::string::npos ? "[" + uri->host + "]" : uri->host;
  const std::uint16_t defaultPort = uri->scheme == "sips" ? 5061 : 5060;
  if (uri->port && *uri->port != defaultPort) host += ":" + std::to_string(*uri->port);
  return dispatcherHash(uri->user, host);
}

std::optional<std::size_t> leastLoaded(const DestinationSetData& set) {
  std::optional<std::size_t> best;
  int bestLoad = 0x7fffffff;
  for (std::size_t j = 0; j < set.size(); ++j) {
    const Destination& d = *set.destinations[j];
    const int load = d.load.load(std::memory_order_relaxed);
    if (!active(set, j) || (d.attrs.maxload != 0 && load >= d.attrs.maxload)) continue;
    if (load < bestLoad) {
      best = j;
      bestLoad = load;
    }
  }
  return best;
}

std::optional<SelectResult> selectDestinations(const DestinationSetData& set,
                                               const SelectOptions& o) {
  const std::size_t n = set.size();
  if (n == 0) return std::nullopt;
  SelectResult result{.order = {}, .algorithm = o.algorithm};
  std::uint64_t pick = 0;
  bool roundRobin = false;
  std::uint32_t cursorAfter = 0;
  switch (o.algorithm) {
    case kHashCallId:
    case kHashFromUri:
    case kHashToUri:
    case kHashRequestUri:
    case kHashPv:
      pick = o.hash;
      break;
    case kHashAuthUser:
      if (!o.useRoundRobin) {
        pick = o.hash;
        break;
      }
      [[fallthrough]];
    case kRoundRobin: {
      pick = set.last.load(std::memory_order_relaxed);
      // Taken and advanced in one step, so that workers share the cursor.
      std::uint32_t expected = static_cast<std::uint32_t>(pick);
      while (!set.last.compare_exchange_weak(
          expected, static_cast<std::uint32_t>((expected + 1) % n), std::memory_order_relaxed)) {
      }
      pick = expected;
      cursorAfter = static_cast<std::uint32_t>((expected + 1) % n);
      roundRobin = true;
      break;
    }
    case kRandom:
      pick = randomValue();
      break;
    case kWeight: {
      const std::uint32_t slot = set.wlast.fetch_add(1, std::memory_order_relaxed) % 100;
      pick = set.weights[slot];
      break;
    }
    case kCallLoad:
      if (!o.isInvite) {
        pick = 0;
        result.algorithm = kHashCallId;
        break;
      }
      if (auto least = leastLoaded(set)) {
        pick = *least;
      } else {
        return std::nullopt;
      }
      break;
    case kRelativeWeight: {
      std::lock_guard guard(set.rweightLock);
      pick = set.rweights[set.rwlast];
      set.rwlast = (set.rwlast + 1) % 100;
      break;
    }
    case kLatency:
      return latencyOrder(set, o);
    default:  // 8, 12 and unknown ones: the first destination
      pick = 0;
      break;
  }

  const std::size_t ring = o.useDefault && n != 1 ? n - 1 : n;
  const std::size_t start = static_cast<std::size_t>(pick % ring);
  std::size_t chosen = start;
  while (!active(set, chosen)) {
    chosen = (chosen + 1) % ring;
    if (chosen == start) {
      if (!o.useDefault) return std::nullopt;
      chosen = n - 1;
      if (!active(set, chosen)) return std::nullopt;
      break;
    }
  }
  if (roundRobin) {
    // Point after the one used, unless another worker moved the cursor.
    std::uint32_t expected = cursorAfter;
    set.last.compare_exchange_strong(expected, static_cast<std::uint32_t>((chosen + 1) % n),
                                     std::memory_order_relaxed);
  }
  result.order.push_back(chosen);
  if (!o.failover || o.algorithm == kParallel) return result;

  auto candidate = [&](std::size_t i) {
    if (!active(set, i) || (o.useDefault && i == n - 1)) return false;
    const Destination& d = *set.destinations[i];
    return !(result.algorithm == kCallLoad && d.attrs.maxload != 0 &&
             d.load.load(std::memory_order_relaxed) >= d.attrs.maxload);
  };
  for (std::size_t i = chosen + 1; i < n && result.order.size() < o.limit; ++i) {
    if (candidate(i)) result.order.push_back(i);
  }
  for (std::size_t i = 0; i < chosen && result.order.size() < o.limit; ++i) {
    if (candidate(i)) result.order.push_back(i);
  }
  if (o.useDefault && chosen != n - 1 && result.order.size() < o.limit)
    result.order.push_back(n - 1);
  return result;
}

}  // namespace kemid::dispatcher
