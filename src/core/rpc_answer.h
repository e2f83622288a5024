#pragma once
// Helpers for RPC handlers (RpcCall, core/module_abi.h) that answer with
// JSON objects. Header-only: the plugin that includes it links Poco::JSON.

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <optional>
#include <string>

#include "core/module_abi.h"

namespace kemid::rpc {

// Kamailio's answers keep their members in the order it adds them; Poco's
// objects sort their keys unless told.
inline Poco::JSON::Object::Ptr orderedObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

// Answers the call with a JSON-RPC error.
inline void fail(RpcCall& call, int code, std::string message) {
  call.fault->code = code;
  call.fault->message = std::move(message);
}

// Parameter `i` as text; nullopt when it is missing or empty.
inline std::optional<std::string> stringParam(const RpcCall& call, std::size_t i) {
  if (i >= call.params.size() || call.params[i].isEmpty()) return std::nullopt;
  return call.params[i].toString();
}

}  // namespace kemid::rpc
