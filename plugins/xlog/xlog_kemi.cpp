#include "xlog_kemi.h"

#include <array>
#include <utility>

#include "core/module_host.h"
#include "pv/pv_api.h"
#include "sip/ascii.h"

namespace kemid::xlog {

namespace {

constexpr Logger kLog{"xlog"};

// 1 when logged or when the level is off; -1 when the format (or the
// prefix) has a "$" that is not a pseudo-variable, or there is no message.
KemiValue logFormat(KemiCall& call, LogLevel level, std::string_view format) {
  auto* module = static_cast<XlogModule*>(call.state);
  if (call.context == nullptr || module == nullptr) return std::int64_t{-1};
  auto* pv = module->host().findApi<pv::PvApi>();
  if (pv == nullptr) {
    kLog.err("xlog needs the pv module: loadmodule \"pv.so\"");
    return std::int64_t{-1};
  }
  auto text = pv->format(format, *call.context);
  if (!text) {
    kLog.err("error in parsing evaluated second parameter");
    return std::int64_t{-1};
  }
  if (!logging::enabled(level)) return std::int64_t{1};
  auto prefix = pv->format(module->prefix(), *call.context);
  logging::writeUntagged(level, "script", prefix.value_or(module->prefix()) + *text);
  return std::int64_t{1};
}

template <LogLevel Level>
KemiValue logAt(KemiCall& call) {
  return logFormat(call, Level, call.strArg(0));
}

}  // namespace

LogLevel levelNamed(std::string_view name) {
  constexpr std::array<std::pair<std::string_view, LogLevel>, 9> kLevels{{
      {"L_ALERT", LogLevel::Alert},
      {"L_BUG", LogLevel::Bug},
      {"L_CRIT2", LogLevel::Crit2},
      {"L_CRIT", LogLevel::Crit},
      {"L_ERR", LogLevel::Err},
      {"L_WARN", LogLevel::Warn},
      {"L_NOTICE", LogLevel::Notice},
      {"L_INFO", LogLevel::Info},
      {"L_DBG", LogLevel::Dbg},
  }};
  for (const auto& [text, level] : kLevels) {
    if (sip::iequals(name, text)) return level;
  }
  return LogLevel::Err;
}

KemiValue kemiXlog(KemiCall& call) {
  return logFormat(call, levelNamed(call.strArg(0)), call.strArg(1));
}
KemiValue kemiXdbg(KemiCall& call) {
  return logAt<LogLevel::Dbg>(call);
}
KemiValue kemiXinfo(KemiCall& call) {
  return logAt<LogLevel::Info>(call);
}
KemiValue kemiXnotice(KemiCall& call) {
  return logAt<LogLevel::Notice>(call);
}
KemiValue kemiXwarn(KemiCall& call) {
  return logAt<LogLevel::Warn>(call);
}
KemiValue kemiXerr(KemiCall& call) {
  return logAt<LogLevel::Err>(call);
}
KemiValue kemiXalert(KemiCall& call) {
  return logAt<LogLevel::Alert>(call);
}
KemiValue kemiXcrit(KemiCall& call) {
  return logAt<LogLevel::Crit>(call);
}

}  // namespace kemid::xlog
