#pragma once
// tm's state and behaviour: the transaction table, the timers and what the
// KSR.tm functions, the reply hook and the timer thread do with them. The
// member functions are spread over files named for what they do:
//   transaction_manager.cpp  lookup, creation, local replies, TmApi
//   relay.cpp                t_relay: branches, ACK, stateless paths
//   reply_processing.cpp     replies from downstream
//   final_reply.cpp          the best final once every branch has one, failure route
//   server_transaction.cpp   the server transaction's states (RFC 3261 §17.2)
//   client_transaction.cpp   each branch's client transaction states (§17.1)
//   cancel.cpp               CANCEL received, CANCELs sent
//   transaction_timers.cpp   what each timer does when it fires

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/module_abi.h"
#include "core/module_host.h"
#include "message_binding.h"
#include "reply_selection.h"
#include "suspended_transactions.h"
#include "timers.h"
#include "tm_api.h"
#include "tm_settings.h"
#include "transaction.h"
#include "transaction_table.h"

namespace kemid {
class ModuleHost;
class SipNetwork;
struct MessageContext;
}  // namespace kemid

namespace kemid::tm {

// Kamailio's error numbers, as t_relay returns them (negated).
inline constexpr int kErrUnspecified = -1;
inline constexpr int kErrAllBranchesDropped = -6;  // E_CFG: the branch route dropped every branch
inline constexpr int kErrBadVia = -8;
inline constexpr int kErrAlreadyCreated = -10;  // E_SCRIPT: t_newtran twice
inline constexpr int kErrSend = -477;
inline constexpr int kErrBadAddress = -478;
inline constexpr int kErrBadUri = -479;
inline constexpr int kErrNoSocket = -7;  // E_NO_SOCKET: no socket of the next hop's transport
inline constexpr int kErrCanceled = -487;

// An explicit destination (t_relay_to_proto_addr and friends) instead of
// $du / the Request-URI.
struct RelayTarget {
  std::string transport;  // "udp"
  std::string host;
  std::uint16_t port = 0;  // 0: the transport's default
};

class TransactionManager final : public ModuleState, public TmApi {
 public:
  TransactionManager(TmSettings settings, ModuleHost& host,
                     TimerService::Mode mode = TimerService::Mode::Thread);
  ~TransactionManager() override;

  // Stops the timer thread (shutdown); transactions in flight stay as they are.
  void stop();

  const TmSettings& settings() const { return settings_; }
  TimerService& timers() { return timers_; }
  std::size_t transactionCount() const { return table_.size(); }

  // ---- KSR.tm --------------------------------------------------------------
  int relay(MessageContext& ctx, const RelayTarget* target = nullptr);
  int newTransaction(MessageContext& ctx);
  int reply(MessageContext& ctx, int code, std::string_view reason);
  int sendReply(MessageContext& ctx, int code, std::string_view reason);
  int checkTransaction(MessageContext& ctx);
  int release(MessageContext& ctx);
  int retransmitReply(MessageContext& ctx);
  int lookupRequest(MessageContext& ctx);
  int lookupCancel(MessageContext& ctx);

  // The script settings of ctx's transaction, or of the one it will create.
  // `change` runs with the transaction's lock held when there is one.
  void changeScriptSettings(MessageContext& ctx,
                            const std::function<void(ScriptSettings&)>& change);
  ScriptSettings scriptSettings(const MessageContext& ctx);

  // State the route-specific KSR functions read (t_is_canceled, t_branch_*).
  struct Facts {
    bool canceled = false;
    bool branchTimedOut = false;  // the branch ctx.branchIndex names
    bool branchReplied = false;
    bool anyTimedOut = false;
    bool anyReplied = false;
    int lastReplyCode = 0;  // sent upstream
    int branchCount = 0;
  };
  std::optional<Facts> facts(const MessageContext& ctx);

  // The states of the transaction `request` belongs to, nullopt when it has
  // none (tests, diagnostics).
  struct States {
    ServerState server = ServerState::Trying;
    std::vector<ClientState> branches;
  };
  std::optional<States> states(const SipMessage& request);

  // ---- from the core ---------------------------------------------------------
  // The reply hook: Taken when the reply belongs to a transaction, Absorbed
  // when on_sl_reply dropped it.
  HookVerdict onReply(MessageContext& ctx);
  // Answers a new out-of-dialog request 503 (Retry-After) without running
  // the script while max_transactions are in the table; retransmissions,
  // in-dialog requests, ACK and CANCEL pass, so calls in progress can end.
  HookVerdict refuseWhenFull(MessageContext& ctx);

