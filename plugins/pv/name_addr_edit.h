#pragma once
// Changing the From or To header field of a message ($fu $fU $fd $fn and
// the To counterparts): the field is rewritten as
// [display-name] <URI>;params, its parameters (the tag) kept.

#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::pv {

enum class NameAddrPart { Uri, User, Host, DisplayName };

// Sets `part` of the field `header` ("From" or "To") to `text`; an empty
// user or display name removes it. False (and nothing changed) when the
// field is missing or unparsable, or the result is not a valid URI.
bool editNameAddr(SipMessage& message, std::string_view header, NameAddrPart part,
                  std::string_view text);

}  // namespace kemid::pv
