#pragma once
// KSR.xlog.*: log a pv format (evaluated by pv's API) at a level, with
// xlog's prefix, as Kamailio 5.6's xlog module.

#include <optional>
#include <string>
#include <string_view>

#include "core/log.h"
#include "core/module_abi.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::xlog {

class XlogModule final : public ModuleState {
 public:
  XlogModule(ModuleHost& host, std::string prefix) : host_(host), prefix_(std::move(prefix)) {}
  ModuleHost& host() const { return host_; }
  // modparam prefix: itself a pv format ("<script>: " by default).
  const std::string& prefix() const { return prefix_; }

 private:
  ModuleHost& host_;
  std::string prefix_;
};

// xlog("L_INFO", ...)'s level names, case-insensitive; anything else is ERR.
LogLevel levelNamed(std::string_view name);

KemiValue kemiXlog(KemiCall& call);
KemiValue kemiXdbg(KemiCall& call);
KemiValue kemiXinfo(KemiCall& call);
KemiValue kemiXnotice(KemiCall& call);
KemiValue kemiXwarn(KemiCall& call);
KemiValue kemiXerr(KemiCall& call);
KemiValue kemiXalert(KemiCall& call);
KemiValue kemiXcrit(KemiCall& call);

}  // namespace kemid::xlog
