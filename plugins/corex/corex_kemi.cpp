#include "corex_kemi.h"

#include <bitset>
#include <fstream>
#include <sstream>

#include "core/log.h"
#include "core/message_context.h"
#include "core/slot_table.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"

namespace kemid::corex {

namespace {

constexpr Logger kLog{"corex"};

// Kamailio's extended flags: 64 per message, kept with its transaction so
// that failure routes see them.
using ExtendedFlags = std::bitset<64>;
const SlotKey<ExtendedFlags> kXflags{SlotScope::Transaction};

KemiValue result(bool yes) {
  return std::int64_t{yes ? 1 : -1};
}

const SipMessage* message(const KemiCall& call) {
  return call.context != nullptr ? call.context->message : nullptr;
}

// The flag index of call's first argument, if it is one (0..63).
std::optional<std::size_t> flagIndex(const KemiCall& call) {
  const std::int64_t i = call.intArg(0);
  if (i < 0 || i >= static_cast<std::int64_t>(ExtendedFlags().size())) return std::nullopt;
  return static_cast<std::size_t>(i);
}

}  // namespace

KemiValue kemiHasRuriUser(KemiCall& call) {
  const SipMessage* m = message(call);
  if (m == nullptr || !m->isRequest()) return result(false);
  auto uri = SipUri::parse(m->requestUri());
  return result(uri && !uri->user.empty());
}

KemiValue kemiHasUserAgent(KemiCall& call) {
  const SipMessage* m = message(call);
  return result(m != nullptr && m->header("User-Agent").has_value());
}

// Only an event callback's request is made up (core/event_route.h); tm's
// failure routes work on a copy of a received one.
KemiValue kemiIsFakedMsg(KemiCall& call) {
  return result(call.context != nullptr && call.context->routeType == RouteType::Event);
}

KemiValue kemiSetXflag(KemiCall& call) {
  auto i = flagIndex(call);
  if (!i || call.context == nullptr) return result(false);
  ExtendedFlags* flags = call.context->findSlot(kXflags);
  if (flags == nullptr) flags = &call.context->emplaceSlot(kXflags);
  flags->set(*i);
  return result(true);
}

KemiValue kemiResetXflag(KemiCall& call) {
  auto i = flagIndex(call);
  if (!i || call.context == nullptr) return result(false);
  if (ExtendedFlags* flags = call.context->findSlot(kXflags)) flags->reset(*i);
  return result(true);
}

KemiValue kemiIsXflagSet(KemiCall& call) {
  auto i = flagIndex(call);
  if (!i || call.context == nullptr) return result(false);
  const ExtendedFlags* flags = call.context->findSlot(kXflags);
  return result(flags != nullptr && flags->test(*i));
}

// kemid's listen sockets have no names (listen=... name "x").
KemiValue kemiIsSocketName(KemiCall&) {
  return result(false);
}

// With kemid's UDP sockets, a request leaves from the socket of its
// destination's address family; Kamailio answers 1 whether or not the
// socket is one of its own, and so does kemid.
KemiValue kemiSetSocket(KemiCall& call) {
  kLog.dbg("socket ", call.strArg(0), " noted; kemid picks the socket by address family");
  return result(true);
}

// via_add_srvid, via_add_xavp_params, via_use_xavp_fields: kemid's Via has
// neither server_id nor the via xavp fields (it has no xavps); the option
// is accepted, answering 1 as Kamailio does, and changes nothing.
KemiValue kemiViaOption(KemiCall& call) {
  kLog.dbg("Via option ", call.intArg(0), " noted; kemid's Via does not change with it");
  return result(true);
}

// The whole file, or "" (and an error logged) when it cannot be read, as
// Kamailio answers.
KemiValue kemiFileRead(KemiCall& call) {
  const std::string path(call.strArg(0));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    kLog.err("file_read: cannot open ", path);
    return std::string();
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

KemiValue kemiFileWrite(KemiCall& call) {
  const std::string path(call.strArg(0));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << call.strArg(1);
  out.close();
  if (!out) {
    kLog.err("file_write: cannot write ", path);
    return result(false);
  }
  return result(true);
}

}  // namespace kemid::corex
