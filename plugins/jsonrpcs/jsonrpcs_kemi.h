#pragma once
// KSR.jsonrpcs.* and $jsonrpl(code|text|body): RPC commands run from the
// script, with the answer kept for the pseudo-variable.

#include <span>

#include "core/module_abi.h"
#include "http/json_rpc.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::jsonrpcs {

class JsonrpcsModule final : public ModuleState {
 public:
  explicit JsonrpcsModule(ModuleHost& host);
  ModuleHost& host() const { return host_; }
  const JsonRpcDispatcher& dispatcher() const { return dispatcher_; }

 private:
  ModuleHost& host_;
  JsonRpcDispatcher dispatcher_;
};

std::span<const KemiFunctionDef> jsonrpcsFunctions();

// Names $jsonrpl through pv (false, logged, when pv is not loaded or the
// name is taken).
bool provideReplyVariable(ModuleHost& host);

}  // namespace kemid::jsonrpcs
