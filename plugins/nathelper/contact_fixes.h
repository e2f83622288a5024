#pragma once
// The Contact and Request-URI fixes: the source address written into the
// Contact (fix_nated_contact), carried in an ";alias=ip~port~proto" URI
// parameter (set_contact_alias, add_contact_alias) and turned back into the
// next hop of requests sent to that URI (handle_ruri_alias), or given as a
// ";received=" parameter (add_rcv_param, fix_nated_register).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kemid {
class SipMessage;
struct ReceiveInfo;
struct MessageContext;
}  // namespace kemid

namespace kemid::nathelper {

// Where a request came from, as the fixes write it.
struct SourceAddress {
  std::string ip;  // IPv6 without brackets
  std::uint16_t port = 0;
  int proto = 1;  // Kamailio's protocol numbers: 1 udp, 2 tcp, 3 tls, 4 sctp, 5 ws, 6 wss

  static SourceAddress of(const ReceiveInfo& received);
};

// "ip~port~proto", the value of the alias parameter.
std::string aliasValue(const SourceAddress& source);
// "sip:ip:port", with ";transport=name" when the protocol is not UDP or
// `alwaysTransport`: the URI of a received parameter or of an alias.
std::string sourceUri(const SourceAddress& source, bool alwaysTransport);
// The address add_contact_alias_addr is given ("192.0.2.7", "5099",
// "tcp"); nullopt when the port or protocol name is not one.
std::optional<SourceAddress> sourceFromParts(std::string_view ip, std::string_view port,
                                             std::string_view proto);
// The source an alias value names; nullopt when it is not "ip~port~proto".
std::optional<SourceAddress> parseAlias(std::string_view value);

// What a fix did, in Kamailio's terms.
enum class FixOutcome {
  Done,       // 1
  Unchanged,  // 2: nothing to do (no alias in the Request-URI)
  Failed,     // -1: no Contact, not a URI, or the edit was refused
};

// fix_nated_contact: the host and port of the first Contact become the
// source's.
FixOutcome fixNatedContact(SipMessage& message, const SourceAddress& source);
// set_contact_alias / set_contact_alias_trim / add_contact_alias: the alias
// of `alias` added at the end of the first Contact's URI (inside <>, which
// are added when missing). `trim`: an alias the URI already has goes first.
// Added even when the URI already names `alias`, as Kamailio 5.6 does.
FixOutcome addContactAlias(SipMessage& message, const SourceAddress& alias, bool trim);
// add_rcv_param: ;received="sip:ip:port" after each contact of the first
// Contact field, or (`inUri`) ;received=sip:ip:port inside each URI.
FixOutcome addReceivedParam(SipMessage& message, const SourceAddress& source, bool inUri);

// handle_ruri_alias: an alias parameter in the Request-URI becomes the next
// hop ($du) and leaves the URI. Unchanged when there is none.
FixOutcome handleRuriAlias(MessageContext& ctx);

// The alias of the first Contact as a URI ("sip:ip:port;transport=udp"), for
// set_alias_to_pv; nullopt when there is none.
std::optional<std::string> contactAliasUri(const SipMessage& message);

}  // namespace kemid::nathelper
