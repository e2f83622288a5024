#pragma once
// KSR.kx.*: getters of message, network and config data (Kamailio 5.6's
// kemix module). Message fields are read through pv's API, so they have
// pv's values; what pv has no variable for is read here.

#include <map>
#include <span>
#include <string>

#include "core/module_abi.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::kemix {

class KemixModule final : public ModuleState {
 public:
  KemixModule(ModuleHost& host, std::map<std::string, std::string, std::less<>> defines)
      : host_(host), defines_(std::move(defines)) {}
  ModuleHost& host() const { return host_; }
  // The config's preprocessor defines (get_def, ifdef).
  const std::map<std::string, std::string, std::less<>>& defines() const { return defines_; }

 private:
  ModuleHost& host_;
  std::map<std::string, std::string, std::less<>> defines_;
};

std::span<const KemiFunctionDef> kemixFunctions();

}  // namespace kemid::kemix
