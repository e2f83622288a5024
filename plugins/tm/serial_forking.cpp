#include "serial_forking.h"

#include <algorithm>
#include <deque>

#include "core/log.h"
#include "core/message_context.h"
#include "core/slot_table.h"
#include "sip/sip_message.h"
#include "transaction_manager.h"

namespace kemid::tm {

namespace {

constexpr Logger kLog{"tm"};

// Kamailio keeps the loaded contacts in the contacts_avp XAVP, which lives
// as long as the transaction; here they are a transaction-scope slot, so a
// failure route takes the next group.
using LoadedContacts = std::deque<DestinationBranch>;
const SlotKey<LoadedContacts> kLoadedContacts{SlotScope::Transaction};

KemiValue result(int value) {
  return static_cast<std::int64_t>(value);
}

bool enabled(const KemiCall& call, std::string_view function) {
  const auto& settings = static_cast<TransactionManager*>(call.state)->settings();
  if (!settings.contactsAvp.empty()) return true;
  kLog.err(function, ": feature disabled, set the contacts_avp parameter");
  return false;
}

}  // namespace

KemiValue kemiLoadContacts(KemiCall& call) {
  if (!enabled(call, "t_load_contacts")) return result(-1);
  MessageContext* ctx = call.context;
  if (ctx == nullptr || ctx->message == nullptr || !ctx->message->isRequest()) return result(-1);
  if (ctx->destinations.empty()) return result(1);  // the Request-URI alone: nothing to order

  LoadedContacts contacts;
  DestinationBranch ruri;
  ruri.uri = ctx->message->requestUri();
  ruri.dstUri = ctx->dstUri;
  ruri.path = ctx->ruriPath;
  ruri.q = ctx->ruriQ;
  ruri.flags = ctx->branchFlags;
  contacts.push_back(std::move(ruri));
  for (const DestinationBranch& branch : ctx->destinations) contacts.push_back(branch);
  // Best q first; among equal q the one added last comes first, as in
  // Kamailio. An unspecified q (-1) ranks below q=0.
  std::reverse(contacts.begin(), contacts.end());
  std::stable_sort(
      contacts.begin(), contacts.end(),
      [](const DestinationBranch& a, const DestinationBranch& b) { return a.q > b.q; });
  ctx->emplaceSlot(kLoadedContacts, std::move(contacts));
  ctx->destinations.clear();
  return result(1);
}

KemiValue kemiNextContacts(KemiCall& call) {
  if (!enabled(call, "t_next_contacts")) return result(-1);
  MessageContext* ctx = call.context;
  if (ctx == nullptr || ctx->message == nullptr) return result(-1);
  LoadedContacts* contacts = ctx->findSlot(kLoadedContacts);
  if (contacts == nullptr || contacts->empty()) return result(-2);

  DestinationBranch first = std::move(contacts->front());
  contacts->pop_front();
  if (!ctx->message->setRequestUri(first.uri)) return result(-1);
  ctx->dstUri = first.dstUri;
  ctx->ruriPath = first.path;
  ctx->branchFlags = first.flags;
  ctx->destinations.clear();
  // The rest of the group are branches, without their q (Kamailio gives 0).
  while (!contacts->empty() && contacts->front().q == first.q) {
    DestinationBranch branch = std::move(contacts->front());
    contacts->pop_front();
    branch.q = 0;
    if (!ctx->destinations.append(std::move(branch))) break;
  }
  return result(1);
}

}  // namespace kemid::tm
