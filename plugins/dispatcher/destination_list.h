#pragma once
// dispatcher's destination sets, as one immutable list loaded from
// list_file or the database and swapped whole on reload. Each destination's
// state bits and call load are atomics, so selecting, marking and probing
// never take a lock; only a set's relative-weight table (rebuilt when a
// destination goes up or down) has a small lock of its own.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.h"

namespace kemid::dispatcher {

// Kamailio's state bits of a destination (dispatch.h values, also what the
// list file's flags column and dispatcher.list's FLAGS mean).
inline constexpr int kInactive = 1;
inline constexpr int kTrying = 2;
inline constexpr int kDisabled = 4;
inline constexpr int kProbing = 8;
inline constexpr int kNoDnsResolve = 16;
inline constexpr int kStateBits = 31;

// Inactive or disabled destinations are not selected.
inline bool skipped(int flags) {
  return (flags & (kInactive | kDisabled)) != 0;
}

// The attributes column: "name=value;..." with the names dispatcher knows.
struct Attributes {
  std::string body;  // as given, a trailing ';' removed
  std::string duid;
  std::string socket;
  std::string sockname;
  std::string pingFrom;
  std::string obproxy;
  int maxload = 0;
  int weight = 0;   // 1..100, 0 when unset or out of range
  int rweight = 0;  // 1..100, 0 when unset or out of range
};
Attributes parseAttributes(std::string_view text);

struct Destination {
  Destination(std::string uri, int flags, int priority, Attributes attrs);

  std::string uri;
  int priority = 0;
  Attributes attrs;
  // From the URI: its host, the host's address (empty with flag 16: not
  // resolved), port (0 when not given) and transport parameter.
  std::string host;
  std::string address;
  std::uint16_t port = 0;
  std::string transport;  // lower case; empty when not given

  mutable std::atomic<int> flags;
  mutable std::atomic<int> messageCount{0};  // probing / inactive threshold counter
  mutable std::atomic<int> load{0};          // active calls (algorithm 10)
};

struct DestinationSetData {
  int id = 0;
  // Highest priority first; equal priorities in reverse load order, as
  // Kamailio stores them.
  std::vector<std::unique_ptr<Destination>> destinations;

  mutable std::atomic<std::uint32_t> last{0};   // round robin
  mutable std::atomic<std::uint32_t> wlast{0};  // weight table cursor
  std::array<std::uint32_t, 100> weights{};     // algorithm 9: index per slot
  mutable std::mutex stateLock;    // a state change's read-modify-write (marks, probes)
  mutable std::mutex rweightLock;  // rweights only
  mutable std::array<std::uint32_t, 100> rweights{};
  mutable std::uint32_t rwlast = 0;

  std::size_t size() const { return destinations.size(); }
  // Rebuilds the relative-weight table from the active destinations.
  void rebuildRelativeWeights() const;
  const Destination* find(std::string_view uri) const;
};

// One loaded list: the sets by id.
class DestinationList {
 public:
  // Adds a destination (its set is created on first use); false with
  // `error` when its URI does not parse.
  bool add(int setId, std::string_view uri, int flags, int priority, std::string_view attrs,
           std::string& error);
  // Builds the weight tables; call once every destination was added.
  void finish();

  const DestinationSetData* set(int id) const;
  const std::map<int, std::unique_ptr<DestinationSetData>>& sets() const { return sets_; }
  // Set ids in the order they first appeared.
  const std::vector<int>& creationOrder() const { return creationOrder_; }

 private:
  std::map<int, std::unique_ptr<DestinationSetData>> sets_;
  std::vector<int> creationOrder_;
  // Per set, in load order, until finish() orders them.
  std::map<int, std::vector<std::unique_ptr<Destination>>> pending_;
};

// A list file's text: "setid uri [flags [priority [attrs]]]" a line, '#'
// comments. A line with a set id but no URI fails the whole list; a
// destination whose URI does not parse is skipped (logged).
std::shared_ptr<DestinationList> parseListText(std::string_view text, std::string& error);
std::shared_ptr<DestinationList> readListFile(const std::string& path, std::string& error);

// The destination's flags as dispatcher.list shows them: "AP", "IX", ...
std::string stateText(int flags);

// ds_mark_dst's and dispatcher.set_state's letters (a, i, d, t, p) to
// state bits; nullopt on any other letter.
std::optional<int> parseStateLetters(std::string_view letters);

}  // namespace kemid::dispatcher
