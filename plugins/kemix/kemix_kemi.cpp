#include "kemix_kemi.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/network.h"
#include "pv/pv_api.h"
#include "sip/ascii.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"

namespace kemid::kemix {

namespace {

constexpr Logger kLog{"kemix"};

// What a getter answers for an absent value: get_* nil, gete_* "", getw_* "<null>".
enum class Absent { Nil, Empty, Null };

template <Absent A>
KemiValue absent() {
  if constexpr (A == Absent::Nil) return KemiValue{};
  if constexpr (A == Absent::Empty) return std::string();
  return std::string("<null>");
}

template <Absent A>
KemiValue textOr(std::optional<std::string> text) {
  if (text && !text->empty()) return std::move(*text);
  return absent<A>();
}

KemixModule* moduleOf(const KemiCall& call) {
  return static_cast<KemixModule*>(call.state);
}

// The pseudo-variable `name` through pv's API; nullopt when it is null or
// pv is not loaded (logged).
std::optional<pv::PvValue> readPv(KemiCall& call, std::string_view name) {
  if (call.context == nullptr || moduleOf(call) == nullptr) return std::nullopt;
  auto* pv = moduleOf(call)->host().findApi<pv::PvApi>();
  if (pv == nullptr) {
    kLog.err("KSR.kx needs the pv module: loadmodule \"pv.so\"");
    return std::nullopt;
  }
  auto value = pv->get(name, *call.context);
  if (!value || value->isNull()) return std::nullopt;
  return value;
}

std::optional<std::string> pvText(KemiCall& call, std::string_view name) {
  auto value = readPv(call, name);
  if (!value) return std::nullopt;
  return value->toText();
}

// get_<x> / gete_<x> / getw_<x> over a pseudo-variable.
template <const std::string_view* Pv, Absent A>
KemiValue pvGetter(KemiCall& call) {
  return textOr<A>(pvText(call, *Pv));
}

// A number-valued pseudo-variable as a number ($sp, $Rp), nil when null.
template <const std::string_view* Pv>
KemiValue pvNumber(KemiCall& call) {
  auto value = readPv(call, *Pv);
  if (!value || !value->hasNumber()) return KemiValue{};
  return value->number();
}

template <const std::string_view* Pv>
KemiValue pvInt(KemiCall& call) {
  auto value = readPv(call, *Pv);
  return value && value->hasNumber() ? value->number() : std::int64_t{0};
}

constexpr std::string_view kRu = "$ru";
constexpr std::string_view kRuser = "$rU";
constexpr std::string_view kRhost = "$rd";
constexpr std::string_view kOu = "$ou";
constexpr std::string_view kFu = "$fu";
constexpr std::string_view kFuser = "$fU";
constexpr std::string_view kFhost = "$fd";
constexpr std::string_view kTu = "$tu";
constexpr std::string_view kTuser = "$tU";
constexpr std::string_view kThost = "$td";
constexpr std::string_view kDu = "$du";
constexpr std::string_view kUa = "$ua";
constexpr std::string_view kSi = "$si";
constexpr std::string_view kSp = "$sp";
constexpr std::string_view kRi = "$Ri";
constexpr std::string_view kRp = "$Rp";
constexpr std::string_view kRm = "$rm";
constexpr std::string_view kCi = "$ci";
constexpr std::string_view kMb = "$mb";
constexpr std::string_view kMl = "$ml";

// ---- message ---------------------------------------------------------------

// The URI of the first Contact.
template <Absent A>
KemiValue contactUri(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  auto contact = m != nullptr ? m->header("Contact") : std::nullopt;
  if (!contact) return absent<A>();
  std::string_view text = *contact;
  auto open = text.find('<');
  if (open != std::string_view::npos) {
    auto close = text.find('>', open);
    if (close == std::string_view::npos) return absent<A>();
    return std::string(text.substr(open + 1, close - open - 1));
  }
  return textOr<A>(std::string(sip::trimLws(text.substr(0, text.find(';')))));
}

// The next hop: $du when set, else the Request-URI.
KemiValue nextHopUri(KemiCall& call) {
  if (auto du = pvText(call, kDu)) return std::move(*du);
  return textOr<Absent::Nil>(pvText(call, kRu));
}

// The username of the first Proxy-Authorization, else Authorization, header.
template <Absent A>
KemiValue authUser(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr) return absent<A>();
  auto credentials = m->header("Proxy-Authorization");
  if (!credentials) credentials = m->header("Authorization");
  if (!credentials) return absent<A>();
  std::string_view text = *credentials;
  for (std::size_t at = 0; (at = text.find("username", at)) != std::string_view::npos; ++at) {
    if (at > 0 && text[at - 1] != ' ' && text[at - 1] != ',' && text[at - 1] != '\t') continue;
    std::string_view rest = sip::trimLws(text.substr(at + 8));
    if (!rest.starts_with('=')) continue;
    rest = sip::trimLws(rest.substr(1));
    if (rest.starts_with('"')) {
      auto close = rest.find('"', 1);
      return textOr<A>(std::string(rest.substr(1, close - 1)));
    }
    return textOr<A>(std::string(sip::trimLws(rest.substr(0, rest.find(',')))));
  }
  return absent<A>();
}

// The reply code; -1 for a request.
KemiValue status(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr || m->isRequest()) return std::int64_t{-1};
  return std::int64_t{m->statusCode()};
}

