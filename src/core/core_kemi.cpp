#include "core/core_kemi.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "core/core_kemi_send.h"
#include "core/forwarding.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/network.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"
#include "sip/via.h"

namespace kemid {

namespace {

const Logger kScriptLog{"script"};
const Logger kLog{"core"};

constexpr KemiValue kTrue = true;
constexpr KemiValue kFalse = false;
const KemiValue kNone{};

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// ---- logging, as Kamailio: text printed as given, no newline added ----

template <LogLevel Level>
KemiValue logAt(KemiCall& call) {
  kScriptLog.log(Level, call.strArg(0));
  return kNone;
}

// KSR.log(level, text): dbg, info, notice, warn, err, crit; anything else is ERROR.
KemiValue logWithLevel(KemiCall& call) {
  std::string_view name = call.strArg(0);
  LogLevel level = LogLevel::Err;
  constexpr std::array<std::pair<std::string_view, LogLevel>, 6> kLevels{{
      {"dbg", LogLevel::Dbg},
      {"info", LogLevel::Info},
      {"notice", LogLevel::Notice},
      {"warn", LogLevel::Warn},
      {"err", LogLevel::Err},
      {"crit", LogLevel::Crit},
  }};
  for (const auto& [levelName, value] : kLevels) {
    if (equalsIgnoreCase(name, levelName)) level = value;
  }
  std::string_view text = call.strArg(1);
  kScriptLog.log(level, text.substr(0, text.find('\0')));
  return kNone;
}

// ---- method tests: for replies the CSeq method counts ----------------------

// Indexed by isMethodAt<I>, in the order of the is_<METHOD> table below.
constexpr std::array<std::string_view, 19> kMethodTests{
    "INVITE",  "ACK",    "BYE",   "CANCEL", "REGISTER", "OPTIONS", "SUBSCRIBE",
    "PUBLISH", "NOTIFY", "REFER", "INFO",   "UPDATE",   "PRACK",   "MESSAGE",
    "KDMQ",    "GET",    "POST",  "PUT",    "DELETE"};

template <std::size_t I>
KemiValue isMethodAt(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  return m != nullptr && m->method() == kMethodTests[I];
}

bool isStandardMethod(std::string_view name) {
  for (auto method : kMethodTests) {
    if (equalsIgnoreCase(method, name)) return true;
  }
  return false;
}

// is_method("invite") and is_method("INVITE|BYE"): a list may name only
// standard methods; a single name is compared as is (case-insensitively).
KemiValue isMethod(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr) return kFalse;
  std::string_view wanted = call.strArg(0);
  if (wanted.find('|') == std::string_view::npos) return equalsIgnoreCase(m->method(), wanted);
  bool matched = false;
  while (!wanted.empty()) {
    auto bar = wanted.find('|');
    std::string_view name = wanted.substr(0, bar);
    if (!isStandardMethod(name)) {
      kLog.err("is_method: '", name, "' is not a standard method in a list");
      return kFalse;
    }
    matched = matched || equalsIgnoreCase(m->method(), name);
    wanted = bar == std::string_view::npos ? std::string_view{} : wanted.substr(bar + 1);
  }
  return matched;
}

// is_method_in("IRB"): one letter per method; INFO has none.
KemiValue isMethodIn(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr) return kFalse;
  constexpr std::array<std::pair<char, std::string_view>, 18> kLetters{{
      {'I', "INVITE"},
      {'A', "ACK"},
      {'B', "BYE"},
      {'C', "CANCEL"},
      {'M', "MESSAGE"},
      {'R', "REGISTER"},
      {'E', "PRACK"},
      {'P', "PUBLISH"},
      {'S', "SUBSCRIBE"},
      {'N', "NOTIFY"},
      {'O', "OPTIONS"},
      {'F', "REFER"},
      {'G', "GET"},
      {'U', "UPDATE"},
      {'K', "KDMQ"},
      {'D', "DELETE"},
      {'T', "POST"},
      {'V', "PUT"},
  }};
  for (char c : call.strArg(0)) {
    char upper = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    bool known = false;
    for (const auto& [letter, method] : kLetters) {
      if (letter != upper) continue;
      known = true;
      if (m->method() == method) return kTrue;
    }
    if (!known) kLog.err("is_method_in: unknown method letter '", c, "'");
  }
  return kFalse;
}

