#pragma once
// The 400 answer to a request that did not parse (RFC 3261 §8.2, §16.3: a
// malformed request is refused, not relayed).

#include <optional>
#include <string>
#include <string_view>

namespace kemid::sip {

// A "400 Bad Request" for `datagram`, built from its raw header fields, when
// it is a request (not an ACK, which is never answered) that has what a
// reply needs: Via, From, To, Call-ID and CSeq, each once (Via any number
// of times). nullopt otherwise: the datagram is then dropped. `why` goes
// into a Warning header (RFC 3261 §20.43, code 399) so the sender learns
// what was wrong; `serverHeader` is the configured Server line or empty.
std::optional<std::string> buildBadRequestReply(std::string_view datagram, std::string_view why,
                                                std::string_view serverHeader);

}  // namespace kemid::sip
