#include "transaction_manager.h"

#include <stdexcept>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/network.h"
#include "core/reply_body.h"
#include "core/route_engine.h"
#include "sip/reply_builder.h"
#include "sip/via.h"

namespace kemid::tm {

namespace {

constexpr Logger kLog{"tm"};

// Where replies to `request` go (RFC 3261 §18.2.2, RFC 3581 §4): the top
// Via's received/rport, from the socket the request came in on.
Destination upstreamOf(const SipMessage& request, const ReceiveInfo& received) {
  // Over a stream, the replies go back on the request's connection while it
  // is open (§18.2.2), else to the Via's address over a new one.
  Destination to{received.source, received.socketIndex, received.connection};
  auto hop = sip::replyNextHop(request);
  if (!hop || hop->transport != received.transport) return to;
  if (auto ip = resolveHost(hop->host)) to.endpoint = Endpoint{std::move(*ip), hop->port};
  return to;
}

// The reply a failed t_relay leaves for after the script, worded as
// Kamailio 5.6's: "<code> <text> (<errno>/TM)" (tests/conformance
// cases/tm/relay_errors).
std::pair<int, std::string> errorReply(int error) {
  int code = 500;
  std::string text = "I'm terribly sorry, server error occurred";
  if (error == kErrBadAddress) {
    code = 478;
    text = "Unresolvable destination";
  } else if (error == kErrSend) {
    code = 477;
    text = "Unfortunately error on sending to next hop occurred";
  }
  return {code, text + " (" + std::to_string(-error) + "/TM)"};
}

}  // namespace

TransactionManager::TransactionManager(TmSettings settings, ModuleHost& host,
                                       TimerService::Mode mode)
    : settings_(std::move(settings)),
      host_(host),
      timers_(mode, [this](const TimerEntry& entry) { onTimer(entry); }) {}

TransactionManager::~TransactionManager() {
  stop();
}

void TransactionManager::stop() {
  timers_.stop();
}

// ---- helpers -------------------------------------------------------------------

SipNetwork* TransactionManager::network() const {
  return host_.network();
}

void TransactionManager::send(const Destination& to, std::string_view data) {
  if (SipNetwork* net = network()) net->send(to, data);
}

bool TransactionManager::reliable(const Destination& to) const {
  SipNetwork* net = network();
  return net != nullptr && net->transportOf(to.socketIndex) != Transport::Udp;
}

bool TransactionManager::runRoute(const std::string& name, MessageContext& ctx) {
  RouteEngine* engine = host_.routing();
  if (engine == nullptr) {
    kLog.warn("no routing engine to run '", name, "'");
    return false;
  }
  switch (engine->run(name, ctx)) {
    case RouteOutcome::Completed:
      return true;
    case RouteOutcome::Missing:
      kLog.err("route callback '", name, "' is not defined");
      return false;
    case RouteOutcome::Failed:
      return false;
  }
  return false;
}

bool TransactionManager::runTransactionRoute(const TransactionPtr& t, const std::string& name,
                                             RouteType type, std::size_t index,
                                             std::optional<int> replyCode,
                                             MessageContext& routeCtx) {
  bindToTransaction(routeCtx, t);
  routeCtx.routeType = type;
  routeCtx.branchIndex = static_cast<int>(index);
  if (replyCode) routeCtx.replyCode = *replyCode;
  routeCtx.dropped = false;
  runRoute(name, routeCtx);
  return routeCtx.dropped;
}

void TransactionManager::schedule(const TransactionPtr& t, TimerKind kind, std::uint32_t branch,
                                  std::uint64_t generation, Millis delay) {
  timers_.schedule(TimerEntry{now() + delay, t, kind, branch, generation});
}

Millis TransactionManager::frTimer(const Transaction& t) const {
  return t.script.frTimer.count() > 0 ? t.script.frTimer : settings_.frTimer;
}

Millis TransactionManager::frInvTimer(const Transaction& t) const {
  return t.script.frInvTimer.count() > 0 ? t.script.frInvTimer : settings_.frInvTimer;
}

TransactionPtr TransactionManager::find(const SipMessage& request,
                                        std::optional<std::string_view> method) {
  auto key = serverKey(request, method);
  return key ? table_.findByKey(*key) : nullptr;
}

TransactionManager::Lookup TransactionManager::findOrCreate(MessageContext& ctx,
                                                            MessageBinding& binding) {
  const SipMessage& request = *ctx.message;
  auto key = serverKey(request);
  if (!key) return Lookup{nullptr, false, kErrBadVia};
  if (auto existing = table_.findByKey(*key)) return Lookup{existing, false, 0};

  // Filled in before it is shared: nobody else can see it yet. Not
  // make_shared: timer entries keep weak references long after the
  // transaction is gone (a stale fr_inv_timer, the lifetime cap), and with
  // a separate control block those pin a few bytes, not the whole object.
  TransactionPtr t = std::make_unique<Transaction>(std::move(*key), std::string(request.method()),
                                                   sip::generateBranch(), now());
  t->request = request.clone();
  t->received = ctx.received;
  t->upstream = upstreamOf(request, ctx.received);
  // set_reply_close is left to sl's replies: a transaction sends several.
  t->upstream.noConnect = ctx.send.replyNoConnect;
  t->dstUri = ctx.dstUri;
  t->flags = ctx.flags;
  t->scriptSlots = ctx.transactionSlots();
  t->script = binding.pending;
  auto [inTable, added] = table_.insert(t);
  if (!added) return Lookup{inTable, false, 0};  // a retransmission won the race

  binding.pending = {};
  binding.transaction = t;
  binding.createdHere = true;
  stats_.total.fetch_add(1, std::memory_order_relaxed);
  stats_.created.fetch_add(1, std::memory_order_relaxed);
  stats_.current.fetch_add(1, std::memory_order_relaxed);
  std::uint64_t generation;
  {
    std::lock_guard lock(t->mutex);
    generation = t->lifetimeGeneration = t->newGeneration();
  }
  schedule(t, TimerKind::Lifetime, 0, generation,
           t->invite ? settings_.maxInvLifetime : settings_.maxNonInvLifetime);
  return Lookup{t, true, 0};
}

void TransactionManager::resendLastReply(Transaction& t) {
  SharedText text;
  Destination to;
  {
    std::lock_guard lock(t.mutex);
    text = t.lastReply;
    to = t.upstream;
  }
  if (text) send(to, *text);
}

HookVerdict TransactionManager::refuseWhenFull(MessageContext& ctx) {
  if (settings_.maxTransactions == 0 ||
      stats_.current.load(std::memory_order_relaxed) < settings_.maxTransactions) {
    return HookVerdict::Pass;
  }
  const SipMessage& request = *ctx.message;
  const std::string_view method = request.method();
  if (method == "ACK" || method == "CANCEL" || !request.to().tag.empty() || find(request)) {
    return HookVerdict::Pass;
  }
  if (network() == nullptr) return HookVerdict::Pass;
  const std::string retryAfter =
      "Retry-After: " + std::to_string(settings_.overloadRetryAfter) + "\r\n";
  try {
    std::string text = sip::buildReply(
        request, 503, "Service Unavailable",
        sip::ReplyOptions{.extraHeaders = retryAfter, .serverHeader = settings_.serverHeader});
    send(upstreamOf(request, ctx.received), text);
  } catch (const std::invalid_argument& e) {
    kLog.err("cannot reply: ", e.what());
  }
  stats_.refusedOverload.fetch_add(1, std::memory_order_relaxed);
  return HookVerdict::Absorbed;
}

bool TransactionManager::sendLocalReply(const TransactionPtr& t, int code, std::string_view reason,
                                        std::string_view extraHeaders, std::string_view body) {
  SharedText text;
  Destination to;
  {
    std::lock_guard lock(t->mutex);
    if (t->finalSent()) {
      kLog.dbg("transaction already has a final reply, not sending ", code);
      return false;
    }
    try {
      text = std::make_shared<const std::string>(sip::buildReply(
          *t->request, code, reason,
          sip::ReplyOptions{
              .extraHeaders = extraHeaders, .serverHeader = settings_.serverHeader, .body = body}));
    } catch (const std::invalid_argument& e) {
      kLog.err("cannot reply: ", e.what());
      return false;
    }
    t->lastReply = text;
    t->lastReplyCode = code;
    to = t->upstream;
    if (code >= 200) {
      finalSentLocked(t, code);
    } else {
      provisionalSentLocked(t);
    }
  }
  stats_.rplGenerated.fetch_add(1, std::memory_order_relaxed);
  stats_.rplSent.fetch_add(1, std::memory_order_relaxed);
  send(to, *text);
  if (code >= 200) reportReplyOut(t, code, reason, nullptr);
  // A final answer ends the branches still trying (§16.7 step 10 for 2xx;
  // Kamailio does the same for a negative local reply).
  if (code >= 200 && t->invite) cancelBranches(t, std::nullopt, "");
  return true;
}

// ---- KSR.tm entry points that need no branch logic ------------------------------

int TransactionManager::newTransaction(MessageContext& ctx) {
  if (ctx.routeType != RouteType::Request || ctx.message == nullptr) return kErrUnspecified;
  if (ctx.message->method() == "ACK") {
    // An ACK creates nothing; one for a negative final is consumed.
    auto t = find(*ctx.message);
    return t && absorbAck(t) ? 0 : 1;
  }
  MessageBinding& binding = bindRequest(ctx);
  if (binding.transaction) return kErrAlreadyCreated;
  Lookup found = findOrCreate(ctx, binding);
  if (found.error != 0) return found.error;
  if (!found.created) {
    resendLastReply(*found.transaction);  // a retransmission (§17.2.1, §17.2.2)
    return 0;
  }
  return 1;
}

int TransactionManager::reply(MessageContext& ctx, int code, std::string_view reason) {
  MessageBinding* binding = bindingOf(ctx);
  if (binding == nullptr || !binding->transaction) {
    kLog.err("t_reply: no transaction for the message");
    return -1;
  }
  if (ctx.routeType == RouteType::Request && ctx.message->method() == "ACK") return -1;
  return sendLocalReply(binding->transaction, code, reason, ctx.replyHeaders, replyBodyOf(ctx))
             ? 1
             : -1;
}

int TransactionManager::sendReply(MessageContext& ctx, int code, std::string_view reason) {
  MessageBinding* binding = bindingOf(ctx);
  if (binding == nullptr || !binding->transaction) {
    int created = newTransaction(ctx);
    if (created <= 0) return created;
  }
  return reply(ctx, code, reason);
}

int TransactionManager::checkTransaction(MessageContext& ctx) {
  if (ctx.message == nullptr) return -1;
  switch (ctx.routeType) {
    case RouteType::Branch:
    case RouteType::OnReply:
    case RouteType::Failure:
      return 1;
    case RouteType::Reply: {
      auto via = ctx.message->topVia();
      auto ref = via ? parseBranch(via->branch) : std::nullopt;
      return ref && table_.findByBranchBase(ref->base) ? 1 : -1;
    }
    case RouteType::Request:
    case RouteType::Event:  // made up: matches no transaction
      break;
  }
  const SipMessage& request = *ctx.message;
  if (request.method() == "CANCEL") return find(request, "INVITE") ? 1 : -1;
  if (MessageBinding* binding = bindingOf(ctx); binding && binding->transaction) return 1;
  auto t = find(request);
  if (!t) return -1;
  if (request.method() == "ACK") return absorbAck(t) ? 0 : 1;
  resendLastReply(*t);
  return 0;
}

int TransactionManager::release(MessageContext& ctx) {
  MessageBinding* binding = bindingOf(ctx);
  if (ctx.routeType != RouteType::Request || binding == nullptr || !binding->transaction) return -1;
  const TransactionPtr& t = binding->transaction;
  std::lock_guard lock(t->mutex);
  t->relayed = true;  // released on purpose: requestDone has nothing to say
  lingerLocked(t);
  return 1;
}

int TransactionManager::retransmitReply(MessageContext& ctx) {
  MessageBinding* binding = bindingOf(ctx);
  if (binding == nullptr || !binding->transaction) return -1;
  resendLastReply(*binding->transaction);
  return 1;
}

int TransactionManager::lookupRequest(MessageContext& ctx) {
  if (ctx.message == nullptr || !ctx.message->isRequest()) return -1;
  return find(*ctx.message) ? 1 : -1;
}

int TransactionManager::lookupCancel(MessageContext& ctx) {
  if (ctx.message == nullptr || ctx.message->method() != "CANCEL") return -1;
  return find(*ctx.message, "INVITE") ? 1 : -1;
}

void TransactionManager::changeScriptSettings(MessageContext& ctx,
                                              const std::function<void(ScriptSettings&)>& change) {
  MessageBinding& binding = bindRequest(ctx);
  if (binding.transaction) {
    std::lock_guard lock(binding.transaction->mutex);
    change(binding.transaction->script);
  } else {
    change(binding.pending);
  }
}

ScriptSettings TransactionManager::scriptSettings(const MessageContext& ctx) {
  MessageBinding* binding = bindingOf(ctx);
  if (binding == nullptr) return {};
  if (!binding->transaction) return binding->pending;
  std::lock_guard lock(binding->transaction->mutex);
  return binding->transaction->script;
}

std::optional<TransactionManager::Facts> TransactionManager::facts(const MessageContext& ctx) {
  MessageBinding* binding = bindingOf(ctx);
  if (binding == nullptr || !binding->transaction) return std::nullopt;
  const Transaction& t = *binding->transaction;
  std::lock_guard lock(binding->transaction->mutex);
  Facts facts;
  facts.canceled = t.canceled;
  facts.lastReplyCode = t.lastReplyCode;
  facts.branchCount = static_cast<int>(t.branches.size());
  for (const Branch& branch : t.branches) {
    facts.anyTimedOut = facts.anyTimedOut || branch.timedOut;
    facts.anyReplied = facts.anyReplied || branch.lastProvisional != 0 || branch.replied;
  }
  if (ctx.branchIndex >= 0 && static_cast<std::size_t>(ctx.branchIndex) < t.branches.size()) {
    const Branch& branch = t.branches[static_cast<std::size_t>(ctx.branchIndex)];
    facts.branchTimedOut = branch.timedOut;
    facts.branchReplied = branch.lastProvisional != 0 || branch.replied;
  }
  return facts;
}

std::optional<TransactionManager::States> TransactionManager::states(const SipMessage& request) {
  TransactionPtr t = find(request);
  if (!t) return std::nullopt;
  std::lock_guard lock(t->mutex);
  States states;
  states.server = t->state;
  for (const Branch& branch : t->branches) states.branches.push_back(branch.state);
  return states;
}

// ---- TmApi --------------------------------------------------------------------------

bool TransactionManager::hasTransaction(const MessageContext& ctx) const {
  MessageBinding* binding = bindingOf(ctx);
  return binding != nullptr && binding->transaction != nullptr;
}

std::optional<int> TransactionManager::replyIfTransaction(MessageContext& ctx, int code,
                                                          std::string_view reason) {
  if (!hasTransaction(ctx)) return std::nullopt;
  return reply(ctx, code, reason);
}

void TransactionManager::requestDone(MessageContext& ctx) {
  MessageBinding* binding = bindingOf(ctx);
  if (binding == nullptr) return;
  if (TransactionPtr t = binding->transaction) {
    bool answered = false;
    bool trying = false;
    bool relayed = false;
    {
      std::lock_guard lock(t->mutex);
      answered = t->finalSent();
      trying = t->hasPendingBranch();
      relayed = t->relayed || t->suspended;  // a suspended one waits for t_continue
    }
    if (binding->relayError && !answered && !trying) {
      auto [code, reason] = errorReply(*binding->relayError);
      sendLocalReply(t, code, reason, ctx.replyHeaders, replyBodyOf(ctx));
    } else if (binding->createdHere && !relayed && !answered) {
      kLog.warn("script writer didn't release transaction");
      std::lock_guard lock(t->mutex);
      lingerLocked(t);
    }
  }
  unbind(ctx);
}

}  // namespace kemid::tm
