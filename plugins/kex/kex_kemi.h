#pragma once
// KSR.kex.*: the calling worker's own log level; module.cpp lists them.

#include "core/module_abi.h"

namespace kemid::kex {

KemiValue kemiSetDebug(KemiCall& call);    // setdebug(level)
KemiValue kemiResetDebug(KemiCall& call);  // resetdebug()

}  // namespace kemid::kex
