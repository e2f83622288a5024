#pragma once
// KSR.app_lua.*: app_lua's own KEMI functions. Each returns
// Kamailio's 1 (ok, also when the Lua code ended with KSR.x.exit()) or -1.

#include "core/module_abi.h"

namespace kemid::app_lua {

KemiValue kemiDoFile(KemiCall& call);     // dofile(path): clean state
KemiValue kemiDoString(KemiCall& call);   // dostring(code): clean state
KemiValue kemiRunString(KemiCall& call);  // runstring(code): routing state
KemiValue kemiRun(KemiCall& call);        // run(func[, p1[, p2[, p3]]]): routing state

}  // namespace kemid::app_lua
