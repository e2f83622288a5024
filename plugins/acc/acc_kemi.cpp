#include "acc_kemi.h"

#include "acc_module.h"
#include "core/log.h"

namespace kemid::acc {

namespace {

constexpr Logger kLog{"acc"};

KemiValue logRequest(KemiCall& call) {
  if (call.context == nullptr || call.state == nullptr) return std::int64_t{-1};
  AccModule& acc = *static_cast<AccState*>(call.state)->module;
  return std::int64_t{acc.logRequest(*call.context, call.strArg(0)) ? 1 : -1};
}

}  // namespace

KemiValue kemiAccLogRequest(KemiCall& call) {
  return logRequest(call);
}

// Without a database, Kamailio 5.6's acc_request accounts to the log only,
// exactly as acc_log_request; the table name is not used.
KemiValue kemiAccRequest(KemiCall& call) {
  return logRequest(call);
}

// Kamailio 5.6 crashes on acc_db_request without db_url; kemid has no
// database accounting and answers an error.
KemiValue kemiAccDbRequest(KemiCall&) {
  kLog.err("acc_db_request: database accounting is not implemented (no db_url)");
  return std::int64_t{-1};
}

}  // namespace kemid::acc