// ---- flags (0..31) -----------------------------------------------------------

bool validFlag(std::int64_t flag) {
  if (flag >= 0 && flag <= 31) return true;
  kLog.err("flag ", flag, " is out of range 0..31");
  return false;
}

template <std::uint32_t MessageContext::*Flags>
KemiValue setFlag(KemiCall& call) {
  if (!call.context || !validFlag(call.intArg(0))) return kFalse;
  call.context->*Flags |= 1u << call.intArg(0);
  return kTrue;
}

template <std::uint32_t MessageContext::*Flags>
KemiValue resetFlag(KemiCall& call) {
  if (!call.context || !validFlag(call.intArg(0))) return kFalse;
  call.context->*Flags &= ~(1u << call.intArg(0));
  return kTrue;
}

template <std::uint32_t MessageContext::*Flags>
KemiValue isFlagSet(KemiCall& call) {
  if (!call.context || !validFlag(call.intArg(0))) return kFalse;
  return (call.context->*Flags & (1u << call.intArg(0))) != 0;
}

// setbiflag(flag, branch) family: branch 0 is the Request-URI's (the bflag
// functions), branch n the destination set's n-th entry. For a branch that
// does not exist setting and resetting change nothing and answer true, and
// the test answers false, as Kamailio does.
std::uint32_t* branchFlagsAt(MessageContext& ctx, std::int64_t branch) {
  if (branch == 0) return &ctx.branchFlags;
  if (branch < 0 || static_cast<std::size_t>(branch) > ctx.destinations.size()) return nullptr;
  return &ctx.destinations[static_cast<std::size_t>(branch) - 1].flags;
}

template <bool Set>
KemiValue changeBranchFlag(KemiCall& call) {
  if (!call.context || !validFlag(call.intArg(0))) return kFalse;
  std::uint32_t* flags = branchFlagsAt(*call.context, call.intArg(1));
  if (flags == nullptr) return kTrue;
  auto bit = 1u << call.intArg(0);
  *flags = Set ? *flags | bit : *flags & ~bit;
  return kTrue;
}

KemiValue isBranchFlagSet(KemiCall& call) {
  if (!call.context || !validFlag(call.intArg(0))) return kFalse;
  const std::uint32_t* flags = branchFlagsAt(*call.context, call.intArg(1));
  return flags != nullptr && (*flags & (1u << call.intArg(0))) != 0;
}

// ---- Request-URI and destination ------------------------------------------------

KemiValue setUri(KemiCall& call) {
  SipMessage* m = messageOf(call);
  return m != nullptr && m->setRequestUri(call.strArg(0));
}

// setuser/sethost: change one part of the Request-URI.
template <std::string SipUri::*Part>
KemiValue setUriPart(KemiCall& call) {
  SipMessage* m = messageOf(call);
  if (m == nullptr || !m->isRequest()) return kFalse;
  auto uri = SipUri::parse(m->requestUri());
  if (!uri) return kFalse;
  (*uri).*Part = std::string(call.strArg(0));
  return m->setRequestUri(uri->toString());
}

// Kamailio quirk kept: setdsturi returns true even for a bad URI.
KemiValue setDstUri(KemiCall& call) {
  if (call.context == nullptr) return kFalse;
  if (SipUri::parse(call.strArg(0))) {
    call.context->dstUri = std::string(call.strArg(0));
  } else {
    kLog.err("setdsturi: '", call.strArg(0), "' is not a valid URI");
  }
  return kTrue;
}

KemiValue resetDstUri(KemiCall& call) {
  if (call.context == nullptr) return kFalse;
  call.context->dstUri.clear();
  return kTrue;
}

KemiValue isDstUriSet(KemiCall& call) {
  return call.context != nullptr && !call.context->dstUri.empty();
}

// ---- locality: is_myself family --------------------------------------------------

