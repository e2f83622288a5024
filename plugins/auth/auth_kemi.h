#pragma once
// KSR.auth.*: thin handlers over AuthModule, returning Kamailio's codes.

#include "core/module_abi.h"

namespace kemid::auth {

KemiValue kemiConsumeCredentials(KemiCall& call);
KemiValue kemiAuthChallenge(KemiCall& call);
KemiValue kemiWwwChallenge(KemiCall& call);
KemiValue kemiProxyChallenge(KemiCall& call);
KemiValue kemiPvAuthCheck(KemiCall& call);
KemiValue kemiPvProxyAuthenticate(KemiCall& call);
KemiValue kemiPvWwwAuthenticate(KemiCall& call);
KemiValue kemiPvWwwAuthenticateMethod(KemiCall& call);
KemiValue kemiHasCredentials(KemiCall& call);
KemiValue kemiAuthGetWwwAuthenticate(KemiCall& call);

}  // namespace kemid::auth
