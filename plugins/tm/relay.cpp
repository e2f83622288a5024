// t_relay: a new branch of a transaction (RFC 3261 §16.6), or a stateless
// relay for what has no transaction (ACK to a 2xx, §16.11).

#include "core/log.h"
#include "core/message_context.h"
#include "core/network.h"
#include "sip/via.h"
#include "transaction_manager.h"

namespace kemid::tm {

namespace {

constexpr Logger kLog{"tm"};

int errorCode(ForwardError error) {
  switch (error) {
    case ForwardError::None:
      return 1;
    case ForwardError::BadUri:
      return kErrBadUri;
    case ForwardError::UnsupportedTransport:
      return kErrNoSocket;
    case ForwardError::Unresolvable:
      return kErrBadAddress;
    case ForwardError::SendFailed:
      return kErrSend;
  }
  return kErrUnspecified;
}

DestinationResult destinationFor(const RelayTarget* target, const MessageContext& ctx,
                                 const SipNetwork& network) {
  DestinationResult result =
      target != nullptr ? resolveAddress(target->transport, target->host, target->port, network)
                        : resolveNextHop(ctx.dstUri, *ctx.message, network);
  if (result.ok()) {
    preferReceivingSocket(result.destination, ctx.received, network);
    result.destination.noConnect = ctx.send.forwardNoConnect;
    result.destination.closeAfter = ctx.send.forwardClose;
  }
  return result;
}

struct NewBranch {
  int error = 0;  // t takes no more branches
  std::uint32_t index = 0;
  std::string onBranch;
};

NewBranch reserveBranch(const TransactionPtr& t) {
  NewBranch next;
  std::lock_guard lock(t->mutex);
  if (t->canceled) {
    next.error = kErrCanceled;
  } else if (t->finalSent()) {
    next.error = kErrUnspecified;
  } else {
    next.index = static_cast<std::uint32_t>(t->branches.size());
    next.onBranch = t->script.onBranch;
  }
  return next;
}

// A failure route's first t_relay starts a new serial step: earlier replies
// stop competing per failure_reply_mode `mode` (0 keep all, 1 and 3 drop
// all, 2 drop the step that just failed). t.mutex held.
void startSerialStepLocked(Transaction& t, MessageBinding& binding, int mode) {
  binding.newSerialStep = true;
  ++t.serialStep;
  for (Branch& earlier : t.branches) {
    if (mode == 1 || mode == 3 || (mode == 2 && earlier.serialStep == t.serialStep - 1)) {
      earlier.ignored = true;
    }
  }
}

// A copy of ctx's request for one more branch, with that branch's
// Request-URI (unless empty) and its Path as Route headers in front of the
// request's own (RFC 3327 §5).
std::unique_ptr<SipMessage> branchRequest(const MessageContext& ctx, const std::string& uri,
                                          const std::string& path) {
  std::unique_ptr<SipMessage> copy = ctx.message->clone();
  if (!uri.empty()) copy->setRequestUri(uri);
  if (!path.empty() && !copy->insertHeaderBefore("Route", "Route", path)) {
    copy->insertHeader("Route", path);
  }
  return copy;
}

}  // namespace

int TransactionManager::relay(MessageContext& ctx, const RelayTarget* target) {
  if (ctx.message == nullptr) return kErrUnspecified;
  if (ctx.routeType == RouteType::Failure) {
    // Serial forking: one more branch on the transaction being failed.
    MessageBinding* binding = bindingOf(ctx);
    if (binding == nullptr || !binding->transaction) return kErrUnspecified;
    return addBranches(binding->transaction, ctx, *binding, target) < 0 ? -1 : 1;
  }
  if (ctx.routeType != RouteType::Request) {
    kLog.err("t_relay is not allowed in this route");
    return 0;
  }
  std::string_view method = ctx.message->method();
  if (method == "ACK") return relayAck(ctx, target);
  if (method == "CANCEL") {
    if (auto handled = relayCancel(ctx, target)) return *handled;
  }

  MessageBinding& binding = bindRequest(ctx);
  TransactionPtr t = binding.transaction;
  if (!t) {
    Lookup found = findOrCreate(ctx, binding);
    if (found.error != 0) return found.error;
    if (!found.created) {
      resendLastReply(*found.transaction);  // a retransmission: absorbed (§17.2.1)
      return 1;
    }
    t = found.transaction;
  } else {
    // Created earlier by t_newtran: keep the Request-URI the script relays to.
    std::string uri = ctx.message->requestUri();
    std::lock_guard lock(t->mutex);
    if (t->request->requestUri() != uri) t->request->setRequestUri(uri);
    t->dstUri = ctx.dstUri;
    t->flags = ctx.flags;
    t->scriptSlots = ctx.transactionSlots();
  }

  bool trying = false;
  {
    std::lock_guard lock(t->mutex);
    t->relayed = true;
    trying =
        t->invite && t->lastReplyCode == 0 && t->script.autoInv100.value_or(settings_.autoInv100);
  }
  // Before the forwarding attempt, so also when it fails (as Kamailio).
  if (trying) sendLocalReply(t, 100, settings_.autoInv100Reason);

  if (!t->tryEnter()) {
    kLog.err("t_relay: the transaction is busy in another route");
    return kErrUnspecified;
  }
  int result = addBranches(t, ctx, binding, target);
  t->leave();
  if (result < 0) binding.relayError = result;
  // As Kamailio 5.6: a branch that could not be sent is answered 477
  // after the script, but t_relay itself says -1 (measured:
  // tests/conformance/cases/tm/relay_errors).
  return result == kErrSend ? kErrUnspecified : result;
}

int TransactionManager::relayAck(MessageContext& ctx, const RelayTarget* target) {
  if (auto t = find(*ctx.message); t && absorbAck(t)) return 1;
  return relayStateless(ctx, target);
}

int TransactionManager::relayStateless(MessageContext& ctx, const RelayTarget* target) {
  SipNetwork* net = network();
  if (net == nullptr) return kErrSend;
  if (target == nullptr) return errorCode(forwardStateless(ctx, *net));
  auto next = destinationFor(target, ctx, *net);
  if (!next.ok()) return errorCode(next.error);
  std::string text =
      wireTextWithOwnVia(*ctx.message, next.destination, *net, sip::statelessBranch(*ctx.message),
                         ctx.send, ctx.received.connection);
  if (text.empty() || !net->send(next.destination, text)) return kErrSend;
  return 1;
}

int TransactionManager::addBranches(const TransactionPtr& t, MessageContext& ctx,
                                    MessageBinding& binding, const RelayTarget* target) {
  int result = 0;
  if (ctx.ruriPath.empty()) {
    result = addBranch(t, ctx, binding, target);
  } else {
    std::unique_ptr<SipMessage> copy = branchRequest(ctx, {}, ctx.ruriPath);
    MessageContext branchCtx = ctx;
    branchCtx.message = copy.get();
    result = addBranch(t, branchCtx, binding, target, BranchRequest::OwnCopy);
  }
  if (ctx.destinations.empty()) return result;
  // Parallel forking (§16.6): one more branch per destination set entry,
  // each on a copy of the request with that entry's Request-URI, next hop,
  // flags and Path. t_relay succeeds when any branch was sent.
  bool anySent = result > 0;
  for (const DestinationBranch& destination : ctx.destinations) {
    std::unique_ptr<SipMessage> copy = branchRequest(ctx, destination.uri, destination.path);
    MessageContext branchCtx = ctx;
    branchCtx.message = copy.get();
    branchCtx.dstUri = destination.dstUri;
    branchCtx.branchFlags = destination.flags;
    int branchResult = addBranch(t, branchCtx, binding, target, BranchRequest::OwnCopy);
    anySent = anySent || branchResult > 0;
    if (branchResult <= 0) result = branchResult;
  }
  if (!anySent) return result;
  ctx.destinations.clear();
  return 1;
}

int TransactionManager::addBranch(const TransactionPtr& t, MessageContext& ctx,
                                  MessageBinding& binding, const RelayTarget* target,
                                  BranchRequest request) {
  SipNetwork* net = network();
  if (net == nullptr) return kErrSend;
  NewBranch next = reserveBranch(t);
  if (next.error != 0) return next.error;

  // The branch route may change the request for this branch only: it works
  // on a copy, made only when there is such a route and the request is not
  // this branch's own copy already.
  MessageContext branchCtx = ctx;
  std::unique_ptr<SipMessage> copy;
  if (!next.onBranch.empty()) {
    if (request == BranchRequest::Shared) {
      copy = ctx.message->clone();
      branchCtx.message = copy.get();
    }
    if (runTransactionRoute(t, next.onBranch, RouteType::Branch, next.index, std::nullopt,
                            branchCtx)) {
      return kErrAllBranchesDropped;
    }
  }

  auto hop = destinationFor(target, branchCtx, *net);
  if (!hop.ok()) return errorCode(hop.error);
  std::string id = t->branchBase + "." + std::to_string(next.index);
  auto text = std::make_shared<const std::string>(
      wireTextWithOwnVia(*branchCtx.message, hop.destination, *net, id, branchCtx.send,
                         branchCtx.received.connection));
  if (text->empty()) return kErrUnspecified;
  // Sent before the branch is recorded: its replies are handled in this
  // transaction's strand, which the caller holds, so they wait for it.
  if (!net->send(hop.destination, *text)) return kErrSend;

  std::lock_guard lock(t->mutex);
  if (ctx.routeType == RouteType::Failure && !binding.newSerialStep) {
    startSerialStepLocked(*t, binding, settings_.failureReplyMode);
  }
  recordBranchLocked(t, branchCtx, hop.destination, std::move(id), std::move(text));
  return 1;
}

void TransactionManager::recordBranchLocked(const TransactionPtr& t,
                                            const MessageContext& branchCtx,
                                            const Destination& destination, std::string id,
                                            SharedText request) {
  auto index = static_cast<std::uint32_t>(t->branches.size());
  Branch& branch = t->branches.emplace_back();
  branch.id = std::move(id);
  branch.destination = destination;
  branch.request = std::move(request);
  branch.serialStep = t->serialStep;
  branch.flags = branchCtx.branchFlags;
  branchSentLocked(t, index);
}

}  // namespace kemid::tm