KemiValue statusText(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr || m->isRequest()) return KemiValue{};
  return std::to_string(m->statusCode());
}

template <Absent A>
KemiValue body(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr || m->body().empty()) return absent<A>();
  return std::string(m->body());
}

KemiValue bodyLength(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  return std::int64_t{m != nullptr ? static_cast<std::int64_t>(m->body().size()) : 0};
}

// 1 request, 2 reply.
KemiValue messageType(KemiCall& call) {
  const SipMessage* m = messageOf(call);
  if (m == nullptr) return std::int64_t{0};
  return std::int64_t{m->isRequest() ? 1 : 2};
}

KemiValue timestamp(KemiCall&) {
  return static_cast<std::int64_t>(std::time(nullptr));
}

// ---- network ---------------------------------------------------------------

std::string hostText(std::string_view ip) {
  if (ip.find(':') != std::string_view::npos) return "[" + std::string(ip) + "]";
  return std::string(ip);
}

std::string_view protoName(Transport transport) {
  return transportName(transport);
}

// "sip:ip:port", with ";transport=x" when not UDP.
KemiValue sourceUri(KemiCall& call) {
  if (call.context == nullptr) return KemiValue{};
  const ReceiveInfo& r = call.context->received;
  std::string uri = "sip:" + hostText(r.source.ip) + ":" + std::to_string(r.source.port);
  if (r.transport != Transport::Udp) uri += ";transport=" + std::string(protoName(r.transport));
  return uri;
}

// "proto:ip:port" of the source or of the receiving socket.
template <bool Local>
KemiValue addressSocket(KemiCall& call) {
  if (call.context == nullptr) return KemiValue{};
  const ReceiveInfo& r = call.context->received;
  const Endpoint& e = Local ? r.local : r.source;
  return std::string(protoName(r.transport)) + ":" + hostText(e.ip) + ":" + std::to_string(e.port);
}

const Endpoint* advertisedOfReceiving(const KemiCall& call) {
  if (call.context == nullptr || moduleOf(call) == nullptr) return nullptr;
  SipNetwork* network = moduleOf(call)->host().network();
  if (network == nullptr) return nullptr;
  return &network->advertised(call.context->received.socketIndex);
}

KemiValue advertisedIp(KemiCall& call) {
  const Endpoint* e = advertisedOfReceiving(call);
  return e != nullptr ? KemiValue{e->ip} : KemiValue{};
}

KemiValue advertisedPort(KemiCall& call) {
  const Endpoint* e = advertisedOfReceiving(call);
  return e != nullptr ? KemiValue{std::int64_t{e->port}} : KemiValue{};
}

KemiValue proto(KemiCall& call) {
  if (call.context == nullptr) return KemiValue{};
  return std::string(protoName(call.context->received.transport));
}

// Kamailio's protocol numbers: udp 1, tcp 2, tls 3, sctp 4.
KemiValue protoId(KemiCall& call) {
  if (call.context == nullptr) return std::int64_t{0};
  switch (call.context->received.transport) {
    case Transport::Udp:
      return std::int64_t{1};
    case Transport::Tcp:
      return std::int64_t{2};
    case Transport::Tls:
      return std::int64_t{3};
    case Transport::Sctp:
      return std::int64_t{4};
    case Transport::Any:
      break;
  }
  return std::int64_t{0};
}

// kemid has no connections (UDP only) and never forces a send socket.
KemiValue minusOne(KemiCall&) {
  return std::int64_t{-1};
}
KemiValue zero(KemiCall&) {
  return std::int64_t{0};
}
KemiValue nil(KemiCall&) {
  return KemiValue{};
}

