#pragma once
// One conformance case run through one proxy: the proxy (Kamailio or kemid)
// starts with the case's modules and script, SIPp plays the caller (and the
// callee, if the case has one), and what happened is collected.

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "conformance/sip_transcript.h"

namespace kemid::conformance {

enum class Proxy { Kamailio, Kemid };

const char* proxyName(Proxy proxy);

// A case directory: modules.cfg and route.lua (or config.sh, which writes a
// whole configuration), and one or more SIPp pairs:
// caller.xml with callee.xml (optional), or <name>.caller.xml with
// <name>.callee.xml, played in name order against one proxy run.
struct ConformanceCase {
  std::string name;  // "<module>/<case>"
  std::filesystem::path dir;
};

// How GoogleTest prints a case: its name.
void PrintTo(const ConformanceCase& c, std::ostream* out);

// Every case under `casesDir`, sorted by name.
std::vector<ConformanceCase> findCases(const std::filesystem::path& casesDir);

// One caller scenario played through the proxy, with its callee.
struct Exchange {
  std::string name;  // the caller file's name
  std::vector<TracedMessage> callerMessages;
  std::vector<TracedMessage> calleeMessages;
  int successfulCalls = -1;
  int failedCalls = -1;
};

struct CaseOutcome {
  bool proxyStarted = false;
  // The text after "conf: " of each line the script logged, and acc's
  // "ACC: ..." lines (time and Call-ID replaced), in log order.
  std::vector<std::string> scriptResults;
  std::vector<Exchange> exchanges;
  std::string proxyLog;  // for the failure message
};

struct ProxyPrograms {
  std::string kamailio;      // the kamailio binary
  std::string kamailioMods;  // its module directory
  std::string kemid;         // the kemid binary
  std::filesystem::path prelude;
};

CaseOutcome runCase(const ConformanceCase& c, Proxy proxy, const ProxyPrograms& programs);

// "" if Kamailio 5.6 can run here, else why not.
std::string kamailioUnavailableReason(const ProxyPrograms& programs);

}  // namespace kemid::conformance
