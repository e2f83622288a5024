// tmx's t_suspend and t_continue (TmApi): a request's transaction waits,
// sending nothing, until another message (or an event) runs a script
// function for it, as a failure route, which relays or answers it.

#include "core/log.h"
#include "core/message_context.h"
#include "message_binding.h"
#include "transaction_manager.h"

namespace kemid::tm {
namespace {

constexpr Logger kLog{"tm"};

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
    id = idOfLocked(*t);
    // The INVITE may wait long: the caller gets its 100 now, as from
    // t_relay (Kamailio's t_suspend does the same).
    trying =
        t->invite && t->lastReplyCode == 0 && t->script.autoInv100.value_or(settings_.autoInv100);
  }
  suspended_.add(id, t);
  if (trying) sendLocalReply(t, 100, settings_.autoInv100Reason);
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
  t->runOrQueue([this, t, route = std::string(route)] { runContinueRoute(t, route); });
  return true;
}

void TransactionManager::runContinueRoute(const TransactionPtr& t, const std::string& route) {
  // As a failure route: on a copy of the request as received, with $du,
  // the flags and the transaction's slots as the suspending route left them.
  MessageContext continueCtx;
  std::unique_ptr<SipMessage> request;
  {
    std::lock_guard lock(t->mutex);
    request = t->request->clone();
    continueCtx.received = t->received;
    continueCtx.dstUri = t->dstUri;
    continueCtx.flags = t->flags;
    continueCtx.useTransactionSlots(t->scriptSlots);
  }
  continueCtx.message = request.get();
  runTransactionRoute(t, route, RouteType::Failure, 0, std::nullopt, continueCtx);
}

}  // namespace kemid::tm
