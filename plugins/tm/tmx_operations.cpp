// What tm does for tmx (TmApi's tmx part): flags flushed into a
// transaction, transactions answered or cancelled by Call-ID and CSeq,
// branches cancelled from an onreply route, a transaction dropped.

#include <charconv>
#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "message_binding.h"
#include "transaction_manager.h"

namespace kemid::tm {
namespace {

constexpr Logger kLog{"tm"};
constexpr int kFlagCount = 32;

TransactionPtr transactionOf(const MessageContext& ctx) {
  MessageBinding* binding = bindingOf(ctx);
  return binding != nullptr ? binding->transaction : nullptr;
}

std::optional<std::uint32_t> cseqNumberOf(std::string_view text) {
  std::uint32_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

// The Reason header of t_cancel_callid_reason's CANCELs (RFC 3326); 200
// gets the text Kamailio gives it, the one RFC 3326 suggests for a call
// answered on another branch.
std::string cancelReason(int code) {
  if (code <= 0) return {};
  std::string line = "Reason: SIP;cause=" + std::to_string(code);
  if (code == 200) line += ";text=\"Call completed elsewhere\"";
  return line + "\r\n";
}

}  // namespace

bool TransactionManager::flushFlags(const MessageContext& ctx) {
  TransactionPtr t = transactionOf(ctx);
  if (!t) return false;
  std::lock_guard lock(t->mutex);
  t->flags = ctx.flags;
  return true;
}

bool TransactionManager::flushSlots(const MessageContext& ctx) {
  TransactionPtr t = transactionOf(ctx);
  if (!t) return false;
  std::lock_guard lock(t->mutex);
  t->scriptSlots = ctx.transactionSlots();
  return true;
}

TransactionPtr TransactionManager::findByCallId(std::string_view callId, std::string_view cseq) {
  auto number = cseqNumberOf(cseq);
  if (!number) return nullptr;
  for (TransactionPtr& t : table_.snapshot()) {
    std::lock_guard lock(t->mutex);
    if (t->request->cseqNumber() == *number && t->request->callId() == callId) return t;
  }
  return nullptr;
}

int TransactionManager::replyByCallId(std::string_view callId, std::string_view cseq, int code,
                                      std::string_view reason) {
  TransactionPtr t = findByCallId(callId, cseq);
  if (!t) {
    kLog.dbg("t_reply_callid: no transaction for ", callId, " ", cseq);
    return -1;
  }
  return sendLocalReply(t, code, reason) ? 1 : -1;
}

bool TransactionManager::cancelByCallId(std::string_view callId, std::string_view cseq, int flag,
                                        int reasonCode) {
  TransactionPtr t = findByCallId(callId, cseq);
  if (!t) return false;
  std::string reason = cancelReason(reasonCode);
  {
    std::lock_guard lock(t->mutex);
    if (flag > 0 && flag < kFlagCount) t->flags |= 1U << flag;
  }
  // Unlike a received CANCEL, no 487 when nothing was sent downstream yet,
  // and t_is_canceled stays -1 (as in Kamailio 5.6).
  t->runOrQueue([this, t, reason = std::move(reason)] { cancelBranches(t, std::nullopt, reason); });
  return true;
}

bool TransactionManager::drop(const MessageContext& ctx) {
  TransactionPtr t = transactionOf(ctx);
  if (!t) return false;
  std::lock_guard lock(t->mutex);
  t->dropped = true;
  return true;
}

bool TransactionManager::cancelBranches(const MessageContext& reply, BranchesToCancel which) {
  if (reply.routeType != RouteType::OnReply) return false;
  TransactionPtr t = transactionOf(reply);
  if (!t) return false;
  const auto current = static_cast<std::size_t>(reply.branchIndex);
  // The onreply route runs inside the transaction's strand: act now.
  switch (which) {
    case BranchesToCancel::All:
      cancelBranches(t, std::nullopt, {});
      break;
    case BranchesToCancel::Others:
      cancelBranches(t, current, {});
      break;
    case BranchesToCancel::This:
      sendCancel(t, current);
      break;
  }
  return true;
}

}  // namespace kemid::tm
