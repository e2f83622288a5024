#pragma once
// KSR.auth_db.*: thin handlers over AuthDbModule, returning Kamailio's codes.

#include "core/module_abi.h"

namespace kemid::auth_db {

KemiValue kemiAuthCheck(KemiCall& call);
KemiValue kemiIsSubscriber(KemiCall& call);

}  // namespace kemid::auth_db