bool uriIsMyself(const KemiCall& call, std::string_view text) {
  auto* state = static_cast<CoreKemiState*>(call.state);
  if (state == nullptr || state->network() == nullptr) return false;
  auto uri = SipUri::parse(text);
  if (!uri || uri->host.empty()) return false;
  std::string host = uri->host.find(':') != std::string::npos ? "[" + uri->host + "]" : uri->host;
  return state->network()->isMyself(uri->host, uri->port.value_or(0)) ||
         state->network()->isMyself(host, uri->port.value_or(0));
}

// A string starting with sip:/sips: is a URI; anything else a bare host (any port).
KemiValue isMyself(KemiCall& call) {
  std::string_view text = call.strArg(0);
  if (text.starts_with("sip:") || text.starts_with("sips:")) return uriIsMyself(call, text);
  auto* state = static_cast<CoreKemiState*>(call.state);
  return state != nullptr && state->network() != nullptr && state->network()->isMyselfHost(text);
}

KemiValue isMyselfRuri(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  return m != nullptr && m->isRequest() && uriIsMyself(call, m->requestUri());
}

KemiValue isMyselfDuri(KemiCall& call) {
  return call.context != nullptr && !call.context->dstUri.empty() &&
         uriIsMyself(call, call.context->dstUri);
}

KemiValue isMyselfNhuri(KemiCall& call) {
  if (call.context == nullptr) return kFalse;
  if (!call.context->dstUri.empty()) return uriIsMyself(call, call.context->dstUri);
  return isMyselfRuri(call);
}

KemiValue isMyselfFuri(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  return m != nullptr && uriIsMyself(call, m->fromUri());
}

KemiValue isMyselfTuri(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  return m != nullptr && uriIsMyself(call, m->toUri());
}

// The source address with its port (Kamailio's sip:srcip:srcport URI).
KemiValue isMyselfSuri(KemiCall& call) {
  auto* state = static_cast<CoreKemiState*>(call.state);
  if (call.context == nullptr || state == nullptr || state->network() == nullptr) return kFalse;
  const Endpoint& source = call.context->received.source;
  return state->network()->isMyself(source.ip, source.port);
}

KemiValue isMyselfSrcIp(KemiCall& call) {
  auto* state = static_cast<CoreKemiState*>(call.state);
  return call.context != nullptr && state != nullptr && state->network() != nullptr &&
         state->network()->isMyselfHost(call.context->received.source.ip);
}

// ---- transport and address family --------------------------------------------

template <Transport T>
KemiValue isTransport(KemiCall& call) {
  return call.context != nullptr && call.context->received.transport == T;
}

KemiValue isFalse(KemiCall&) {
  return kFalse;
}  // WS/WSS: kemid serves none

template <bool V6>
KemiValue isAddressFamily(KemiCall& call) {
  if (call.context == nullptr) return kFalse;
  bool v6 = call.context->received.local.ip.find(':') != std::string::npos;
  return v6 == V6;
}

KemiValue isSrcPort(KemiCall& call) {
  return call.context != nullptr && call.context->received.source.port == call.intArg(0);
}

KemiValue isDstPort(KemiCall& call) {
  return call.context != nullptr && call.context->received.local.port == call.intArg(0);
}

// ---- misc -----------------------------------------------------------------------

// force_rport(): answer to the source port as if the client had asked (RFC 3581).
KemiValue forceRport(KemiCall& call) {
  SipMessage* m = messageOf(call);
  if (m == nullptr || !m->isRequest()) return kFalse;
  sip::addReceivedAndRport(*m, call.context->received.source.ip, call.context->received.source.port,
                           /*forceRport=*/true);
  return kTrue;
}

// forward() / forward_uri(uri): stateless relay (RFC 3261 §16.11); 1 ok, -1 error.
KemiValue forward(KemiCall& call) {
  auto* state = static_cast<CoreKemiState*>(call.state);
  SipMessage* m = messageOf(call);
  if (m == nullptr || !m->isRequest() || state == nullptr || state->network() == nullptr) {
    return std::int64_t{-1};
  }
  bool sent = forwardStateless(*call.context, *state->network()) == ForwardError::None;
  return std::int64_t{sent ? 1 : -1};
}

KemiValue forwardUri(KemiCall& call) {
  if (call.context == nullptr || !SipUri::parse(call.strArg(0))) return std::int64_t{-1};
  std::string saved = std::move(call.context->dstUri);
  call.context->dstUri = std::string(call.strArg(0));
  KemiValue result = forward(call);
  call.context->dstUri = std::move(saved);
  return result;
}

