#include "pike_kemi.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "pike_module.h"

namespace kemid::pike {
namespace {

const Logger kLog{"pike"};

// Kamailio's return codes: 1 allowed, -1 blocked, -2 blocked from now on.
KemiValue toKemi(Verdict verdict) {
  switch (verdict) {
    case Verdict::Allowed:
      return std::int64_t{1};
    case Verdict::Blocked:
      return std::int64_t{-1};
    case Verdict::NewlyBlocked:
      return std::int64_t{-2};
  }
  return std::int64_t{1};
}

std::string_view statusName(NodeStatus status) {
  switch (status) {
    case NodeStatus::Warm:
      return "WARM";
    case NodeStatus::Hot:
      return "HOT";
    case NodeStatus::Ok:
      break;
  }
  return "";
}

}  // namespace

KemiValue kemiPikeCheckReq(KemiCall& call) {
  auto* pike = static_cast<PikeModule*>(call.state);
  if (pike == nullptr || call.context == nullptr) return std::int64_t{-1};
  const auto address = addressBytes(call.context->received.source.ip);
  // Kamailio answers "allowed" when it cannot count a request.
  if (!address) return std::int64_t{1};
  return toKemi(pike->check(*address));
}

// As Kamailio 5.6, the address is IPv4 only.
KemiValue kemiPikeCheckIp(KemiCall& call) {
  auto* pike = static_cast<PikeModule*>(call.state);
  const std::string_view text = call.strArg(0);
  if (pike == nullptr || text.empty()) return std::int64_t{-1};
  const auto address = addressBytes(text);
  if (!address || address->size() != 4) {
    kLog.err("failed to parse ip address: ", text);
    return std::int64_t{-1};
  }
  return toKemi(pike->check(*address));
}

// pike.top [ALL|HOT|WARM]: the whole addresses in the tree (HOT, the
// default: the blocked ones). As in Kamailio, WARM lists nothing.
void rpcTop(RpcCall& call) {
  const auto* pike = static_cast<const PikeModule*>(call.state);
  if (pike == nullptr) {
    call.fault->code = 500;
    call.fault->message = "pike is not initialised";
    return;
  }
  std::string mode = "HOT";
  if (!call.params.empty() && call.params[0].isString()) mode = call.params[0].toString();
  bool all = false;
  if (mode.find("ALL") != std::string::npos) {
    all = true;
  } else if (mode.find("HOT") == std::string::npos && mode.find("WARM") == std::string::npos) {
    call.fault->code = 500;
    call.fault->message = "Bad argument. Select: ALL, HOT or WARM";
    return;
  }
  const bool warmOnly = !all && mode.find("HOT") == std::string::npos;

  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  if (!warmOnly) {
    for (const TopEntry& entry : pike->tree().top(all, pike->now())) {
      Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      item->set("ip_addr", addressText(entry.address));
      item->set("leaf_hits_prev", static_cast<int>(entry.leafHitsPrev));
      item->set("leaf_hits_curr", static_cast<int>(entry.leafHitsCurr));
      item->set("expires", static_cast<int>(entry.expiresIn));
      item->set("status", std::string(statusName(entry.status)));
      list->add(item);
    }
  }
  Poco::JSON::Object::Ptr answer = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  answer->set("max_hits", static_cast<int>(pike->tree().density()));
  answer->set("list", list);
  answer->set("number_of_rows", static_cast<int>(list->size()));
  *call.result = answer;
}

}  // namespace kemid::pike
