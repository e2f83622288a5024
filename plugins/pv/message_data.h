#pragma once
// What pv keeps per message: $avp values, the Request-URI as received
// ($ou), the message id ($mi) and the reception time ($Ts, $TV(s), $TV(u)).
//
// It lives in a transaction-scope slot of the MessageContext, which tm
// carries with the transaction: a failure route sees the $avp values the request route set,
// as in Kamailio, and every received message starts with none.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pv_spec.h"
#include "pv_value.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::pv {

// $avp(name): a stack per name; every assignment pushes a value.
class AvpStore {
 public:
  // The newest value ([0]), the n-th newest, all joined with ", " newest
  // first ([*]); null when there is none (negative indexes included).
  PvValue get(std::string_view name, PvIndex index) const;
  // No index: pushes. [n]: replaces the n-th newest (false when there is
  // none). [*]: replaces all values by this one.
  bool set(std::string_view name, PvIndex index, PvValue value);
  // No index: removes the newest. [n]: the n-th newest. [*]: all.
  void remove(std::string_view name, PvIndex index);
  void clear() { values_.clear(); }

 private:
  std::map<std::string, std::vector<PvValue>, std::less<>> values_;  // newest last
};

struct MessageData {
  AvpStore avps;
  std::string originalUri;  // "" for replies
  std::uint64_t id = 0;     // $mi: counts the messages the thread handled
  std::int64_t seconds = 0;
  std::int64_t microseconds = 0;
};

// The data of the message in `ctx`, created on first access (which also
// records $ou and the time).
MessageData& messageData(const MessageContext& ctx);

}  // namespace kemid::pv
