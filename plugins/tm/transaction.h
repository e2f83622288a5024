#pragma once
// One transaction of the stateful proxy: the server transaction towards the
// caller (RFC 3261 §17.2) and one client transaction per branch (§17.1),
// as Kamailio's tm keeps them together in one cell.
//
// Threads: worker threads (requests, replies) and the timer thread share a
// transaction through std::shared_ptr. `mutex` guards the mutable fields and
// is held only for short sections: never while a script runs or while
// sending. Sequences that run script callbacks (reply processing, a branch
// timing out, CANCEL) are serialised by a strand instead of a lock: the
// thread that enters first does the work, and work arriving meanwhile is
// queued and run by that thread when it leaves.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/forwarding.h"
#include "core/network.h"
#include "core/slot_table.h"
#include "sip/sip_message.h"
#include "timers.h"
#include "tm_settings.h"

namespace kemid::tm {

// Wire text shared between the transaction and a sender: immutable once made.
using SharedText = std::shared_ptr<const std::string>;

// What the script asked for this transaction (t_on_*, t_set_fr, ...).
struct ScriptSettings {
  std::string onBranch;
  std::string onReply;
  std::string onFailure;
  Millis frTimer{0};  // 0: the module's fr_timer
  Millis frInvTimer{0};
  std::optional<bool> autoInv100;
};

// A client transaction's state (RFC 3261 §17.1.1 INVITE, §17.1.2 non-INVITE).
// The changes are made in client_transaction.cpp only.
enum class ClientState {
  Calling,     // INVITE sent, no reply yet (§17.1.1.2)
  Trying,      // non-INVITE sent, no reply yet (§17.1.2.2)
  Proceeding,  // a provisional came
  // A final came. Also for a 2xx, where the RFC's INVITE client transaction
  // ends at once: the branch stays to relay the 2xx retransmissions (§16.7
  // step 5) and to ACK retransmitted negative finals (timer D's job).
  Completed,
  // Ended here without a final from downstream: fr_timer (timers B, F),
  // fr_inv_timer after a provisional (as the proxy's timer C, §16.8), the
  // transaction's max lifetime, or canceled before any reply
  // (cancel_b_method). A final arriving later is handled as a retransmission.
  Terminated,
};

struct Branch {
  std::string id;  // the branch of our Via (§16.6 step 8)
  Destination destination;
  SharedText request;       // as sent, our Via on top
  int serialStep = 0;       // 0: from the request route; n: the n-th failure route relay
  std::uint32_t flags = 0;  // branch flags ($bf) as the branch was sent

  ClientState state = ClientState::Calling;
  int lastProvisional = 0;  // the last 1xx received
  int finalCode = 0;        // the final, received (Completed) or local (Terminated); 0 before
  bool timedOut = false;    // Terminated by fr_timer / fr_inv_timer
  bool replied = false;     // had a reply before the one failure handling runs for
  bool ignored = false;     // left out of the best-reply choice (failure_reply_mode)
  std::unique_ptr<SipMessage> finalReply;  // a negative final kept to be relayed later
  SharedText ack;                          // our ACK to its negative final (§17.1.1.3)

  bool cancelWanted = false;  // CANCEL once a provisional arrives (§9.1)
  SharedText cancel;          // the CANCEL sent on it

  // Timers: an entry fires only while its generation is the current one.
  Millis retransmitInterval{0};
  std::uint64_t retransmitGeneration = 0;
  TimePoint timeoutAt{};
  std::uint64_t timeoutGeneration = 0;
  Millis cancelInterval{0};
  std::uint64_t cancelGeneration = 0;

  // Still waiting for a final: Calling, Trying or Proceeding.
  bool pending() const {
    return state != ClientState::Completed && state != ClientState::Terminated;
  }
};

// The server transaction's state (RFC 3261 §17.2.1 INVITE, §17.2.2
// non-INVITE). The changes are made in server_transaction.cpp only.
// Kamailio's wt_timer stands in for timers I and J. A 2xx to an INVITE and
// an ACK timeout (timer H) also linger through it in Confirmed, absorbing
// retransmissions, where the RFC's transaction ends at once; so does a
// released transaction (t_release), in Completed when it is no INVITE.
enum class ServerState {
  Trying,      // non-INVITE, nothing sent upstream yet
  Proceeding,  // INVITE from the start; non-INVITE once a provisional went upstream
  // INVITE: a negative final sent, retransmitted until the ACK (timers G, H).
  // Non-INVITE: a final sent, lingering for retransmissions (wt_timer).
  Completed,
  Confirmed,   // INVITE: the ACK came (or see above), lingering (wt_timer)
  Terminated,  // out of the table
};

struct Transaction {
  Transaction(std::string key, std::string method, std::string branchBase, TimePoint created);

