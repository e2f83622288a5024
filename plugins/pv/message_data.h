#pragma once
// What pv keeps per message: $avp values, the Request-URI as received
// ($ou), the message id ($mi) and the reception time ($Ts, $TV(s), $TV(u)).
//
// MessageContext has no place for module data yet, so each thread keeps the
// data of the last message it worked on and starts afresh when a message
// with another identity comes (Call-ID, CSeq, method, status code, top Via
// sent-by and branch, source address). A branch route of the same request
// therefore sees its $avp values; a failure route run by a timer thread
// does not (Kamailio keeps AVPs in the transaction), and a retransmission
// handled right after the original by the same thread sees the original's.

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

// The data of the message in `ctx`, created on the calling thread's first
// access for that message (which also records $ou and the time).
MessageData& messageData(const MessageContext& ctx);

}  // namespace kemid::pv
