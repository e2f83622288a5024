#include "registrar_kemi.h"

#include "core/message_context.h"
#include "fetched_contacts.h"
#include "lookup.h"
#include "registrar_module.h"
#include "save.h"
#include "sip/sip_message.h"

namespace kemid::registrar {

namespace {

constexpr std::int64_t kOk = 1;
constexpr std::int64_t kFailed = -1;

RegistrarModule* moduleOf(const KemiCall& call) {
  if (call.context == nullptr || call.context->message == nullptr) return nullptr;
  return static_cast<RegistrarModule*>(call.state);
}

std::int64_t code(SaveResult result) {
  return static_cast<std::int64_t>(result);
}
std::int64_t code(LookupResult result) {
  return static_cast<std::int64_t>(result);
}

}  // namespace

KemiValue kemiSave(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return kFailed;
  return code(
      save(*registrar, *call.context, call.strArg(0), static_cast<std::uint32_t>(call.intArg(1))));
}

KemiValue kemiSaveUri(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return kFailed;
  return code(save(*registrar, *call.context, call.strArg(0),
                   static_cast<std::uint32_t>(call.intArg(1)), call.strArg(2)));
}

KemiValue kemiLookup(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return code(LookupResult::Error);
  return code(lookup(*registrar, *call.context, call.strArg(0)));
}

KemiValue kemiLookupUri(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return code(LookupResult::Error);
  return code(lookup(*registrar, *call.context, call.strArg(0), call.strArg(1)));
}

KemiValue kemiLookupToDset(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return code(LookupResult::Error);
  // The bindings become branches; the Request-URI stays as it is.
  MessageContext& ctx = *call.context;
  const std::string ruri = ctx.message->requestUri();
  const std::string du = ctx.dstUri;
  const int q = ctx.ruriQ;
  const std::uint32_t flags = ctx.branchFlags;
  const LookupResult result = lookup(*registrar, ctx, call.strArg(0), call.strArg(1));
  if (result != LookupResult::Found) return code(result);
  DestinationBranch best;
  best.uri = ctx.message->requestUri();
  best.dstUri = ctx.dstUri;
  best.q = ctx.ruriQ;
  best.flags = ctx.branchFlags;
  ctx.message->setRequestUri(ruri);
  ctx.dstUri = du;
  ctx.ruriQ = q;
  ctx.branchFlags = flags;
  DestinationSet added = ctx.destinations;
  ctx.destinations.clear();
  ctx.destinations.append(std::move(best));
  for (const DestinationBranch& branch : added) ctx.destinations.append(branch);
  return code(result);
}

KemiValue kemiLookupBranches(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return code(LookupResult::Error);
  return code(lookupBranches(*registrar, *call.context, call.strArg(0)));
}

KemiValue kemiRegistered(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return kFailed;
  return registered(*registrar, *call.context, call.strArg(0)) ? kOk : kFailed;
}

KemiValue kemiRegisteredUri(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return kFailed;
  return registered(*registrar, *call.context, call.strArg(0), call.strArg(1)) ? kOk : kFailed;
}

// The match flags (call-id, ruid, received) and the action are not
// implemented: the AoR's bindings are checked as registered_uri does.
KemiValue kemiRegisteredFlags(KemiCall& call) {
  return kemiRegisteredUri(call);
}
KemiValue kemiRegisteredAction(KemiCall& call) {
  return kemiRegisteredUri(call);
}

KemiValue kemiSetQOverride(KemiCall& call) {
  if (moduleOf(call) == nullptr) return kFailed;
  return setQOverride(*call.context, call.strArg(0)) ? kOk : kFailed;
}

KemiValue kemiAddSockHdr(KemiCall& call) {
  if (moduleOf(call) == nullptr) return kFailed;
  return addSocketHeader(*call.context, call.strArg(0)) ? kOk : kFailed;
}

KemiValue kemiUnregister(KemiCall& call) {
  auto* registrar = static_cast<RegistrarModule*>(call.state);
  if (registrar == nullptr) return kFailed;
  return unregister(*registrar, call.strArg(0), call.strArg(1)) ? kOk : kFailed;
}

KemiValue kemiUnregisterRuid(KemiCall& call) {
  auto* registrar = static_cast<RegistrarModule*>(call.state);
  if (registrar == nullptr) return kFailed;
  return unregister(*registrar, call.strArg(0), call.strArg(1), call.strArg(2)) ? kOk : kFailed;
}

KemiValue kemiRegFetchContacts(KemiCall& call) {
  auto* registrar = static_cast<RegistrarModule*>(call.state);
  if (registrar == nullptr) return kFailed;
  return fetchContacts(*registrar, call.strArg(0), call.strArg(1), call.strArg(2)) ? kOk : kFailed;
}

KemiValue kemiRegFreeContacts(KemiCall& call) {
  return freeContacts(call.strArg(0)) ? kOk : kFailed;
}

KemiValue kemiRegSendReply(KemiCall& call) {
  RegistrarModule* registrar = moduleOf(call);
  if (registrar == nullptr) return kFailed;
  // save() with flags 0x02|0x10 left the Contact lines in replyHeaders.
  return registrar->reply(*call.context, 200, "OK") ? kOk : kFailed;
}

}  // namespace kemid::registrar
