#pragma once
// How dispatcher picks a destination of a set (Kamailio's algorithms) and
// which others it keeps for failover, in Kamailio's order: the chosen one,
// the active ones after it in the set, then the active ones before it.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "destination_list.h"

namespace kemid::dispatcher {

enum Algorithm : int {
  kHashCallId = 0,
  kHashFromUri = 1,
  kHashToUri = 2,
  kHashRequestUri = 3,
  kRoundRobin = 4,
  kHashAuthUser = 5,
  kRandom = 6,
  kHashPv = 7,
  kSerial = 8,
  kWeight = 9,
  kCallLoad = 10,
  kRelativeWeight = 11,
  kParallel = 12,
  kLatency = 13,
};

// Kamailio's dispatcher hash over one or two keys (never 0).
std::uint32_t dispatcherHash(std::string_view first, std::optional<std::string_view> second);
// The hash of a URI as algorithms 1-3 take it: user, and host with the
// port unless it is the scheme's default (only the user with flags bit 1);
// nullopt when the text is not a SIP URI with a host.
std::optional<std::uint32_t> uriHash(std::string_view uri, bool userOnly);

struct SelectOptions {
  int algorithm = 0;
  std::uint32_t hash = 0;      // for the hash algorithms (0, 1, 2, 3, 5, 7)
  bool useRoundRobin = false;  // algorithm 5 without credentials
  std::uint32_t limit = 0xFFFFFFFF;
  bool failover = true;     // flags bit 2: keep the other candidates
  bool useDefault = false;  // use_default: the last destination only as the last resort
  bool isInvite = true;     // algorithm 10 counts calls, started by INVITE
};

struct SelectResult {
  // Indexes into the set: the chosen destination first, then the failover
  // candidates (only the chosen one without failover).
  std::vector<std::size_t> order;
  int algorithm = 0;  // the algorithm used (10 falls back to 0 for non-INVITEs)
};

// nullopt when no destination of the set may be used.
std::optional<SelectResult> selectDestinations(const DestinationSetData& set,
                                               const SelectOptions& options);

// Algorithm 10: the active destination below its maxload with the fewest
// calls; nullopt when none.
std::optional<std::size_t> leastLoaded(const DestinationSetData& set);

}  // namespace kemid::dispatcher
