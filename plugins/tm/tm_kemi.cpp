#include "tm_kemi.h"

#include <regex.h>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "sip/ascii.h"
#include "transaction_manager.h"

namespace kemid::tm {

namespace {

constexpr Logger kLog{"tm"};

TransactionManager& manager(const KemiCall& call) {
  return *static_cast<TransactionManager*>(call.state);
}

KemiValue result(int value) {
  return static_cast<std::int64_t>(value);
}

KemiValue noContext() {
  return static_cast<std::int64_t>(-1);
}

// A compiled POSIX regular expression; t_check_status matches as Kamailio:
// extended syntax, case-insensitive.
class PosixRegex {
 public:
  explicit PosixRegex(const std::string& pattern)
      : ok_(regcomp(&regex_, pattern.c_str(), REG_EXTENDED | REG_ICASE | REG_NOSUB) == 0) {}
  ~PosixRegex() {
    if (ok_) regfree(&regex_);
  }
  PosixRegex(const PosixRegex&) = delete;
  PosixRegex& operator=(const PosixRegex&) = delete;

  bool ok() const { return ok_; }
  bool matches(const std::string& text) const {
    return regexec(&regex_, text.c_str(), 0, nullptr, 0) == 0;
  }

 private:
  regex_t regex_{};
  bool ok_;
};

// The status t_check_status / t_get_status_code look at: the current reply
// in reply routes, the winning one in failure routes, else the last one the
// transaction sent. nullopt when there is none.
std::optional<int> statusInScope(TransactionManager& tm, const MessageContext& ctx) {
  switch (ctx.routeType) {
    case RouteType::Reply:
      if (ctx.message == nullptr) return std::nullopt;
      return ctx.message->statusCode();
    case RouteType::OnReply:
    case RouteType::Failure:
      return ctx.replyCode;
    case RouteType::Request:
    case RouteType::Branch:
    case RouteType::Event:
      break;
  }
  auto facts = tm.facts(ctx);
  if (!facts) return std::nullopt;
  return facts->lastReplyCode;
}

KemiValue setRoute(KemiCall& call, std::string ScriptSettings::*field) {
  if (call.context == nullptr) return noContext();
  std::string name(call.strArg(0));
  manager(call).changeScriptSettings(*call.context,
                                     [&](ScriptSettings& s) { s.*field = std::move(name); });
  return result(1);
}

// Route-specific facts: -1 (with an error, as Kamailio) without a transaction.
template <class Pick>
KemiValue fact(KemiCall& call, Pick pick) {
  if (call.context == nullptr) return noContext();
  auto facts = manager(call).facts(*call.context);
  if (!facts) {
    kLog.err("no transaction for the message");
    return result(-1);
  }
  return result(pick(*facts) ? 1 : -1);
}

Millis millisArg(const KemiCall& call, std::size_t i) {
  return Millis(std::max<std::int64_t>(0, call.intArg(i)));
}

}  // namespace

KemiValue kemiRelay(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(manager(call).relay(*call.context));
}

KemiValue kemiRelayToProto(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  std::string_view proto = call.strArg(0);
  if (proto.size() != 3) return result(-1);
  if (!sip::iequals(proto, "udp")) {
    kLog.err("t_relay_to_proto: transport '", proto, "' is not supported");
    return result(-1);
  }
  return result(manager(call).relay(*call.context));
}

KemiValue kemiRelayToProtoAddr(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  std::int64_t port = call.intArg(2);
  if (port < 0 || port > 65535) return result(kErrBadAddress);
  RelayTarget target{std::string(call.strArg(0)), std::string(call.strArg(1)),
                     static_cast<std::uint16_t>(port)};
  return result(manager(call).relay(*call.context, &target));
}

KemiValue kemiOnBranch(KemiCall& call) {
  return setRoute(call, &ScriptSettings::onBranch);
}
KemiValue kemiOnReply(KemiCall& call) {
  return setRoute(call, &ScriptSettings::onReply);
}
KemiValue kemiOnFailure(KemiCall& call) {
  return setRoute(call, &ScriptSettings::onFailure);
}

KemiValue kemiIsSet(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  std::string_view what = call.strArg(0);
  if (what.empty()) return result(-1);
  ScriptSettings s = manager(call).scriptSettings(*call.context);
  switch (sip::asciiLower(what.front())) {  // only the first letter counts
    case 'b':
      return result(s.onBranch.empty() ? -1 : 1);
    case 'f':
      return result(s.onFailure.empty() ? -1 : 1);
    case 'o':
      return result(s.onReply.empty() ? -1 : 1);
    default:
      return result(-1);
  }
}

KemiValue kemiNewTran(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(manager(call).newTransaction(*call.context));
}

KemiValue kemiReply(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(
      manager(call).reply(*call.context, static_cast<int>(call.intArg(0)), call.strArg(1)));
}

KemiValue kemiSendReply(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(
      manager(call).sendReply(*call.context, static_cast<int>(call.intArg(0)), call.strArg(1)));
}

KemiValue kemiCheckTrans(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(manager(call).checkTransaction(*call.context));
}

KemiValue kemiLookupRequest(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(manager(call).lookupRequest(*call.context));
}

KemiValue kemiLookupCancel(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(manager(call).lookupCancel(*call.context));
}

KemiValue kemiRetransmitReply(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(manager(call).retransmitReply(*call.context));
}

KemiValue kemiRelease(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  return result(manager(call).release(*call.context));
}

KemiValue kemiIsCanceled(KemiCall& call) {
  return fact(call, [](const TransactionManager::Facts& f) { return f.canceled; });
}

KemiValue kemiBranchTimeout(KemiCall& call) {
  if (call.context != nullptr && call.context->routeType != RouteType::Failure) return result(-1);
  return fact(call, [](const TransactionManager::Facts& f) { return f.branchTimedOut; });
}

KemiValue kemiBranchReplied(KemiCall& call) {
  if (call.context != nullptr && call.context->routeType != RouteType::Failure) return result(-1);
  return fact(call, [](const TransactionManager::Facts& f) { return f.branchReplied; });
}

KemiValue kemiAnyTimeout(KemiCall& call) {
  return fact(call, [](const TransactionManager::Facts& f) { return f.anyTimedOut; });
}

KemiValue kemiAnyReplied(KemiCall& call) {
  return fact(call, [](const TransactionManager::Facts& f) { return f.anyReplied; });
}

KemiValue kemiCheckStatus(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  auto status = statusInScope(manager(call), *call.context);
  if (!status) return result(-1);
  PosixRegex regex{std::string(call.strArg(0))};
  if (!regex.ok()) {
    kLog.err("t_check_status: bad regular expression '", call.strArg(0), "'");
    return result(-1);
  }
  return result(regex.matches(std::to_string(*status)) ? 1 : -1);
}

KemiValue kemiGetStatusCode(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  auto status = statusInScope(manager(call), *call.context);
  return result(status ? *status : -1);
}

KemiValue kemiGetBranchIndex(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  const MessageContext& ctx = *call.context;
  if (ctx.routeType == RouteType::Request) {
    auto facts = manager(call).facts(ctx);
    return result(facts ? facts->branchCount : 0);
  }
  return result(ctx.branchIndex);
}

KemiValue kemiSetFr(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  Millis frInv = millisArg(call, 0);
  Millis fr = millisArg(call, 1);
  manager(call).changeScriptSettings(*call.context, [&](ScriptSettings& s) {
    s.frInvTimer = frInv;
    s.frTimer = fr;
  });
  return result(1);
}

KemiValue kemiSetFrInv(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  Millis frInv = millisArg(call, 0);
  manager(call).changeScriptSettings(*call.context,
                                     [&](ScriptSettings& s) { s.frInvTimer = frInv; });
  return result(1);
}

KemiValue kemiResetFr(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  manager(call).changeScriptSettings(*call.context, [](ScriptSettings& s) {
    s.frInvTimer = Millis(0);
    s.frTimer = Millis(0);
  });
  return result(1);
}

KemiValue kemiSetAutoInv100(KemiCall& call) {
  if (call.context == nullptr) return noContext();
  bool on = call.intArg(0) != 0;
  manager(call).changeScriptSettings(*call.context, [&](ScriptSettings& s) { s.autoInv100 = on; });
  return result(1);
}

void rpcStats(RpcCall& call) {
  const TmStats& s = static_cast<TransactionManager*>(call.state)->stats();
  auto value = [](const std::atomic<std::uint64_t>& counter) {
    return static_cast<Poco::UInt64>(counter.load(std::memory_order_relaxed));
  };
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("current", value(s.current));
  out->set("waiting", value(s.waiting));
  out->set("total", value(s.total));
  out->set("total_local", value(s.totalLocal));
  out->set("rpl_received", value(s.rplReceived));
  out->set("rpl_generated", value(s.rplGenerated));
  out->set("rpl_sent", value(s.rplSent));
  out->set("6xx", value(s.completed[6]));
  out->set("5xx", value(s.completed[5]));
  out->set("4xx", value(s.completed[4]));
  out->set("3xx", value(s.completed[3]));
  out->set("2xx", value(s.completed[2]));
  out->set("created", value(s.created));
  out->set("freed", value(s.freed));
  out->set("delayed_free", value(s.delayedFree));
  *call.result = out;
}

}  // namespace kemid::tm
