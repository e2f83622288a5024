#pragma once
// A parsed SIP message (RFC 3261 §7). libosip2 holds the start line and the
// header fields; this class owns that handle and the body bytes as received,
// so a body is relayed byte for byte (libosip2 would re-print multipart
// bodies).
//
// Lifetimes: every std::string_view returned points into the message and
// stays valid until the part it shows is changed or the message destroyed.
// Not thread-safe, not even const calls (libosip2 caches printed text): one
// thread at a time handles a message.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/via_header.h"

struct osip_message;

namespace kemid {

namespace sip {
struct OsipMessageFree {
  void operator()(osip_message* message) const;
};
}  // namespace sip

// The From or To header field. Empty views for absent parts.
struct NameAddrView {
  std::string_view displayName;  // as written, quotes included
  std::string_view scheme;
  std::string_view user;  // unescaped, as SipUri::user
  std::string_view host;  // IPv6 without brackets
  std::optional<std::uint16_t> port;
  std::string_view tag;
};

class SipMessage {
 public:
  // Parses one datagram. Returns null and sets `error` to what is wrong when
  // libosip2 refuses it or it lacks what every message needs (RFC 3261
  // §8.1.1: Via, From, To, Call-ID, CSeq; a Request-URI for requests), or
  // when kemid's stricter checks fail: SIP version other than SIP/2.0, status
  // code outside 100..699, CSeq number not a 32-bit unsigned integer, CSeq
  // method differing from the request method, Max-Forwards not an integer in
  // 0..255 (RFC 3261 §20.22), a Content-Length that is not a number, given
  // twice, or larger than the bytes received (RFC 3261 §18.3; a smaller one
  // cuts the body, the rest of the datagram is ignored).
  // Max-Forwards is not required: a proxy adds it (RFC 3261 §16.6 step 3).
  // A NUL byte in the header section is accepted only as a quoted-pair
  // ("\" NUL, RFC 3261 §25.1) and read as a space: libosip2 works on C
  // strings. An escaped NUL ("%00") in a URI is kept: a user part reads
  // "null-%00-null" rather than being cut at the NUL.
  static std::unique_ptr<SipMessage> parse(std::string_view datagram, std::string& error);

  // A deep copy (for forking: each branch changes its own copy).
  std::unique_ptr<SipMessage> clone() const;

  ~SipMessage();
  SipMessage(const SipMessage&) = delete;
  SipMessage& operator=(const SipMessage&) = delete;

  // ---- start line and the fields every message has ------------------------
  bool isRequest() const;
  std::string_view method() const;  // request method; for replies the CSeq method
  int statusCode() const;           // 0 for requests
  std::string_view reason() const;  // "" for requests
  std::string requestUri() const;   // "" for replies
  // False (and nothing changed) for a reply or a text that is not a URI.
  bool setRequestUri(std::string_view uri);

  std::string callId() const;
  std::uint32_t cseqNumber() const;
  std::string_view cseqMethod() const;

  NameAddrView from() const;
  NameAddrView to() const;
  std::string fromUri() const;
  std::string toUri() const;
  // Sets (or replaces) the To tag. False when the message has no To.
  bool setToTag(std::string_view tag);

  // ---- any header field ----------------------------------------------------
  // Names are case-insensitive and compact forms are understood ("i",
  // "Call-ID"). Values of the fields libosip2 knows come as it prints them
  // (To "sip:a@b" reads "<sip:a@b>"); the others as sent, folding joined. A
  // field given as a comma-separated list counts as one value per element
  // where libosip2 splits it (Via, Contact, Route, Record-Route, Allow,
  // Require, Supported, ...). Content-Length is the length of body(), which
  // serialize() writes.
  std::optional<std::string> header(std::string_view name) const;  // the first value
  std::vector<std::string> headers(std::string_view name) const;   // every value, in order
  // Appends the field (a Via below the others: pushVia() puts one on top).
  // False when the name or value is not acceptable (CR/LF, a second
  // From/To/Call-ID/CSeq, Content-Length, which follows the body) or
  // libosip2 cannot parse the value; the elements of a comma-separated list
  // before the bad one stay added.
  bool addHeader(std::string_view name, std::string_view value);
  // Removes every value of the field; returns how many were removed.
  std::size_t removeHeader(std::string_view name);

  // nullopt when absent. parse() refused values outside 0..255; a value
  // added later through addHeader() that is not such a number reads as
  // nullopt too.
  std::optional<int> maxForwards() const;
  // Replaces the first Max-Forwards (or adds one), clamped to 0..255.
  void setMaxForwards(int value);

  // ---- Via (RFC 3261 §18.2, §16.6 step 8, §16.7 step 3) --------------------
  std::size_t viaCount() const;
  // nullopt when no Via is left, or the top one has an unusable port.
  std::optional<ViaHeader> topVia() const;
  bool removeTopVia();
  // Replaces every Via with copies of `source`'s, in order. A stateful proxy
  // answers with the Vias of the request it received (§16.7 step 3 and 9),
  // whatever the next hop echoed. False (nothing changed) when a Via cannot
  // be copied.
  bool replaceViasWith(const SipMessage& source);
  // Inserts a new top Via; false when the text is not a Via value.
  bool pushVia(std::string_view text);
  bool pushVia(const ViaHeader& via);
  // Sets a parameter of the top Via in place, so the sender's parameter
  // order is kept (received/rport: sip/via.h). False when there is no Via.
  bool setTopViaParam(std::string_view name, std::optional<std::string_view> value);

  // ---- body and wire form --------------------------------------------------
  std::string_view body() const { return body_; }
  // The message as sent: header fields as libosip2 prints them (canonical
  // names and order for the fields it knows, then the others with the
  // sender's spelling, first letter uppercased), Content-Length set to the
  // body's length, then the body unchanged.
  // Empty when libosip2 cannot print a field it accepted (seen only for
  // malformed input, e.g. "Accept: a/b;p"): the caller drops the message.
  // Likewise libosip2 tolerates some garbage (a parameter without a name)
  // that it prints in a form a parser may refuse; such input is relayed
  // as libosip2 prints it.
  std::string serialize() const;

 private:
  using OsipMessagePtr = std::unique_ptr<osip_message, sip::OsipMessageFree>;
  SipMessage(OsipMessagePtr message, std::string body, bool shieldedNul);

  void changed();  // after any edit: libosip2 must print again
  // Text printed by libosip2 with "%00" restored (see parse()).
  std::string unshield(std::string text) const;

  OsipMessagePtr message_;
  std::string body_;
  bool shieldedNul_;  // the head had "%00", libosip2 holds "%2500" instead
};

}  // namespace kemid
