#pragma once
// What tm attaches to a MessageContext (a message-scope slot): the
// transaction of the message, once there is one, and the script's t_on_* /
// t_set_fr choices made before it exists (Kamailio keeps those per process
// and resets them for every new request; here they live with the message).
//
// For the request route, the binding is created on the first tm call for a
// message and lives until TmApi::requestDone, or until the message's
// handling ends. For the routes tm runs itself (branch, onreply, failure),
// tm binds their context to the transaction before it runs them.

#include <optional>

#include "transaction.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::tm {

struct MessageBinding {
  TransactionPtr transaction;
  bool createdHere = false;  // this message created the transaction
  ScriptSettings pending;    // settings made before the transaction existed
  // A failed t_relay's error (negative Kamailio code), answered after the
  // script unless it replied itself.
  std::optional<int> relayError;
  bool newSerialStep = false;  // failure route: a t_relay started a new serial step
};

// The binding of ctx, or null when tm attached nothing to it yet.
MessageBinding* bindingOf(const MessageContext& ctx);

// The binding of ctx, created (request route) when there is none yet.
MessageBinding& bindRequest(MessageContext& ctx);

// Binds ctx (of a route tm runs for t) to t.
MessageBinding& bindToTransaction(MessageContext& ctx, TransactionPtr t);

// Drops ctx's binding (and what it holds).
void unbind(MessageContext& ctx);

}  // namespace kemid::tm
