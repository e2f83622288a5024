#pragma once
// KSR.jsonrpcs.exec: a JSON-RPC request run in-process through the same
// dispatcher as /RPC, and its answer kept per worker for $jsonrpl(...).

#include <optional>
#include <string>
#include <string_view>

#include "http/json_rpc.h"

namespace kemid::jsonrpcs {

// An answer as $jsonrpl reads it: code 200 and "OK", or the fault's code and
// message; body is the whole JSON-RPC reply.
struct RpcExecReply {
  int code = 0;
  std::string text;
  std::string body;
};

// Runs `request`; nullopt (logged) when it is not a JSON document, which
// Kamailio refuses before dispatching.
std::optional<RpcExecReply> executeRpc(const JsonRpcDispatcher& dispatcher,
                                       std::string_view request);

// The last answer executeRpc gave in this worker thread (Kamailio keeps it
// per process); empty before the first.
const RpcExecReply& lastReply();
void keepReply(RpcExecReply reply);

}  // namespace kemid::jsonrpcs
