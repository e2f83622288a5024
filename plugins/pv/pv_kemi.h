#pragma once
// KSR.pv.*, as Kamailio's; module.cpp lists them.

#include "core/module_abi.h"

namespace kemid::pv {

KemiValue kemiGet(KemiCall& call);     // get(pv): nil for null
KemiValue kemiGetw(KemiCall& call);    // getw(pv): "<null>" for null
KemiValue kemiGete(KemiCall& call);    // gete(pv): "" for null
KemiValue kemiGetvn(KemiCall& call);   // getvn(pv, int): the int for null
KemiValue kemiGetvs(KemiCall& call);   // getvs(pv, str): the str for null
KemiValue kemiGeti(KemiCall& call);    // geti(pv): integer view, 0 for null
KemiValue kemiSets(KemiCall& call);    // sets(pv, str)
KemiValue kemiSeti(KemiCall& call);    // seti(pv, int)
KemiValue kemiUnset(KemiCall& call);   // unset(pv)
KemiValue kemiIsNull(KemiCall& call);  // is_null(pv)

}  // namespace kemid::pv
