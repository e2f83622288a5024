#include "nathelper_kemi.h"

#include "contact_fixes.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "nat_checks.h"
#include "pv/pv_api.h"
#include "sip/sip_message.h"

namespace kemid::nathelper {

namespace {

constexpr Logger kLog{"nathelper"};

// Set once fix_nated_contact rewrote the Contact URI of a message: Kamailio
// refuses to rewrite it again, or to alias it, after that.
struct ContactRewritten {};
const SlotKey<ContactRewritten> kContactRewrittenSlot{SlotScope::Message};

bool contactRewritten(const KemiCall& call) {
  if (call.context->findSlot(kContactRewrittenSlot) == nullptr) return false;
  kLog.err("the Contact was rewritten by fix_nated_contact before: check the script");
  return true;
}

KemiValue code(int value) {
  return std::int64_t{value};
}

KemiValue outcome(FixOutcome result) {
  switch (result) {
    case FixOutcome::Done:
      return code(1);
    case FixOutcome::Unchanged:
      return code(2);
    case FixOutcome::Failed:
      break;
  }
  return code(-1);
}

const NathelperState& stateOf(const KemiCall& call) {
  return *static_cast<const NathelperState*>(call.state);
}

SipMessage* requestOf(const KemiCall& call) {
  SipMessage* message = messageOf(call);
  return message != nullptr && message->isRequest() ? message : nullptr;
}

// Assigns `value` to the pseudo-variable `name` through pv.
bool setPv(const KemiCall& call, std::string_view name, std::string value) {
  auto* pv = stateOf(call).host().findApi<pv::PvApi>();
  if (pv == nullptr) {
    kLog.err("pv is not loaded: cannot set ", name);
    return false;
  }
  return pv->set(name, pv::PvValue::string(std::move(value)), *call.context);
}

KemiValue contactAlias(KemiCall& call, bool trim) {
  SipMessage* message = messageOf(call);
  if (message == nullptr || contactRewritten(call)) return code(-1);
  return outcome(addContactAlias(*message, SourceAddress::of(call.context->received), trim));
}

KemiValue sdpFix(KemiCall& call, std::string_view address) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return code(-1);
  switch (fixNatedSdp(*message, call.intArg(0), address, stateOf(call).sdp())) {
    case SdpFixOutcome::AddressesFixed:
      return code(1);
    case SdpFixOutcome::NoAddressChanged:
      return code(2);
    case SdpFixOutcome::Failed:
      break;
  }
  return code(-1);
}

}  // namespace

KemiValue kemiNatUacTest(KemiCall& call) {
  const SipMessage* message = messageOf(call);
  if (message == nullptr) return code(-1);
  return code(
      natUacTest(call.intArg(0), *message, call.context->received, stateOf(call).wholeIetfBlock())
          ? 1
          : -1);
}

KemiValue kemiIsRfc1918(KemiCall& call) {
  return code(isPrivateAddress(call.strArg(0), stateOf(call).wholeIetfBlock()) ? 1 : -1);
}

KemiValue kemiFixNatedContact(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr || contactRewritten(call)) return code(-1);
  const FixOutcome result = fixNatedContact(*message, SourceAddress::of(call.context->received));
  if (result == FixOutcome::Done) call.context->emplaceSlot(kContactRewrittenSlot);
  return outcome(result);
}

KemiValue kemiFixNatedRegister(KemiCall& call) {
  if (messageOf(call) == nullptr) return code(-1);
  const std::string& avp = stateOf(call).receivedAvp();
  if (avp.empty()) return code(1);
  const std::string uri = sourceUri(SourceAddress::of(call.context->received), false);
  return code(setPv(call, avp, uri) ? 1 : -1);
}

KemiValue kemiSetContactAlias(KemiCall& call) {
  return contactAlias(call, false);
}

KemiValue kemiSetContactAliasTrim(KemiCall& call) {
  return contactAlias(call, true);
}

KemiValue kemiAddContactAlias(KemiCall& call) {
  return contactAlias(call, false);
}

KemiValue kemiAddContactAliasAddr(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr || contactRewritten(call)) return code(-1);
  auto alias = sourceFromParts(call.strArg(0), call.strArg(1), call.strArg(2));
  if (!alias) {
    kLog.err("add_contact_alias_addr: invalid address ", call.strArg(0), ":", call.strArg(1), ";",
             call.strArg(2));
    return code(-1);
  }
  return outcome(addContactAlias(*message, *alias, false));
}

KemiValue kemiHandleRuriAlias(KemiCall& call) {
  if (requestOf(call) == nullptr) return code(-1);
  return outcome(handleRuriAlias(*call.context));
}

KemiValue kemiHandleRuriAliasMode(KemiCall& call) {
  return kemiHandleRuriAlias(call);
}

KemiValue kemiSetAliasToPv(KemiCall& call) {
  const SipMessage* message = messageOf(call);
  if (message == nullptr) return code(-1);
  auto uri = contactAliasUri(*message);
  if (!uri) return code(-1);
  return code(setPv(call, call.strArg(0), std::move(*uri)) ? 1 : -1);
}

KemiValue kemiAddRcvParam(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return code(-1);
  return outcome(
      addReceivedParam(*message, SourceAddress::of(call.context->received), call.intArg(0) != 0));
}

KemiValue kemiFixNatedSdp(KemiCall& call) {
  if (call.context == nullptr) return code(-1);
  return sdpFix(call, call.context->received.source.ip);
}

KemiValue kemiFixNatedSdpIp(KemiCall& call) {
  return sdpFix(call, call.strArg(1));
}

}  // namespace kemid::nathelper
