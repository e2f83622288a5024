#pragma once
// What tm offers the core and other modules (Kamailio's load_tm_api). Found
// with
//   host.findApi<kemid::tm::TmApi>()
// which is null when tm is not loaded (or not initialised yet).

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace kemid {
struct MessageContext;
class SipMessage;
}  // namespace kemid

namespace kemid::tm {

// tm's counters, Kamailio's tm.stats names. Relaxed atomics: each is
// exact, a set of them read together is not a snapshot.
struct TmStats {
  std::atomic<std::uint64_t> current{0};  // transactions in the table now
  std::atomic<std::uint64_t> waiting{0};  // of those, in the wait state (wt_timer)
  // Of those, INVITEs answered negatively that retransmit the reply until
  // the ACK (RFC 3261 §17.2.1 "Completed"); kemid's, not in tm.stats.
  std::atomic<std::uint64_t> awaitingAck{0};
  std::atomic<std::uint64_t> total{0};         // transactions ever created
  std::atomic<std::uint64_t> totalLocal{0};    // of those, created by kemid itself (t_uac)
  std::atomic<std::uint64_t> rplReceived{0};   // replies received that matched a transaction
  std::atomic<std::uint64_t> rplGenerated{0};  // replies built locally (100, t_reply, 408, ...)
  std::atomic<std::uint64_t> rplSent{0};       // replies sent upstream, relayed or local
  // Transactions completed with a final reply of that class (index 2..6).
  std::atomic<std::uint64_t> completed[7]{};
  std::atomic<std::uint64_t> created{0};
  std::atomic<std::uint64_t> freed{0};
  // Kamailio's frees put off while a process still referenced the cell; a
  // transaction here goes when its last reference does, so this stays 0.
  std::atomic<std::uint64_t> delayedFree{0};
  // New requests answered 503 because max_transactions were in the table.
  std::atomic<std::uint64_t> refusedOverload{0};
};

// A reply of a transaction, just sent upstream (Kamailio's
// TMCB_RESPONSE_OUT): the request as tm keeps it (source, flags,
// transaction slots), the code and reason sent, and the reply when it was
// relayed (null when tm or the script made it up).
struct ReplyOutEvent {
  MessageContext& request;
  int code;
  std::string_view reason;
  const SipMessage* reply;
};
using ReplyOutCallback = std::function<void(const ReplyOutEvent&)>;

// Which replies a ReplyOutCallback is called for.
struct ReplyOutFilter {
  bool provisional = false;  // the relayed provisionals too
  // Only transactions whose message flags have one of these bits (0: all),
  // so that tm copies no request for a module that would ignore it.
  std::uint32_t anyOfFlags = 0;
};

// Which branches tmx's t_cancel_branches cancels, seen from the reply being
// routed: every pending one, all but the reply's, or the reply's alone.
enum class BranchesToCancel { All, Others, This };

// A transaction's ids as tmx shows them ($T(id_index), $T(id_label)) and
// t_continue takes them: the index of its hash bucket and a label unique
// among the transactions kemid made.
struct TransactionId {
  std::uint32_t index = 0;
  std::uint32_t label = 0;
};

class TmApi {
 public:
  static constexpr std::string_view kApiName = "tm";
  static constexpr std::uint32_t kApiVersion = 5;  // see VersionedApi (core/module_host.h)

  // Whether the message being routed has a transaction (t_newtran or
  // t_relay created or found one).
  virtual bool hasTransaction(const MessageContext& ctx) const = 0;

  // sl's send_reply: when the message has a transaction, replies through it
  // as KSR.tm.t_reply would and returns that result (1, or negative);
  // nullopt when it has none, so the caller replies statelessly.
  virtual std::optional<int> replyIfTransaction(MessageContext& ctx, int code,
                                                std::string_view reason) = 0;

  // The core calls this once ksr_request_route has returned for a request
  // (Kamailio's post-script processing): it sends the error reply a failed
  // t_relay left pending unless the script replied, releases a transaction
  // the script created but neither relayed nor answered, and drops what tm
  // attached to ctx. Without it a transaction stays referenced until the
  // message's handling ends.
  virtual void requestDone(MessageContext& ctx) = 0;

  // The received reply is offered to tm through ModuleHost::addReplyHook;
  // nothing to call here for it.

  virtual const TmStats& stats() const = 0;

  // Calls `callback` once for every transaction's first final reply sent
  // upstream (relayed or local; a second 2xx to an INVITE is not reported)
  // and, as `filter` says, for the provisionals relayed upstream; on the
  // thread that sent it, with no tm lock held. Register from a module's
  // init hook only: the list is not locked, workers only read it.
  virtual void onReplyOut(ReplyOutCallback callback, ReplyOutFilter filter) = 0;

  // ---- for tmx. The defaults answer "no transaction" (test fakes).

  // t_flush_flags / t_flush_xflags: the message's flags, or its
  // transaction-scope slots (corex's xflags), become its transaction's;
  // false when it has none.
  virtual bool flushFlags(const MessageContext& ctx) {
    (void)ctx;
    return false;
  }
  virtual bool flushSlots(const MessageContext& ctx) {
    (void)ctx;
    return false;
  }

  // t_reply_callid: replies the first transaction in the table whose
  // request has this Call-ID and CSeq number, as t_reply would; 1, or -1
  // when there is none or it cannot be answered (a final reply went out).
  virtual int replyByCallId(std::string_view callId, std::string_view cseq, int code,
                            std::string_view reason) {
    (void)callId, (void)cseq, (void)code, (void)reason;
    return -1;
  }

  // t_cancel_callid: cancels the pending branches of that transaction (a
  // CANCEL to each that had a provisional, with "Reason: SIP;cause=N" when
  // reasonCode > 0) and, with flag > 0, sets that flag in the
  // transaction's flags; false when there is none.
  virtual bool cancelByCallId(std::string_view callId, std::string_view cseq, int flag,
                              int reasonCode) {
    (void)callId, (void)cseq, (void)flag, (void)reasonCode;
    return false;
  }

  // t_drop: the message's transaction sends no final reply upstream when
  // its branches have ended (the failure route's winner is not relayed);
  // false when it has no transaction.
  virtual bool drop(const MessageContext& ctx) {
    (void)ctx;
    return false;
  }

  // t_cancel_branches, in an onreply route: false for another route.
  virtual bool cancelBranches(const MessageContext& reply, BranchesToCancel which) {
    (void)reply, (void)which;
    return false;
  }

  // ---- since version 5: t_suspend / t_continue (tmx).

  // The ids of the message's transaction; nullopt when it has none.
  virtual std::optional<TransactionId> transactionId(const MessageContext& ctx) {
    (void)ctx;
    return std::nullopt;
  }

  // t_suspend, in a request route: the message's transaction (created when
  // it has none) sends nothing and waits for resume(); its ids, or nullopt
  // when it cannot (another route, a retransmission, a final sent already).
  virtual std::optional<TransactionId> suspend(MessageContext& ctx) {
    (void)ctx;
    return std::nullopt;
  }

  // t_continue: runs the script function `route` for the suspended
  // transaction `id`, as a failure route (on a copy of its request, where
  // t_relay adds branches and t_reply answers it), in the transaction's
  // turn: now, or after the thread at work on it is done. False when no
  // transaction with these ids is suspended.
  virtual bool resume(TransactionId id, std::string_view route) {
    (void)id, (void)route;
    return false;
  }

 protected:
  ~TmApi() = default;  // owned by tm, never deleted through this
};

}  // namespace kemid::tm