  // ---- fixed at creation -----------------------------------------------
  const std::string key;     // server transaction match key (§17.2.3), see serverKey()
  const std::string method;  // the request's method
  const bool invite;
  const std::string branchBase;  // each branch's Via branch is branchBase + "." + index
  const TimePoint created;

  // ---- guarded by mutex ---------------------------------------------------
  std::mutex mutex;
  std::unique_ptr<SipMessage> request;  // as received (Vias with received/rport)
  ReceiveInfo received;
  Destination upstream;  // where replies go (§18.2.2)
  std::string dstUri;    // $du when relayed
  std::uint32_t flags = 0;
  // The request's transaction-scope slots (pv's $avp), handed to the
  // routes run for this transaction.
  std::shared_ptr<SlotTable> scriptSlots;
  ScriptSettings script;
  bool relayed = false;  // t_relay ran for it

  std::vector<Branch> branches;
  int serialStep = 0;
  bool canceled = false;     // a CANCEL arrived for it
  bool dropped = false;      // tmx's t_drop: no final goes upstream from the winner
  bool suspended = false;    // tmx's t_suspend: waiting for t_continue
  std::uint32_t label = 0;   // $T(id_label), given when first asked for; 0 before
  std::string cancelReason;  // Reason header lines copied into our CANCELs

  SharedText lastReply;  // the last reply sent upstream, resent for retransmissions
  int lastReplyCode = 0;
  ServerState state;  // Proceeding (INVITE) or Trying at creation
  Millis replyInterval{0};
  std::uint64_t replyGeneration = 0;  // RetransmitReply
  std::uint64_t stateGeneration = 0;  // AckWait, Wait
  std::uint64_t lifetimeGeneration = 0;

  std::uint64_t newGeneration() { return ++generations_; }
  bool finalSent() const { return lastReplyCode >= 200; }
  // No final sent and not released: Trying or Proceeding.
  bool answering() const {
    return state == ServerState::Trying || state == ServerState::Proceeding;
  }
  // INVITE Completed: a negative final waits for its ACK.
  bool awaitingAck() const { return invite && state == ServerState::Completed; }
  // Completed (non-INVITE) or Confirmed (INVITE): wt_timer runs.
  bool lingering() const {
    return state == (invite ? ServerState::Confirmed : ServerState::Completed);
  }
  bool hasPendingBranch() const;

  // ---- the strand -----------------------------------------------------------
  // True when the caller may do its work now and must call leave() after;
  // false when another thread is at work.
  bool tryEnter();
  // Runs `work` now (entering) or queues it for the thread that is inside.
  void runOrQueue(std::function<void()> work);
  // Runs what was queued meanwhile, then lets the next thread in.
  void leave();

 private:
  std::uint64_t generations_ = 0;
  bool busy_ = false;
  std::deque<std::function<void()>> queued_;
};

using TransactionPtr = std::shared_ptr<Transaction>;

// The key a request's server transaction is found by (§17.2.3): the top
// Via's branch (with the magic cookie), sent-by and the method, ACK counting
// as INVITE. Without the cookie (RFC 2543 clients, §17.2.3 last paragraphs):
// Request-URI, From tag, Call-ID, CSeq number and the top Via. `method`
// overrides the request's (a CANCEL looks for its INVITE). nullopt without a
// Via.
std::optional<std::string> serverKey(const SipMessage& request,
                                     std::optional<std::string_view> method = std::nullopt);

// Splits one of our Via branches into branchBase and index; nullopt when it
// is not of our making.
struct BranchRef {
  std::string_view base;
  std::uint32_t index = 0;
};
std::optional<BranchRef> parseBranch(std::string_view branch);

}  // namespace kemid::tm
