#pragma once
// KSR.textopsx.* handlers (Kamailio's textopsx); module.cpp lists them.

#include "core/module_abi.h"

namespace kemid::textopsx {

KemiValue kemiMsgApplyChanges(KemiCall& call);  // msg_apply_changes()
KemiValue kemiRemoveBody(KemiCall& call);       // remove_body()
KemiValue kemiKeepHf(KemiCall& call);           // keep_hf()
KemiValue kemiKeepHfRe(KemiCall& call);         // keep_hf_re(re)
KemiValue kemiFnmatch(KemiCall& call);          // fnmatch(value, pattern)
KemiValue kemiFnmatchEx(KemiCall& call);        // fnmatch_ex(value, pattern, flags)

}  // namespace kemid::textopsx
