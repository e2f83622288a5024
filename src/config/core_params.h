#pragma once
// The core (global) parameters of kamailio.cfg that kemid knows: the ones it
// implements, with their value type and where they go in CoreSettings, and
// the Kamailio ones it accepts but ignores. Both frontends
// (cfg and YAML's `core:`) and the config writers read this one table.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace kemid::cfg {

enum class CoreParamType {
  Int,       // a number, checked against [min, max]
  Bool,      // a number (yes/no are numbers); non-zero is true
  String,    // a quoted string
  Keyword,   // a bare name, checked by `check`: LOG_LOCAL0, TCP
  HostPort,  // a quoted "IP:PORT"
  Sockets,   // listen: sockets on the rest of the line, with advertise/name
  Aliases,   // alias: [proto:]host[:port] on the rest of the line
};

struct CoreParam {
  std::string_view name = {};
  std::string_view alias = {};  // Kamailio's other spelling, if any
  CoreParamType type = CoreParamType::Int;
  bool equalsOptional = false;  // `mpath "x"` as well as `mpath = "x"`
  std::int64_t min = 0;         // Int only
  std::int64_t max = 0;
  void (*setNumber)(CoreSettings&, std::int64_t) = nullptr;  // Int, Bool
  void (*setString)(CoreSettings&, std::string) = nullptr;   // String, Keyword, HostPort
  std::int64_t (*getNumber)(const CoreSettings&) = nullptr;  // Int, Bool (1 or 0)
  std::string (*getString)(const CoreSettings&) = nullptr;   // String, Keyword, HostPort
  // String and Keyword: why a value is refused, or an empty string.
  std::string (*check)(std::string_view value) = nullptr;
  // Keyword: what the value is, for "expected ..." ("a syslog facility
  // name without quotes, such as LOG_LOCAL0").
  std::string_view hint = {};
};

// Every implemented parameter, in the order a written config lists them.
std::span<const CoreParam> coreParams();

// The implemented parameter spelled `name` (or its alias); nullptr if none.
const CoreParam* findCoreParam(std::string_view name);

// A Kamailio 5.6 core parameter kemid accepts and ignores with a warning.
bool isIgnoredCoreParam(std::string_view name);

// Every name a core parameter can be given: implemented ones, their aliases
// and the ignored ones, for "did you mean" hints.
std::vector<std::string_view> knownCoreParamNames();

// The known parameter or statement keyword closest to `name` when `name` is
// likely a typo of it; empty when nothing is close.
std::string suggestCoreParam(std::string_view name);

// The warning for a parameter kemid ignores (isIgnoredCoreParam).
std::string ignoredParamWarning(std::string_view name);

// Value checks of both frontends. Each returns why `value` is refused (the
// frontend adds the parameter and the location), or an empty string.
std::string checkCoreRange(const CoreParam& param, std::int64_t value);  // Int: [min, max]
std::string checkFacility(std::string_view name);                        // log_facility
std::string checkFallbackTransport(std::string_view name);               // udp_mtu_try_proto
std::string checkHostPort(std::string_view text);  // HostPort: IP:PORT, or empty for none

}  // namespace kemid::cfg
