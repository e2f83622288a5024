#pragma once
// KSR.registrar.*: thin handlers turning calls into save/lookup and their
// results into Kamailio's return codes.

#include "core/module_abi.h"

namespace kemid::registrar {

KemiValue kemiSave(KemiCall& call);
KemiValue kemiSaveUri(KemiCall& call);
KemiValue kemiLookup(KemiCall& call);
KemiValue kemiLookupUri(KemiCall& call);
KemiValue kemiLookupToDset(KemiCall& call);
KemiValue kemiLookupBranches(KemiCall& call);
KemiValue kemiRegistered(KemiCall& call);
KemiValue kemiRegisteredUri(KemiCall& call);
KemiValue kemiRegisteredFlags(KemiCall& call);
KemiValue kemiRegisteredAction(KemiCall& call);
KemiValue kemiSetQOverride(KemiCall& call);
KemiValue kemiAddSockHdr(KemiCall& call);
KemiValue kemiUnregister(KemiCall& call);
KemiValue kemiUnregisterRuid(KemiCall& call);
KemiValue kemiRegFetchContacts(KemiCall& call);
KemiValue kemiRegFreeContacts(KemiCall& call);
KemiValue kemiRegSendReply(KemiCall& call);

}  // namespace kemid::registrar
