// tmx's t_suspend and t_continue (TmApi): a request's transaction waits,
// having sent only the 100 to an INVITE, until another message (or an
// event) runs a script function for it, as a failure route, which relays
// or answers it; or until fr_timer, as Kamailio's.

#include <utility>

#include "core/log.h"
#include "core/message_context.h"
#include "message_binding.h"
#include "transaction_manager.h"

namespace kemid::tm {
namespace {

constexpr Logger kLog{"tm"};
constexpr std::string_view kUnspecifiedError = "I'm terribly sorry, server error occurred (1/TM)";
// A timer that finds the transaction's strand busy tries again this soon.
constexpr Millis kBusyRetry{10};

}  // namespace

TransactionId TransactionManager::idOfLocked(Transaction& t) {
  if (t.label == 0) t.label = suspended_.newLabel();
  return TransactionId{SuspendedTransactions::indexOf(t), t.label};
}

std::optional<TransactionId> TransactionManager::transactionId(const MessageContext& ctx) {
  MessageBinding* binding = bindingOf(ctx);
  if (binding == nullptr || !binding->transaction) return std::nullopt;
  std::lock_guard lock(binding->transaction->mutex);
  return idOfLocked(*binding->transaction);
}

std::optional<TransactionId> TransactionManager::suspend(MessageContext& ctx) {
  if (ctx.routeType != RouteType::Request || ctx.message == nullptr ||
      ctx.message->method() == "ACK") {
    kLog.err("t_suspend: only a request route can suspend its request");
    return std::nullopt;
  }
  MessageBinding* binding = bindingOf(ctx);
  if (binding == nullptr || !binding->transaction) {
    if (newTransaction(ctx) != 1) return std::nullopt;
    binding = bindingOf(ctx);
  }
  TransactionPtr t = binding->transaction;
  TransactionId id;
  bool trying = false;
  {
    std::lock_guard lock(t->mutex);
    if (t->finalSent() || !t->answering()) return std::nullopt;
    t->suspended = true;
    t->flags = ctx.flags;  // what the continue route starts from, as in Kamailio
    id = idOfLocked(*t);
    // The INVITE may wait long: the caller gets its 100 now, as from
    // t_relay (Kamailio's t_suspend does the same).
    trying =
        t->invite && t->lastReplyCode == 0 && t->script.autoInv100.value_or(settings_.autoInv100);
  }
  suspended_.add(id, t);
  if (trying) sendLocalReply(t, 100, settings_.autoInv100Reason);
  // Kamailio keeps a branch that never answers, so fr_timer ends the wait.
  schedule(t, TimerKind::SuspensionTimeout, 0, 0, frTimer(*t));
  return id;
}

bool TransactionManager::resume(TransactionId id, std::string_view route) {
  TransactionPtr t = suspended_.take(id);
  if (!t) {
    kLog.err("t_continue: no suspended transaction [", id.index, ":", id.label, "]");
    return false;
  }
  {
    std::lock_guard lock(t->mutex);
    if (!t->suspended || t->finalSent()) return false;
    t->suspended = false;
  }
  t->runOrQueue([this, t, route = std::string(route)] {
    runSuspendedRoute(t, route, 0);
    // A route that neither relayed nor answered leaves Kamailio's reply
    // for an unspecified error (E_UNSPEC), as measured.
    replyUnlessHandled(t, 500, kUnspecifiedError);
  });
  return true;
}

void TransactionManager::suspensionOver(const TransactionPtr& t, const TimerEntry& entry) {
  if (!t->tryEnter()) {
    timers_.schedule(TimerEntry{now() + kBusyRetry, t, entry.kind, entry.branch, entry.generation});
    return;
  }
  std::string onFailure;
  bool waiting = false;
  {
    std::lock_guard lock(t->mutex);
    waiting = t->suspended && t->answering();
    t->suspended = false;  // t_continue finds it no more
    if (waiting) onFailure = std::exchange(t->script.onFailure, {});
  }
  if (waiting) {
    kLog.dbg("suspended transaction timed out");
    if (!onFailure.empty()) runSuspendedRoute(t, onFailure, 408);
    replyUnlessHandled(t, 408, "Request Timeout");
  }
  t->leave();
}

void TransactionManager::runSuspendedRoute(const TransactionPtr& t, const std::string& route,
                                           int replyCode) {
  // As a failure route, with $du, the flags and the transaction's slots as
  // the suspending route left them.
  MessageContext routeCtx;
  auto request = prepareFailureContext(t, routeCtx, std::nullopt);
  runTransactionRoute(t, route, RouteType::Failure, 0, replyCode, routeCtx);
}

void TransactionManager::replyUnlessHandled(const TransactionPtr& t, int code,
                                            std::string_view reason) {
  bool answer = false;
  {
    std::lock_guard lock(t->mutex);
    answer = !t->finalSent() && !t->hasPendingBranch();
  }
  if (answer) sendLocalReply(t, code, reason);
}

}  // namespace kemid::tm
