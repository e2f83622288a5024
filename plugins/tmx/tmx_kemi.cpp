#include "tmx_kemi.h"

#include "core/log.h"
#include "core/message_context.h"
#include "core/slot_table.h"
#include "sip/sip_message.h"

namespace kemid::tmx {

namespace {

constexpr Logger kLog{"tmx"};

// The request's claim in the pretran table, released with the message.
const SlotKey<PretranClaim> kClaim{SlotScope::Message};

KemiValue result(bool yes) {
  return std::int64_t{yes ? 1 : -1};
}

bool inRoute(const KemiCall& call, RouteType type) {
  return call.context != nullptr && call.context->routeType == type;
}

}  // namespace

// 1 when another worker is routing the same request now (this one is a
// retransmission: drop it), else -1, and the request is recorded until its
// handling ends. ACK and CANCEL are never recorded: -2, as Kamailio 5.6
// answers them (tests/conformance/cases/tmx); tm matches them to their INVITE.
KemiValue kemiPrecheckTrans(KemiCall& call) {
  MessageContext* ctx = call.context;
  if (ctx == nullptr || ctx->message == nullptr || !ctx->message->isRequest() ||
      ctx->routeType != RouteType::Request) {
    return result(false);
  }
  const SipMessage& request = *ctx->message;
  if (request.method() == "ACK" || request.method() == "CANCEL") return std::int64_t{-2};
  if (ctx->findSlot(kClaim) != nullptr) return result(false);  // checked already

  auto& state = *static_cast<TmxState*>(call.state);
  std::string key = pretranKey(request);
  switch (state.pretran.claim(key)) {
    case PretranTable::Outcome::InProgress:
      return result(true);
    case PretranTable::Outcome::TableIsFull:
      kLog.warn("t_precheck_trans: too many requests in progress, not recorded");
      return result(false);
    case PretranTable::Outcome::Claimed:
      ctx->emplaceSlot(kClaim, state.pretran, std::move(key));
      return result(false);
  }
  return result(false);
}

KemiValue kemiIsRequestRoute(KemiCall& call) {
  return result(inRoute(call, RouteType::Request));
}

KemiValue kemiIsBranchRoute(KemiCall& call) {
  return result(inRoute(call, RouteType::Branch));
}

KemiValue kemiIsFailureRoute(KemiCall& call) {
  return result(inRoute(call, RouteType::Failure));
}

// Kamailio's reply routes are both the core's (ksr_reply_route) and tm's
// (t_on_reply).
KemiValue kemiIsReplyRoute(KemiCall& call) {
  return result(inRoute(call, RouteType::Reply) || inRoute(call, RouteType::OnReply));
}

}  // namespace kemid::tmx
