#pragma once
// Everything routing knows about the message being handled, beyond the SIP
// text itself: where it came from, where it goes next, which route runs,
// flags, and what modules keep with it (tm's transaction, pv's $avp) in
// typed slots. KEMI functions receive it.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/destination_set.h"
#include "core/module_abi.h"
#include "core/network.h"
#include "core/slot_table.h"

namespace kemid {

class SipMessage;

// Which script callback is running (Kamailio's route types). Event: a
// module's event callback (core/event_route.h), over a made-up request.
enum class RouteType { Request, Reply, Branch, OnReply, Failure, Event };

// What the script asked about sending for this message (Kamailio's
// per-message set_forward_* / set_reply_* flags, add_local_rport and
// set_advertised_*). kemid sends over UDP only, so the connection flags are
// recorded and have no effect yet.
struct SendOptions {
  bool forwardClose = false;      // set_forward_close
  bool forwardNoConnect = false;  // set_forward_no_connect
  bool replyClose = false;        // set_reply_close
  bool replyNoConnect = false;    // set_reply_no_connect
  bool addLocalRport = false;     // add_local_rport: ";rport" in the proxy's own Via
  // set_advertised_address / set_advertised_port: the host and port the
  // proxy writes in its Via (and Record-Route) instead of the socket's
  // advertised ones; empty / 0 when not set.
  std::string advertisedAddress;
  std::uint16_t advertisedPort = 0;
};

struct MessageContext {
  SipMessage* message = nullptr;
  ReceiveInfo received;
  RouteType routeType = RouteType::Request;
  std::string dstUri;             // $du: next hop overriding the Request-URI; empty when unset
  std::uint32_t flags = 0;        // message flags (setflag/isflagset)
  std::uint32_t branchFlags = 0;  // flags of branch 0 (setbflag/isbflagset)
  int ruriQ = -1;                 // $ru_q: the Request-URI's q-value in thousandths, -1 none
  // Kamailio's path vector: the Path the Request-URI's contact registered
  // with (RFC 3327), sent as Route headers on its branch; empty when none.
  std::string ruriPath;
  DestinationSet destinations;    // further branches for t_relay (append_branch, lookup)
  std::uint32_t scriptFlags = 0;  // script flags (setsflag/issflagset), zero for each message
  SendOptions send;
  bool dropped = false;  // KSR.x.drop() / drop: do not forward
  int branchIndex = 0;   // $T_branch_idx in branch/onreply/failure routes
  int replyCode = 0;     // $T_reply_code in failure/onreply routes
  // Header lines (each ending in CRLF) for any reply kemid generates for
  // this request (KSR.hdr.append_to_reply); sl and tm add them.
  std::string replyHeaders;

  // ---- module slots (core/slot_table.h) -----------------------------------
  // Const: a module reading a const context may create its slot.

  // The value in key's slot, or null when there is none yet.
  template <class T>
  T* findSlot(const SlotKey<T>& key) const {
    if (key.scope() == SlotScope::Message) return messageSlots_.find(key);
    return transactionSlots_ ? transactionSlots_->find(key) : nullptr;
  }

  // Stores a new T built from args in key's slot, replacing any value.
  template <class T, class... Args>
  T& emplaceSlot(const SlotKey<T>& key, Args&&... args) const {
    return tableFor(key.scope()).emplace(key, std::forward<Args>(args)...);
  }

  template <class T>
  void eraseSlot(const SlotKey<T>& key) const {
    tableFor(key.scope()).erase(key);
  }

  // The transaction-scope slots, null while no module stored any: tm keeps
  // them with the transaction this message creates. Not created here, so
  // that a transaction whose request stored nothing shares nothing with it
  // (its routes run on other threads).
  std::shared_ptr<SlotTable> transactionSlots() const { return transactionSlots_; }
  // Makes slots (a transaction's) this context's transaction-scope slots:
  // tm, for the routes it runs for a transaction.
  void useTransactionSlots(std::shared_ptr<SlotTable> slots) const {
    transactionSlots_ = std::move(slots);
  }

 private:
  SlotTable& tableFor(SlotScope scope) const {
    if (scope == SlotScope::Message) return messageSlots_;
    if (!transactionSlots_) transactionSlots_ = std::make_shared<SlotTable>();
    return *transactionSlots_;
  }

  mutable SlotTable messageSlots_;
  mutable std::shared_ptr<SlotTable> transactionSlots_;
};

// The message a KEMI function works on; null outside message processing
// (while the script loads).
inline SipMessage* messageOf(const KemiCall& call) {
  return call.context != nullptr ? call.context->message : nullptr;
}

}  // namespace kemid
