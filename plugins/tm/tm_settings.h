#pragma once
// tm's parameters once read from modparam: immutable after init.

#include <chrono>
#include <string>

namespace kemid {
class ModuleParams;
}

namespace kemid::tm {

using Millis = std::chrono::milliseconds;

// What a CANCEL does to a branch that has no reply yet (cancel_b_method).
enum class CancelUnrepliedBranch {
  FakeReply = 0,    // end it at once with a local 487
  WaitProvisional,  // keep retransmitting, CANCEL once a provisional arrives
  SendCancel,       // send the CANCEL right away
};

// What to do with a CANCEL that matches no INVITE (unmatched_cancel).
enum class UnmatchedCancel { Stateful = 0, Stateless, Drop };

struct TmSettings {
  Millis frTimer{30000};
  Millis frInvTimer{120000};
  Millis wtTimer{5000};
  Millis t1{500};
  Millis t2{4000};
  Millis maxInvLifetime{180000};
  Millis maxNonInvLifetime{32000};
  bool restartFrOnEachReply = true;
  bool autoInv100 = true;
  std::string autoInv100Reason = "trying -- your call is important to us";
  bool noisyCtimer = true;
  UnmatchedCancel unmatchedCancel = UnmatchedCancel::Stateful;
  CancelUnrepliedBranch cancelBMethod = CancelUnrepliedBranch::WaitProvisional;
  int failureReplyMode = 3;
  bool remap503To500 = true;
  // kemid's own: at this many transactions new requests get 503 (0: no cap).
  std::uint64_t maxTransactions = 200000;
  int overloadRetryAfter = 5;  // seconds, in the 503's Retry-After
  bool relay100 = false;
  bool disable6xxBlock = false;
  std::string contactsAvp;   // set: t_load_contacts / t_next_contacts work
  std::string onSlReply;     // KEMI function for replies that match no transaction
  std::string serverHeader;  // "Server: ..." line for local replies, empty for none

  static TmSettings fromParams(const ModuleParams& params);
};

}  // namespace kemid::tm
