#pragma once
// Reading and writing a parsed pseudo-variable against the message being
// routed: types, null cases and write effects as Kamailio's.

#include "pv_spec.h"
#include "pv_value.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::pv {

class PvModule;

PvValue readPv(const PvSpec& spec, MessageContext& ctx, PvModule& module);

enum class WriteOutcome {
  Done,
  Refused,   // the value does not fit (seti on $ru, a bad URI, ...): false
  ReadOnly,  // nothing changed, yet Kamailio 5.6 answers true (observed for $ci, $hdr, $si)
};

// A null `value` is KSR.pv.unset.
WriteOutcome writePv(const PvSpec& spec, MessageContext& ctx, PvModule& module,
                     const PvValue& value);

}  // namespace kemid::pv
