#pragma once
// registrar's modparams as the logic reads them.

#include <cstdint>
#include <string>

namespace kemid::registrar {

// Kamailio's path_mode.
enum class PathMode {
  Off = 0,     // store Path, always echo it in the 200
  Lazy = 1,    // store Path, echo it only when the UA supports "path"
  Strict = 2,  // refuse a REGISTER with Path from a UA that does not support it
};

struct RegistrarSettings {
  std::int64_t defaultExpires = 3600;
  std::int64_t minExpires = 60;
  std::int64_t maxExpires = 0;   // 0: no upper bound
  std::int64_t maxContacts = 0;  // 0: no limit
  bool rejectTooBrief = false;   // min_expires_mode 1: 423 instead of raising to min_expires
  int defaultQ = -1;             // thousandths; -1: none
  bool appendBranches = true;
  bool methodFiltering = false;
  bool caseSensitive = true;
  std::string realmPrefix;
  bool usePath = false;
  PathMode pathMode = PathMode::Strict;
  bool pathUseReceived = false;
  std::string receivedAvp;                 // "$avp(RECEIVED)": the received address save stores
  std::string receivedParam = "received";  // Contact parameter naming it in the 200
  std::int64_t retryAfter = 0;             // Retry-After of a 5xx reply; 0: none
  std::string socketHeader;                // sock_hdr_name: header naming the socket to store
};

}  // namespace kemid::registrar
