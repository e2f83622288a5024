#pragma once
// Replies built by kemid itself (sl's stateless replies, tm's 100 Trying and
// local replies), per RFC 3261 §8.2.6: written straight as text from the
// request's header fields, no libosip2 message in between.

#include <string>
#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::sip {

struct ReplyOptions {
  // The To tag added when the request's To has none and the code is above
  // 100 (§8.2.6.2). Empty: stableToTag(request).
  std::string_view toTag = {};
  // Header lines appended after CSeq, each ending in CRLF, as collected by
  // Kamailio's append_to_reply(); a missing final CRLF is added.
  std::string_view extraHeaders = {};
  // The configured server line, e.g. "Server: kemid"; empty: none.
  std::string_view serverHeader = {};
  // The body (textops' set_reply_body; its Content-Type is among
  // extraHeaders).
  std::string_view body = {};
};

// The wire text of a reply to `request`: status line; every Via in order;
// Record-Route for 180..299 (§12.1.1: a UAS copies it into dialog-creating
// responses); From; To (plus tag, see above); Call-ID; CSeq; Timestamp for
// 100 (§8.2.6.1); the extra headers; the server line; Content-Length and
// the body (none: 0).
// An empty reason takes the RFC 3261 phrase for the code.
// Throws std::invalid_argument for a code outside 100..699 or a reason
// containing CR or LF (both come from configuration or a script).
std::string buildReply(const SipMessage& request, int code, std::string_view reason,
                       const ReplyOptions& options = {});

// The To tag of a reply to `request`, as Kamailio's sl: the same for every
// retransmission of the request (so it gets an identical reply) and for its
// CANCEL, different for another request. A per-process prefix, '-', and a
// hash of Call-ID, From tag, CSeq number and top Via branch.
std::string stableToTag(const SipMessage& request);

}  // namespace kemid::sip
