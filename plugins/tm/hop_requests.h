#pragma once
// The requests tm makes itself on a branch, built as text from the request
// it sent there, so they carry exactly its Request-URI, Via (ours, with the
// branch's branch parameter), From, Call-ID, CSeq number and Route set.

#include <string>
#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::tm {

// A CANCEL for the sent INVITE (RFC 3261 §9.1): same Request-URI, top Via,
// From, To, Call-ID, CSeq number and Route; `extraHeaders` (Reason, each
// line ending in CRLF) added; no body.
std::string buildCancel(std::string_view sentRequest, std::string_view extraHeaders);

// The ACK for a negative final reply to the sent INVITE (§17.1.1.3): as the
// CANCEL, with the reply's To (and its tag).
std::string buildNegativeAck(std::string_view sentRequest, const SipMessage& reply);

}  // namespace kemid::tm
