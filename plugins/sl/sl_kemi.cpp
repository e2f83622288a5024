#include "sl_kemi.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include "core/message_context.h"
#include "sl_module.h"

namespace kemid::sl {

namespace {

// KEMI passes the code as a 64-bit integer; anything beyond an int is as
// invalid as 700 and is refused by the reply builder.
int replyCode(std::int64_t code) {
  return code < 0 || code > 999 ? 0 : static_cast<int>(code);
}

SlModule* moduleOf(const KemiCall& call) {
  return call.context != nullptr ? static_cast<SlModule*>(call.state) : nullptr;
}

}  // namespace

KemiValue kemiSlSendReply(KemiCall& call) {
  SlModule* sl = moduleOf(call);
  if (sl == nullptr) return std::int64_t{-1};
  return toKemi(sl->sendStatelessReply(*call.context, replyCode(call.intArg(0)), call.strArg(1)));
}

KemiValue kemiSendReply(KemiCall& call) {
  SlModule* sl = moduleOf(call);
  if (sl == nullptr) return std::int64_t{-1};
  return toKemi(sl->sendReply(*call.context, replyCode(call.intArg(0)), call.strArg(1)));
}

KemiValue kemiSlForwardReply(KemiCall& call) {
  SlModule* sl = moduleOf(call);
  if (sl == nullptr) return std::int64_t{-1};
  return std::int64_t{sl->forwardReplyCopy(*call.context, call.strArg(0), call.strArg(1))};
}

// The mode only concerns connection-oriented transports (do not connect,
// close after sending); kemid replies over UDP, so it has no effect.
KemiValue kemiSendReplyMode(KemiCall& call) {
  return kemiSendReply(call);
}

KemiValue kemiSlReplyError(KemiCall& call) {
  SlModule* sl = moduleOf(call);
  if (sl == nullptr) return std::int64_t{-1};
  return toKemi(sl->sendErrorReply(*call.context));
}

KemiValue kemiGetReplyTotag(KemiCall& call) {
  SlModule* sl = moduleOf(call);
  if (sl == nullptr) return {};
  auto tag = sl->replyToTagFor(*call.context);
  if (!tag) return {};
  return std::move(*tag);
}

void rpcStats(RpcCall& call) {
  const auto* sl = static_cast<const SlModule*>(call.state);
  if (sl == nullptr) {
    call.fault->code = 500;
    call.fault->message = "sl is not initialised";
    return;
  }
  // Kamailio's sl.stats: the reply buckets only, in its order.
  Poco::JSON::Object::Ptr stats = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (std::size_t i = 0; i < SlCounters::kBuckets.size(); ++i) {
    stats->set(std::string(SlCounters::kBuckets[i]),
               static_cast<Poco::UInt64>(sl->counters().bucket(i)));
  }
  *call.result = stats;
}

}  // namespace kemid::sl
