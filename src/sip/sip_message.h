#pragma once
// A parsed SIP message (RFC 3261 §7). libosip2 holds the start line and the
// header fields; this class owns that handle and the body bytes as received,
// so a body is relayed byte for byte (libosip2 would re-print multipart
// bodies).
//
// Lifetimes: every std::string_view returned points into the message and
// stays valid until the part it shows is changed or the message destroyed.
// Not thread-safe: one thread at a time handles a message. Its clones may
// be in other threads' hands: what they share (libosip2's parsed fields) is
// only read while shared, and a change makes its own copy first.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message_edits.h"
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

  // A copy that changes independently of this one (a branch's, the
  // transaction's). The parsed fields are shared until either copy changes
  // them (ownFields()): most copies are only read, and copying libosip2's
  // tree costs as much as parsing the message.
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
  // Read back at once by requestUri() and written into the request line
  // when sent. False (and nothing changed) for a reply or a text that is
  // not a URI.
  bool setRequestUri(std::string_view uri);

  std::string callId() const;
  std::uint32_t cseqNumber() const;
  std::string_view cseqMethod() const;

  NameAddrView from() const;
  NameAddrView to() const;
  std::string fromUri() const;
  std::string toUri() const;

  // ---- any header field ----------------------------------------------------
  // Names are case-insensitive and compact forms are understood ("i",
  // "Call-ID"). Values of the fields libosip2 knows come as it prints them
  // (To "sip:a@b" reads "<sip:a@b>"); the others as sent, folding joined. A
  // field given as a comma-separated list counts as one value per element
  // where libosip2 splits it (Via, Contact, Route, Record-Route, Allow,
  // Require, Supported, ...). Content-Length is the length of body(), which
  // wireText() writes.
  std::optional<std::string> header(std::string_view name) const;  // the first value
  std::vector<std::string> headers(std::string_view name) const;   // every value, in order
  // nullopt when absent. parse() refused values outside 0..255.
  std::optional<int> maxForwards() const;
  // Sets Max-Forwards (clamped to 0..255) as Kamailio's maxfwd does: in the
  // text as received, right-aligned in the sender's digits and padded with
  // spaces ("10" becomes " 9"), so reads see it at once. A message without
  // one gets a pending "Max-Forwards: N" before its first field. A value
  // wider than the sender's digits is a pending replacement.
  void setMaxForwards(int value);

  // ---- Via (RFC 3261 §18.2, §16.6 step 8, §16.7 step 3) --------------------
  std::size_t viaCount() const;
  // nullopt when no Via is left, or the top one has an unusable port.
  std::optional<ViaHeader> topVia() const;
  // The Via at `index` (0: the top one), as topVia().
  std::optional<ViaHeader> via(std::size_t index) const;
  // The core's received and rport on the top Via (sip/via.h), made before
  // any edit. An rport the sender wrote gets its value where it stands;
  // what is added (";rport=P" first, then ";received=IP") goes where
  // Kamailio 5.6 puts it: right after the sent-by in the text sent on
  // (wireText), at the end of the Via as header() / headers() read it and
  // as replies made here copy it (RFC 3261 §8.2.6.2). False when there is
  // no Via or edits are pending.
  bool setTopViaSource(std::optional<std::string_view> received,
                       std::optional<std::uint16_t> rport);

  // ---- edits (Kamailio's pending changes, sip/message_edits.h) ------------
  // Header changes are recorded against the text as received and made when
  // the message is sent (wireText()); header(), headers(), topVia() and the
  // others keep reading the message as received until applyChanges(). As in
  // Kamailio, two changes show at once: the Request-URI (setRequestUri) and
  // Max-Forwards (setMaxForwards, edited in place).
  // Each edit returns false, changing nothing, when its text is not
  // acceptable (CR/LF in a value, a second From/To/Call-ID/CSeq,
  // Content-Length, which follows the body, a value libosip2 cannot parse)
  // or when it reaches inside an earlier edit (counted in refusedEdits()).

  // A new field after the last one / before the first one.
  bool appendHeader(std::string_view name, std::string_view value);
  bool insertHeader(std::string_view name, std::string_view value);
  // A new field after / before the first field called `anchor`; without
  // one, after the last / before the first field.
  bool appendHeaderAfter(std::string_view anchor, std::string_view name, std::string_view value);
  bool insertHeaderBefore(std::string_view anchor, std::string_view name, std::string_view value);
  // Removes every field called `name`; returns how many this call removed
  // (a field removed before is not counted again).
  std::size_t removeHeader(std::string_view name);
  // Replaces the value of the first field called `name`, or appends the
  // field when there is none.
  bool replaceHeaderValue(std::string_view name, std::string_view value);
  // The value replaceHeaderValue() will send for `name`, if it was called.
  std::optional<std::string> pendingHeaderValue(std::string_view name) const;
  // Replaces the field `name: value` that insertHeader() recorded with
  // `name: newValue`, or withdraws it when newValue is nullopt (rr's
  // add_rr_param and remove_record_route). False when no such insertion is
  // pending or the new value is not acceptable.
  bool changeInsertedHeader(std::string_view name, std::string_view value,
                            std::optional<std::string_view> newValue);

  // The elements of every field called `name`, in order, as received
  // (comma-separated lists split, each without surrounding white space):
  // "Route: <a>, <b>" and "Route: <c>" give <a>, <b>, <c>.
  std::vector<std::string_view> headerElements(std::string_view name) const;
  // Removes the elements at `positions` (indexes into headerElements(name))
  // from what is sent: a field left with none goes whole, otherwise each
  // element goes with the comma that separates it (RFC 3261 §16.4, §16.12:
  // a proxy removing its own Route entries). False when an edit is refused.
  bool removeHeaderElements(std::string_view name, std::span<const std::size_t> positions);

  // Removes the top Via from what is sent (§16.7 step 3: the proxy's own).
  bool removeTopVia();
  // Sends the Vias of `source` (as it was received) in place of this
  // message's: a stateful proxy answers with the Vias of the request it
  // received (§16.7 steps 3 and 9), whatever the next hop echoed.
  bool replaceViasWith(const SipMessage& source);

  // Changes anywhere in the text as received (offsets into receivedText(),
  // textops' regular-expression edits): inside the head they are header
  // edits like those above, inside the body body edits. An edit reaching
  // across the end of the head is refused. Raw text is not checked: the
  // script is trusted, as in Kamailio.
  bool editText(std::size_t offset, std::size_t length, std::string text);
  // Sends `body` in place of the body (Kamailio's set_body) and, when
  // `contentType` is not empty, one Content-Type field of that value, added
  // after the last field, in place of those received. False, changing
  // nothing, when the body or a Content-Type field was edited before.
  bool replaceBody(std::string body, std::string_view contentType = {});
  // The Content-Length sent follows the body sent: when a body edit changes
  // its size, the received field's value is replaced on output.

  bool hasPendingEdits() const;
  std::size_t refusedEdits() const;
  // Makes the pending edits part of the message, so that reads see them
  // (KSR.textopsx.msg_apply_changes). False, with nothing changed, when the
  // result does not parse.
  bool applyChanges();
  // Takes `text` as the whole message, as if it had been received so
  // (KSR.textopsx.msg_set_buffer); pending edits are dropped. False, with
  // nothing changed, when it does not parse.
  bool replaceText(std::string_view text);

  // ---- body and wire form --------------------------------------------------
  std::string_view body() const { return body_; }
  // Where the body starts in receivedText(): the size of the head.
  std::size_t headSize() const { return head_.size(); }
  // The message as received: the head with the core's received/rport and
  // Max-Forwards changes, then the body ($mb).
  std::string receivedText() const;
  // The message to send: the text as received with every pending edit made,
  // a Content-Length added when the sender left it out, and, when
  // `ownVia` is given, a new top Via with that value (§16.6 step 8).
  std::string wireText(std::string_view ownVia = {}) const;

 private:
  using OsipMessagePtr = std::unique_ptr<osip_message, sip::OsipMessageFree>;
  // Shared by clones; read by any thread holding one of them, changed only
  // through ownFields().
  using SharedFields = std::shared_ptr<osip_message>;
  SipMessage(SharedFields message, std::string head, std::string body, bool shieldedNul);

  // The parsed fields, this message's alone (copied first when a clone
  // shares them), for a change.
  osip_message& ownFields();
  // Text printed by libosip2 with "%00" restored (see parse()).
  std::string unshield(std::string text) const;
  // Whether a new field `name: value` may be added (see the edits above).
  bool acceptableNewField(std::string_view name, std::string_view value) const;
  static bool acceptableField(std::string_view name, std::string_view value);
  bool insertField(std::size_t offset, std::string_view name, std::string_view value);

  SharedFields message_;  // the fields of head_, parsed
  std::string head_;      // start line to the empty line, as received
  std::string body_;
  bool shieldedNul_;  // the head had "%00", libosip2 holds "%2500" instead
  std::optional<std::string> newRequestUri_;
  sip::MessageEdits edits_;      // against head_
  sip::MessageEdits bodyEdits_;  // against body_
};

}  // namespace kemid