// ---- defines and environment -------------------------------------------------

std::optional<std::int64_t> numberOf(std::string_view text) {
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

const std::string* defineNamed(const KemiCall& call) {
  if (moduleOf(call) == nullptr) return nullptr;
  const auto& defines = moduleOf(call)->defines();
  auto it = defines.find(call.strArg(0));
  return it != defines.end() ? &it->second : nullptr;
}

// Kamailio answers "" for a name without a value and for an unknown one.
KemiValue define(KemiCall& call) {
  const std::string* value = defineNamed(call);
  return value != nullptr ? *value : std::string();
}

KemiValue defineNumber(KemiCall& call) {
  const std::string* value = defineNamed(call);
  return value != nullptr ? numberOf(*value).value_or(0) : std::int64_t{0};
}

template <bool Defined>
KemiValue ifDefined(KemiCall& call) {
  return (defineNamed(call) != nullptr) == Defined;
}

KemiValue environment(KemiCall& call) {
  const char* value = std::getenv(std::string(call.strArg(0)).c_str());
  return std::string(value != nullptr ? value : "");
}

KemiValue environmentNumber(KemiCall& call) {
  const char* value = std::getenv(std::string(call.strArg(0)).c_str());
  return value != nullptr ? numberOf(value).value_or(0) : std::int64_t{0};
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};

constexpr std::array kFunctions{
    KemiFunctionDef{"get_ruri", XVal, kNone, &pvGetter<&kRu, Absent::Nil>},
    KemiFunctionDef{"get_ruser", XVal, kNone, &pvGetter<&kRuser, Absent::Nil>},
    KemiFunctionDef{"getw_ruser", XVal, kNone, &pvGetter<&kRuser, Absent::Null>},
    KemiFunctionDef{"gete_ruser", XVal, kNone, &pvGetter<&kRuser, Absent::Empty>},
    KemiFunctionDef{"get_rhost", XVal, kNone, &pvGetter<&kRhost, Absent::Nil>},
    KemiFunctionDef{"getw_rhost", XVal, kNone, &pvGetter<&kRhost, Absent::Null>},
    KemiFunctionDef{"gete_rhost", XVal, kNone, &pvGetter<&kRhost, Absent::Empty>},
    KemiFunctionDef{"get_ouri", XVal, kNone, &pvGetter<&kOu, Absent::Nil>},
    KemiFunctionDef{"get_furi", XVal, kNone, &pvGetter<&kFu, Absent::Nil>},
    KemiFunctionDef{"get_fuser", XVal, kNone, &pvGetter<&kFuser, Absent::Nil>},
    KemiFunctionDef{"getw_fuser", XVal, kNone, &pvGetter<&kFuser, Absent::Null>},
    KemiFunctionDef{"gete_fuser", XVal, kNone, &pvGetter<&kFuser, Absent::Empty>},
    KemiFunctionDef{"get_fhost", XVal, kNone, &pvGetter<&kFhost, Absent::Nil>},
    KemiFunctionDef{"getw_fhost", XVal, kNone, &pvGetter<&kFhost, Absent::Null>},
    KemiFunctionDef{"gete_fhost", XVal, kNone, &pvGetter<&kFhost, Absent::Empty>},
    KemiFunctionDef{"get_turi", XVal, kNone, &pvGetter<&kTu, Absent::Nil>},
    KemiFunctionDef{"get_tuser", XVal, kNone, &pvGetter<&kTuser, Absent::Nil>},
    KemiFunctionDef{"gete_tuser", XVal, kNone, &pvGetter<&kTuser, Absent::Empty>},
    KemiFunctionDef{"getw_tuser", XVal, kNone, &pvGetter<&kTuser, Absent::Null>},
    KemiFunctionDef{"get_thost", XVal, kNone, &pvGetter<&kThost, Absent::Nil>},
    KemiFunctionDef{"gete_thost", XVal, kNone, &pvGetter<&kThost, Absent::Empty>},
    KemiFunctionDef{"getw_thost", XVal, kNone, &pvGetter<&kThost, Absent::Null>},
    KemiFunctionDef{"get_duri", XVal, kNone, &pvGetter<&kDu, Absent::Nil>},
    KemiFunctionDef{"gete_duri", XVal, kNone, &pvGetter<&kDu, Absent::Empty>},
    KemiFunctionDef{"getw_duri", XVal, kNone, &pvGetter<&kDu, Absent::Null>},
    KemiFunctionDef{"get_cturi", XVal, kNone, &contactUri<Absent::Nil>},
    KemiFunctionDef{"gete_cturi", XVal, kNone, &contactUri<Absent::Empty>},
    KemiFunctionDef{"getw_cturi", XVal, kNone, &contactUri<Absent::Null>},
    KemiFunctionDef{"get_nhuri", XVal, kNone, &nextHopUri},
    KemiFunctionDef{"get_srcuri", XVal, kNone, &sourceUri},
    KemiFunctionDef{"get_srcaddr_sock", XVal, kNone, &addressSocket<false>},
    KemiFunctionDef{"get_ua", XVal, kNone, &pvGetter<&kUa, Absent::Nil>},
    KemiFunctionDef{"gete_ua", XVal, kNone, &pvGetter<&kUa, Absent::Empty>},
    KemiFunctionDef{"getw_ua", XVal, kNone, &pvGetter<&kUa, Absent::Null>},
    KemiFunctionDef{"get_srcip", XVal, kNone, &pvGetter<&kSi, Absent::Nil>},
    KemiFunctionDef{"get_srcport", XVal, kNone, &pvNumber<&kSp>},
    KemiFunctionDef{"get_send_sock", XVal, kNone, &nil},
    KemiFunctionDef{"get_send_sock_name", XVal, kNone, &nil},
    KemiFunctionDef{"get_send_sock_port", Int, kNone, &zero},
    KemiFunctionDef{"get_rcvip", XVal, kNone, &pvGetter<&kRi, Absent::Nil>},
    KemiFunctionDef{"get_rcv_sock_name", XVal, kNone, &nil},
    KemiFunctionDef{"get_rcvport", XVal, kNone, &pvNumber<&kRp>},
    KemiFunctionDef{"get_rcvadvip", XVal, kNone, &advertisedIp},
    KemiFunctionDef{"get_rcvadvport", XVal, kNone, &advertisedPort},
    KemiFunctionDef{"get_rcvaddr_sock", XVal, kNone, &addressSocket<true>},
    KemiFunctionDef{"get_proto", XVal, kNone, &proto},
    KemiFunctionDef{"get_protoid", Int, kNone, &protoId},
    KemiFunctionDef{"get_au", XVal, kNone, &authUser<Absent::Nil>},
    KemiFunctionDef{"getw_au", XVal, kNone, &authUser<Absent::Null>},
    KemiFunctionDef{"gete_au", XVal, kNone, &authUser<Absent::Empty>},
    KemiFunctionDef{"get_method", XVal, kNone, &pvGetter<&kRm, Absent::Nil>},
    KemiFunctionDef{"get_status", Int, kNone, &status},
    KemiFunctionDef{"gets_status", XVal, kNone, &statusText},
    KemiFunctionDef{"get_body", XVal, kNone, &body<Absent::Nil>},
    KemiFunctionDef{"getw_body", XVal, kNone, &body<Absent::Null>},
    KemiFunctionDef{"gete_body", XVal, kNone, &body<Absent::Empty>},
    KemiFunctionDef{"get_bodylen", Int, kNone, &bodyLength},
    KemiFunctionDef{"get_timestamp", Int, kNone, &timestamp},
    KemiFunctionDef{"get_callid", XVal, kNone, &pvGetter<&kCi, Absent::Nil>},
    KemiFunctionDef{"get_conid", Int, kNone, &minusOne},
    KemiFunctionDef{"get_msgbuf", XVal, kNone, &pvGetter<&kMb, Absent::Nil>},
    KemiFunctionDef{"get_msglen", Int, kNone, &pvInt<&kMl>},
    KemiFunctionDef{"get_msgtype", Int, kNone, &messageType},
    KemiFunctionDef{"get_def", XVal, kStr, &define},
    KemiFunctionDef{"get_defn", Int, kStr, &defineNumber},
    KemiFunctionDef{"ifdef", Bool, kStr, &ifDefined<true>},
    KemiFunctionDef{"ifndef", Bool, kStr, &ifDefined<false>},
    KemiFunctionDef{"get_env", XVal, kStr, &environment},
    KemiFunctionDef{"get_envn", Int, kStr, &environmentNumber},
};

}  // namespace

std::span<const KemiFunctionDef> kemixFunctions() {
  return kFunctions;
}

}  // namespace kemid::kemix
