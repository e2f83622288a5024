#pragma once
// Serial forking by q-value (t_load_contacts / t_next_contacts): the
// Request-URI and the destination set are loaded, best q first, and handed
// out one group of equal q at a time, each group forked in parallel.

#include "core/module_abi.h"

namespace kemid::tm {

// KSR.tm.t_load_contacts() and ki_t_load_contacts_mode(mode): 1 loaded (or
// nothing to load: no branch besides the Request-URI), -1 when contacts_avp
// is not set.
KemiValue kemiLoadContacts(KemiCall& call);
// KSR.tm.t_next_contacts(): the next group becomes the Request-URI plus
// branches; 1, -2 when none is left, -1 when contacts_avp is not set.
KemiValue kemiNextContacts(KemiCall& call);

}  // namespace kemid::tm
