#include "kex_kemi.h"

#include "core/log.h"

namespace kemid::kex {

// Kamailio sets the level of the process that runs the script; kemid that
// of the worker thread, which keeps it for the messages it routes next.
KemiValue kemiSetDebug(KemiCall& call) {
  logging::setThreadLevel(static_cast<int>(call.intArg(0)));
  return std::int64_t{1};
}

KemiValue kemiResetDebug(KemiCall&) {
  logging::resetThreadLevel();
  return std::int64_t{1};
}

}  // namespace kemid::kex
