#pragma once
// What nathelper's keepalive sends to a registered contact and where: the
// choice between a SIP request and a bare UDP datagram, and the SIP request
// as Kamailio 5.6.3 writes it (measured on loopback).

#include <cstdint>
#include <string>
#include <string_view>

#include "usrloc/binding.h"

namespace kemid::nathelper {

// The keepalive a bare UDP ping sends: four zero bytes, as Kamailio.
inline constexpr std::string_view kUdpPing{"\0\0\0\0", 4};

// Which bindings get pinged, and how (the modparams, flags as masks).
struct PingPolicy {
  bool natedOnly = false;         // ping_nated_only
  std::uint32_t natMask = 0;      // usrloc's nat_bflag; 0: not set
  std::uint32_t sipMask = 0;      // sipping_bflag; 0: no SIP pings
  std::uint32_t disableMask = 0;  // natping_disable_bflag; 0: not set
};

enum class PingKind { None, Udp, Sip };

// With ping_nated_only only bindings carrying the NAT flag are pinged; with
// sipping_bflag those carrying it get a SIP request, and without
// ping_nated_only every binding does (Kamailio's documented and measured
// behaviour).
PingKind pingKind(const usrloc::Binding& binding, const PingPolicy& policy);

// The URI whose address the ping goes to: the received address when the
// binding has one, else its contact. The Path is not followed (Kamailio
// sends there too; the request carries it as Route).
std::string_view pingTargetUri(const usrloc::Binding& binding);

// What varies in one SIP ping.
struct SipPing {
  std::string_view method = {};           // sipping_method
  std::string_view uri = {};              // the binding's contact: Request-URI and To
  std::string_view path = {};             // the binding's Path; empty: no Route
  std::string_view viaTransport = "UDP";  // the sending socket's, as a Via writes it
  std::string_view viaHostPort = {};      // the sending socket's address
  std::string_view branch = {};           // without the z9hG4bK prefix
  std::string_view from = {};             // sipping_from
  std::string_view fromTag = {};
  std::string_view callId = {};
};

// The request's wire text: Via, Route, From, To, Call-ID, CSeq 1,
// Content-Length, in Kamailio's order, nothing else.
std::string buildSipPing(const SipPing& ping);

}  // namespace kemid::nathelper
