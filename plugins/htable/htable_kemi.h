#pragma once
// KSR.htable.*: thin handlers over the tables, with Kamailio 5.6's return
// values (measured: tests/conformance/cases/htable).

#include "core/module_abi.h"

namespace kemid::htable {

KemiValue kemiGet(KemiCall& call);
KemiValue kemiGetEmpty(KemiCall& call);
KemiValue kemiGetWithNull(KemiCall& call);
KemiValue kemiIsNull(KemiCall& call);
KemiValue kemiSets(KemiCall& call);
KemiValue kemiSeti(KemiCall& call);
KemiValue kemiSetex(KemiCall& call);
KemiValue kemiSetxs(KemiCall& call);
KemiValue kemiSetxi(KemiCall& call);
KemiValue kemiInc(KemiCall& call);
KemiValue kemiDec(KemiCall& call);
KemiValue kemiRm(KemiCall& call);
KemiValue kemiRmNameRe(KemiCall& call);
KemiValue kemiRmValueRe(KemiCall& call);
KemiValue kemiRmName(KemiCall& call);
KemiValue kemiRmValue(KemiCall& call);
KemiValue kemiMatchName(KemiCall& call);
KemiValue kemiMatchStrValue(KemiCall& call);
KemiValue kemiReset(KemiCall& call);
KemiValue kemiLock(KemiCall& call);
KemiValue kemiUnlock(KemiCall& call);
KemiValue kemiIteratorStart(KemiCall& call);
KemiValue kemiIteratorNext(KemiCall& call);
KemiValue kemiIteratorEnd(KemiCall& call);
KemiValue kemiIteratorRm(KemiCall& call);
KemiValue kemiIteratorSets(KemiCall& call);
KemiValue kemiIteratorSeti(KemiCall& call);
KemiValue kemiIteratorSetex(KemiCall& call);

}  // namespace kemid::htable