  // ---- TmApi ----------------------------------------------------------------
  bool hasTransaction(const MessageContext& ctx) const override;
  std::optional<int> replyIfTransaction(MessageContext& ctx, int code,
                                        std::string_view reason) override;
  void requestDone(MessageContext& ctx) override;
  const TmStats& stats() const override { return stats_; }
  void onReplyOut(ReplyOutCallback callback, ReplyOutFilter filter) override;
  // tmx_operations.cpp
  bool flushFlags(const MessageContext& ctx) override;
  bool flushSlots(const MessageContext& ctx) override;
  int replyByCallId(std::string_view callId, std::string_view cseq, int code,
                    std::string_view reason) override;
  bool cancelByCallId(std::string_view callId, std::string_view cseq, int flag,
                      int reasonCode) override;
  bool cancelBranches(const MessageContext& reply, BranchesToCancel which) override;
  bool drop(const MessageContext& ctx) override;
  // suspension.cpp
  std::optional<TransactionId> transactionId(const MessageContext& ctx) override;
  std::optional<TransactionId> suspend(MessageContext& ctx) override;
  bool resume(TransactionId id, std::string_view route) override;

 private:
  struct Lookup {
    TransactionPtr transaction;
    bool created = false;
    int error = 0;
  };

  // ---- transaction_manager.cpp
  SipNetwork* network() const;
  void send(const Destination& to, std::string_view data);
  // True when `to` is over a stream (TCP): the transport delivers or fails,
  // so timers A, E, G and the CANCEL's do not retransmit (§17.1.1.2, §17.2.1).
  bool reliable(const Destination& to) const;
  bool runRoute(const std::string& name, MessageContext& ctx);
  // Runs a route tm invokes for t (branch, onreply, failure) on routeCtx, a
  // context of the route's own, made by the caller: bound to t, of route
  // type `type`, for branch `index` and, when given, reply `replyCode`.
  // True when the script dropped it.
  bool runTransactionRoute(const TransactionPtr& t, const std::string& name, RouteType type,
                           std::size_t index, std::optional<int> replyCode,
                           MessageContext& routeCtx);
  TimePoint now() const { return timers_.now(); }
  void schedule(const TransactionPtr& t, TimerKind kind, std::uint32_t branch,
                std::uint64_t generation, Millis delay);
  Millis frTimer(const Transaction& t) const;
  Millis frInvTimer(const Transaction& t) const;
  Lookup findOrCreate(MessageContext& ctx, MessageBinding& binding);
  TransactionPtr find(const SipMessage& request, std::optional<std::string_view> method = {});
  // The first transaction whose request has this Call-ID and CSeq number.
  TransactionPtr findByCallId(std::string_view callId, std::string_view cseq);
  // Resends the last reply sent upstream (a retransmitted request, §17.2.1).
  void resendLastReply(Transaction& t);
  // Sends a locally built reply upstream; false when t has its final already
  // or the code / reason cannot make a reply.
  // `extraHeaders`: lines the script queued for replies (append_to_reply).
  // `body`: the script's reply body (set_reply_body).
  bool sendLocalReply(const TransactionPtr& t, int code, std::string_view reason,
                      std::string_view extraHeaders = {}, std::string_view body = {});

  // ---- server_transaction.cpp: ServerState changes (§17.2)
  // With t.mutex held: a provisional / the first final went upstream.
  void provisionalSentLocked(const TransactionPtr& t);
  void finalSentLocked(const TransactionPtr& t, int code);
  // An ACK for t (§17.2.1): true when it answered a negative final and is
  // consumed here, false for the ACK of a 2xx (end to end).
  bool absorbAck(const TransactionPtr& t);
  // With t.mutex held: wt_timer, then out of the table (Confirmed / Completed).
  void lingerLocked(const TransactionPtr& t);
  void ackWaitOver(const TransactionPtr& t, const TimerEntry& entry);
  void waitOver(const TransactionPtr& t, const TimerEntry& entry);

  // ---- client_transaction.cpp: ClientState changes (§17.1), t.mutex held
  void branchSentLocked(const TransactionPtr& t, std::uint32_t index);
  // True when the branch waited for a provisional to be canceled (§9.1).
  bool provisionalReceivedLocked(const TransactionPtr& t, std::uint32_t index, int code);
  // A final (new / repeated): the ACK to send for a negative one to an
  // INVITE, else null.
  SharedText finalReceivedLocked(const TransactionPtr& t, std::uint32_t index,
                                 const SipMessage& reply);
  SharedText finalRepeatedLocked(const TransactionPtr& t, std::uint32_t index,
                                 const SipMessage& reply);
  // False when the branch had its final already.
  bool endBranchLocked(const TransactionPtr& t, std::size_t index, int code, bool timeout);

  // ---- relay.cpp
  int relayAck(MessageContext& ctx, const RelayTarget* target);
  int relayStateless(MessageContext& ctx, const RelayTarget* target);
  // t_relay's branches: the Request-URI's, then one per destination set
  // entry. 1 when any was sent, else the last error.
  int addBranches(const TransactionPtr& t, MessageContext& ctx, MessageBinding& binding,
                  const RelayTarget* target);
  // A new branch of t (§16.6) sent to its destination; a negative
  // Kamailio error code when none was. OwnCopy: ctx.message is a copy made
  // for this branch, which its branch route may change as it is.
  enum class BranchRequest { Shared, OwnCopy };
  int addBranch(const TransactionPtr& t, MessageContext& ctx, MessageBinding& binding,
                const RelayTarget* target, BranchRequest request = BranchRequest::Shared);
  // Adds the branch just sent (t.mutex held).
  void recordBranchLocked(const TransactionPtr& t, const MessageContext& branchCtx,
                          const Destination& destination, std::string id, SharedText request);

