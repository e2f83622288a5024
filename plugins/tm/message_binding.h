#pragma once
// What tm attaches to a MessageContext (its `transaction` slot): the
// transaction of the message, once there is one, and the script's t_on_* /
// t_set_fr choices made before it exists (Kamailio keeps those per process
// and resets them for every new request; here they live with the message).
//
// For the request route, the binding is created on the first tm call for a
// message and lives until TmApi::requestDone, or until the same thread binds
// its next request. For the routes tm runs itself (branch, onreply,
// failure), it is a local of the code that runs them.

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

// Drops the binding bindRequest() created for ctx (and what it holds).
void unbindRequest(MessageContext& ctx);

}  // namespace kemid::tm
