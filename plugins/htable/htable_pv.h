#pragma once
// htable's pseudo-variables, provided through pv: $sht(t=>k) (read and
// write; $null deletes), $shtex(t=>k) (seconds to live), $shtinc(t=>k),
// $shtdec(t=>k), $shtcn(t=>exp) / $shtcv(t=>exp) (how many names / string
// values match), $shtitkey(it) / $shtitval(it) (an iterator's item).

#include "htable_module.h"
#include "pv/pv_api.h"

namespace kemid::htable {

// False when pv refused a class (a name taken).
bool providePseudoVariables(pv::PvApi& pv, HtableModule& module);

}  // namespace kemid::htable