KemiValue getDebug(KemiCall&) {
  return static_cast<std::int64_t>(logging::level());
}

KemiValue setDrop(KemiCall& call) {
  if (call.context != nullptr) call.context->dropped = true;
  return kNone;
}

// KSR.route(name) runs a native route block: kemid has none, so -1 as
// Kamailio answers for a block that does not exist.
KemiValue nativeRoute(KemiCall& call) {
  kLog.err("KSR.route(\"", call.strArg(0), "\"): native route blocks are not supported by kemid");
  return std::int64_t{-1};
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kInt{Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kIntInt{Int, Int};

constexpr std::array kCoreFunctions{
    KemiFunctionDef{"dbg", None, kStr, &logAt<LogLevel::Dbg>},
    KemiFunctionDef{"info", None, kStr, &logAt<LogLevel::Info>},
    KemiFunctionDef{"notice", None, kStr, &logAt<LogLevel::Notice>},
    KemiFunctionDef{"warn", None, kStr, &logAt<LogLevel::Warn>},
    KemiFunctionDef{"err", None, kStr, &logAt<LogLevel::Err>},
    KemiFunctionDef{"crit", None, kStr, &logAt<LogLevel::Crit>},
    KemiFunctionDef{"log", None, kStrStr, &logWithLevel},
    KemiFunctionDef{"is_INVITE", Bool, kNoParams, &isMethodAt<0>},
    KemiFunctionDef{"is_ACK", Bool, kNoParams, &isMethodAt<1>},
    KemiFunctionDef{"is_BYE", Bool, kNoParams, &isMethodAt<2>},
    KemiFunctionDef{"is_CANCEL", Bool, kNoParams, &isMethodAt<3>},
    KemiFunctionDef{"is_REGISTER", Bool, kNoParams, &isMethodAt<4>},
    KemiFunctionDef{"is_OPTIONS", Bool, kNoParams, &isMethodAt<5>},
    KemiFunctionDef{"is_SUBSCRIBE", Bool, kNoParams, &isMethodAt<6>},
    KemiFunctionDef{"is_PUBLISH", Bool, kNoParams, &isMethodAt<7>},
    KemiFunctionDef{"is_NOTIFY", Bool, kNoParams, &isMethodAt<8>},
    KemiFunctionDef{"is_REFER", Bool, kNoParams, &isMethodAt<9>},
    KemiFunctionDef{"is_INFO", Bool, kNoParams, &isMethodAt<10>},
    KemiFunctionDef{"is_UPDATE", Bool, kNoParams, &isMethodAt<11>},
    KemiFunctionDef{"is_PRACK", Bool, kNoParams, &isMethodAt<12>},
    KemiFunctionDef{"is_MESSAGE", Bool, kNoParams, &isMethodAt<13>},
    KemiFunctionDef{"is_KDMQ", Bool, kNoParams, &isMethodAt<14>},
    KemiFunctionDef{"is_GET", Bool, kNoParams, &isMethodAt<15>},
    KemiFunctionDef{"is_POST", Bool, kNoParams, &isMethodAt<16>},
    KemiFunctionDef{"is_PUT", Bool, kNoParams, &isMethodAt<17>},
    KemiFunctionDef{"is_DELETE", Bool, kNoParams, &isMethodAt<18>},
    KemiFunctionDef{"is_method", Bool, kStr, &isMethod},
    KemiFunctionDef{"is_method_in", Bool, kStr, &isMethodIn},
    KemiFunctionDef{"setflag", Bool, kInt, &setFlag<&MessageContext::flags>},
    KemiFunctionDef{"resetflag", Bool, kInt, &resetFlag<&MessageContext::flags>},
    KemiFunctionDef{"isflagset", Bool, kInt, &isFlagSet<&MessageContext::flags>},
    KemiFunctionDef{"setbflag", Bool, kInt, &setFlag<&MessageContext::branchFlags>},
    KemiFunctionDef{"resetbflag", Bool, kInt, &resetFlag<&MessageContext::branchFlags>},
    KemiFunctionDef{"isbflagset", Bool, kInt, &isFlagSet<&MessageContext::branchFlags>},
    KemiFunctionDef{"setbiflag", Bool, kIntInt, &changeBranchFlag<true>},
    KemiFunctionDef{"resetbiflag", Bool, kIntInt, &changeBranchFlag<false>},
    KemiFunctionDef{"isbiflagset", Bool, kIntInt, &isBranchFlagSet},
    KemiFunctionDef{"setsflag", Bool, kInt, &setFlag<&MessageContext::scriptFlags>},
    KemiFunctionDef{"resetsflag", Bool, kInt, &resetFlag<&MessageContext::scriptFlags>},
    KemiFunctionDef{"issflagset", Bool, kInt, &isFlagSet<&MessageContext::scriptFlags>},
    KemiFunctionDef{"seturi", Bool, kStr, &setUri},
    KemiFunctionDef{"setuser", Bool, kStr, &setUriPart<&SipUri::user>},
    KemiFunctionDef{"sethost", Bool, kStr, &setUriPart<&SipUri::host>},
    KemiFunctionDef{"setdsturi", Bool, kStr, &setDstUri},
    KemiFunctionDef{"resetdsturi", Bool, kNoParams, &resetDstUri},
    KemiFunctionDef{"isdsturiset", Bool, kNoParams, &isDstUriSet},
    KemiFunctionDef{"is_myself", Bool, kStr, &isMyself},
    KemiFunctionDef{"is_myself_ruri", Bool, kNoParams, &isMyselfRuri},
    KemiFunctionDef{"is_myself_duri", Bool, kNoParams, &isMyselfDuri},
    KemiFunctionDef{"is_myself_nhuri", Bool, kNoParams, &isMyselfNhuri},
    KemiFunctionDef{"is_myself_furi", Bool, kNoParams, &isMyselfFuri},
    KemiFunctionDef{"is_myself_turi", Bool, kNoParams, &isMyselfTuri},
    KemiFunctionDef{"is_myself_suri", Bool, kNoParams, &isMyselfSuri},
    KemiFunctionDef{"is_myself_srcip", Bool, kNoParams, &isMyselfSrcIp},
    KemiFunctionDef{"is_UDP", Bool, kNoParams, &isTransport<Transport::Udp>},
    KemiFunctionDef{"is_TCP", Bool, kNoParams, &isTransport<Transport::Tcp>},
    KemiFunctionDef{"is_TLS", Bool, kNoParams, &isTransport<Transport::Tls>},
    KemiFunctionDef{"is_SCTP", Bool, kNoParams, &isTransport<Transport::Sctp>},
    KemiFunctionDef{"is_WS", Bool, kNoParams, &isFalse},
    KemiFunctionDef{"is_WSS", Bool, kNoParams, &isFalse},
    KemiFunctionDef{"is_WSX", Bool, kNoParams, &isFalse},
    KemiFunctionDef{"is_IPv4", Bool, kNoParams, &isAddressFamily<false>},
    KemiFunctionDef{"is_IPv6", Bool, kNoParams, &isAddressFamily<true>},
    KemiFunctionDef{"is_src_port", Bool, kInt, &isSrcPort},
    KemiFunctionDef{"is_dst_port", Bool, kInt, &isDstPort},
    KemiFunctionDef{"force_rport", Bool, kNoParams, &forceRport},
    KemiFunctionDef{"forward", Int, kNoParams, &forward},
    KemiFunctionDef{"forward_uri", Int, kStr, &forwardUri},
    KemiFunctionDef{"get_debug", Int, kNoParams, &getDebug},
    KemiFunctionDef{"set_drop", None, kNoParams, &setDrop},
    KemiFunctionDef{"route", Int, kStr, &nativeRoute},
};

}  // namespace

std::span<const KemiFunctionDef> coreKemiFunctions() {
  static const std::vector<KemiFunctionDef> all = [] {
    std::vector<KemiFunctionDef> functions(kCoreFunctions.begin(), kCoreFunctions.end());
    std::ranges::copy(coreSendKemiFunctions(), std::back_inserter(functions));
    return functions;
  }();
  return all;
}

}  // namespace kemid
