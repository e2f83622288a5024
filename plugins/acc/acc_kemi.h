#pragma once
// KSR.acc.* handlers.

#include "core/module_abi.h"

namespace kemid::acc {

KemiValue kemiAccLogRequest(KemiCall& call);  // acc_log_request(comment)
KemiValue kemiAccRequest(KemiCall& call);     // acc_request(comment, table)
KemiValue kemiAccDbRequest(KemiCall& call);   // acc_db_request(comment, table)

}  // namespace kemid::acc