  // ---- reply_processing.cpp
  void processReply(const TransactionPtr& t, std::uint32_t index, MessageContext& ctx);
  struct ReplyEffect {
    bool repeated = false;    // the branch had its final already
    bool cancelNow = false;   // a CANCEL waited for this provisional (§9.1)
    SharedText ack;           // to send to the branch first
    Destination destination;  // the branch's
    std::string onReply;
  };
  // What the reply does to its branch's client transaction; nullopt when
  // there is no such branch.
  std::optional<ReplyEffect> applyToBranch(const TransactionPtr& t, std::uint32_t index,
                                           const SipMessage& reply);
  // Runs the onreply route for branch `index`; true when it dropped the reply.
  bool runOnReplyRoute(const TransactionPtr& t, std::uint32_t index, const std::string& onReply,
                       const MessageContext& ctx);
  // What goes upstream for a new reply (§16.7 steps 5, 10).
  void forwardReply(const TransactionPtr& t, std::uint32_t index, SipMessage& reply, bool dropped);
  void relayUpstream(const TransactionPtr& t, SipMessage& reply, int code);
  HookVerdict offerToSlReplyRoute(MessageContext& ctx);

  // ---- final_reply.cpp
  // Every branch may be done now: pick the best, run the failure route,
  // relay. `trigger` is the branch that just completed; `reply` its reply
  // (null when it timed out or was canceled locally).
  void completeIfDone(const TransactionPtr& t, std::size_t trigger, SipMessage* reply);
  void runFailureRoute(const TransactionPtr& t, const Winner& winner);
  // The context a failure route runs in (Kamailio's faked request): `ctx`
  // gets a copy of the request as relayed, with $du, the flags and the
  // transaction's slots as saved, and `branch`'s flags when given. The
  // copy is returned: it must outlive the route.
  std::unique_ptr<SipMessage> prepareFailureContext(const TransactionPtr& t, MessageContext& ctx,
                                                    std::optional<std::size_t> branch);
  // Sends the winner's final upstream: its reply, or one made up here.
  void sendWinner(const TransactionPtr& t, std::size_t trigger, const Winner& winner,
                  SipMessage* reply);
  // Tells the onReplyOut callbacks that a reply of t went upstream; `reply`
  // is null for a local one. Called with no lock held.
  void reportReplyOut(const TransactionPtr& t, int code, std::string_view reason,
                      const SipMessage* reply);

  // ---- cancel.cpp
  // A CANCEL (§16.10): nullopt when it matches no INVITE and
  // unmatched_cancel says to relay it as any other request.
  std::optional<int> relayCancel(MessageContext& ctx, const RelayTarget* target);
  void cancelInvite(const TransactionPtr& t, std::string reasonHeaders);
  // Cancels every pending branch except `except` (§16.7 step 10, §16.10).
  void cancelBranches(const TransactionPtr& t, std::optional<std::size_t> except,
                      std::string_view reason);
  void sendCancel(const TransactionPtr& t, std::size_t index);
  void onCancelReply(const TransactionPtr& t, std::uint32_t index, int code);

  // ---- suspension.cpp
  // t's ids, its label given now when it has none (t.mutex held).
  TransactionId idOfLocked(Transaction& t);
  // fr_timer after t_suspend: the failure route, then 408, unless continued.
  void suspensionOver(const TransactionPtr& t, const TimerEntry& entry);
  // The function t_continue names (replyCode 0), or the failure route of
  // a suspension timed out (408), run in t's strand as a failure route.
  void runSuspendedRoute(const TransactionPtr& t, const std::string& route, int replyCode);
  // After a suspended transaction's route: `code` upstream unless the route
  // relayed or answered.
  void replyUnlessHandled(const TransactionPtr& t, int code, std::string_view reason);

  // ---- transaction_timers.cpp
  void onTimer(const TimerEntry& entry);
  void retransmitRequest(const TransactionPtr& t, const TimerEntry& entry);
  void retransmitCancel(const TransactionPtr& t, const TimerEntry& entry);
  void retransmitFinal(const TransactionPtr& t, const TimerEntry& entry);
  void branchTimeout(const TransactionPtr& t, const TimerEntry& entry);
  void lifetimeOver(const TransactionPtr& t, const TimerEntry& entry);
  // Ends pending branch `index` with a local final (408 on timeout).
  void endBranchLocally(const TransactionPtr& t, std::size_t index, int code, bool timeout);

  const TmSettings settings_;
  ModuleHost& host_;
  TmStats stats_;
  // Filled at init, read-only after.
  struct ReplyOutHandler {
    ReplyOutCallback callback;
    ReplyOutFilter filter;
  };
  std::vector<ReplyOutHandler> replyOutCallbacks_;
  TransactionTable table_;
  SuspendedTransactions suspended_;
  TimerService timers_;
};

}  // namespace kemid::tm
