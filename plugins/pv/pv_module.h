#pragma once
// pv's runtime state: the shared variables and the initial script
// variables (modparams shvset / varset); the API other modules use.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/module_abi.h"
#include "pv_api.h"
#include "script_vars.h"
#include "shared_vars.h"

namespace kemid::pv {

// "name=i:12" or "name=s:text" (the form of modparams shvset and varset);
// nullopt with `error` set otherwise.
std::optional<NamedValue> parseInitialValue(std::string_view text, std::string& error);

class PvModule final : public ModuleState, public PvApi {
 public:
  explicit PvModule(std::vector<NamedValue> varset);
  ~PvModule() override;

  // PvApi, published for other modules.
  std::optional<PvValue> get(std::string_view name, MessageContext& ctx) override;
  std::optional<std::string> format(std::string_view format, MessageContext& ctx) override;
  bool set(std::string_view name, const PvValue& value, MessageContext& ctx) override;
  bool provide(std::string_view className, Provider provider, Writer writer) override;
  bool provideName(std::string_view name, Provider provider) override;

  SharedVars& shared() { return shared_; }
  // The calling thread's $var / $vn values.
  ScriptVars& threadVars() { return ScriptVars::forThread(instance_, varset_); }

 private:
  std::uint64_t instance_;  // tells the thread-local variables of two loads apart
  std::vector<NamedValue> varset_;
  SharedVars shared_;
};

}  // namespace kemid::pv
