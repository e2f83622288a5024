#pragma once
// KSR.tls.*: Kamailio 5.6's KEMI exports of the tls module.

#include <memory>

#include "core/module_abi.h"
#include "core/network.h"
#include "session_details.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::tls {

class TlsModule;

// The session `ctx` came over; null (logged, as Kamailio does) when it did
// not come over TLS. `what` names the reader for the log.
std::shared_ptr<const SessionDetails> sessionOf(const TlsModule& module, const MessageContext& ctx,
                                                std::string_view what);

KemiValue kemiIsPeerVerified(KemiCall& call);
KemiValue kemiSetConnectServerId(KemiCall& call);
KemiValue kemiCget(KemiCall& call);

}  // namespace kemid::tls
