#include "rpc_exec.h"

#include <Poco/JSON/Parser.h>

#include <utility>

#include "core/log.h"

namespace kemid::jsonrpcs {
namespace {

constexpr Logger kLog{"jsonrpcs"};

thread_local RpcExecReply tLastReply;

bool isJsonDocument(std::string_view text) {
  try {
    Poco::JSON::Parser parser;
    parser.parse(std::string(text));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::optional<RpcExecReply> executeRpc(const JsonRpcDispatcher& dispatcher,
                                       std::string_view request) {
  if (!isJsonDocument(request)) {
    kLog.err("invalid json doc [", request, "]");
    return std::nullopt;
  }
  HttpAnswer answer = dispatcher.handle(request);
  return RpcExecReply{answer.status, std::move(answer.reason), std::move(answer.body)};
}

const RpcExecReply& lastReply() {
  return tLastReply;
}

void keepReply(RpcExecReply reply) {
  tLastReply = std::move(reply);
}

}  // namespace kemid::jsonrpcs
