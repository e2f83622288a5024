#pragma once
// The parts of a multipart body (RFC 2046 §5.1), as Kamailio 5.6's textops
// finds them: a part is chosen by the media type of its Content-Type line
// (case-insensitive, parameters ignored), the first that matches.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "text_operations.h"

namespace kemid {
class SipMessage;
}

namespace kemid::textops {

// Offsets into the body of one part.
struct BodyPart {
  std::size_t delimiterStart = 0;    // its "--boundary" line
  std::size_t typeLineStart = 0;     // its Content-Type line
  std::size_t typeLineEnd = 0;       // after that line's CRLF
  std::size_t contentEnd = 0;        // after the CRLF before the next delimiter
  std::size_t nextDelimiterEnd = 0;  // after the next delimiter line (and its CRLF)
};

// The boundary parameter of the message's multipart Content-Type, unquoted;
// nullopt when the body is not multipart.
std::optional<std::string> multipartBoundary(const SipMessage& message);

std::optional<BodyPart> findBodyPart(std::string_view body, std::string_view boundary,
                                     std::string_view type);

// get_body_part: the part after its Content-Type line up to the next
// delimiter (its other header lines included, as Kamailio 5.6 gives it);
// get_body_part_raw (`raw`): from the Content-Type line through the next
// delimiter line. A body that is not multipart is one part of the
// message's Content-Type, given whole. nullopt when no part has that type.
std::optional<std::string> bodyPartText(const SipMessage& message, std::string_view type, bool raw);

// remove_body_part: the first part of that type, delimiter line included.
EditOutcome removeBodyPart(SipMessage& message, std::string_view type);

// append_body_part*: a part with `content` (its Content-Type line, then
// Content-Disposition when `disposition` is not empty) before the closing
// delimiter. NotFound when the body is not multipart or has no closing
// delimiter.
EditOutcome appendBodyPart(SipMessage& message, std::string_view content, std::string_view type,
                           std::string_view disposition);

// set_body_multipart*: the boundary when none is given.
inline constexpr std::string_view kDefaultBoundary = "unique-boundary-1";

// set_body_multipart(txt, ctype, boundary) and _content: the body becomes
// one part holding `content` of type `type`, then a delimiter line (no
// closing "--", as Kamailio 5.6 sends it); the Content-Type becomes
// multipart/mixed with the boundary quoted, and "Mime-Version: 1.0" is
// added.
EditOutcome setMultipartBody(SipMessage& message, std::string_view content, std::string_view type,
                             std::string_view boundary);
// set_body_multipart_boundary and _mode: the same around the body there
// is, of the message's Content-Type. NotFound without a body; a body that
// is multipart already stays as it is (Done).
EditOutcome convertToMultipart(SipMessage& message, std::string_view boundary);

// append_body_part_hex*: pairs of hex digits, spaces between them
// ignored; nullopt for anything else.
std::optional<std::string> decodeHexContent(std::string_view hex);

}  // namespace kemid::textops
