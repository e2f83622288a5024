#pragma once
// contact_param_encode/decode/decode_ruri/rm: a Contact URI carried inside
// a parameter of another URI (base64url, RFC 4648 §5, unpadded), so that a
// proxy can put its own address in Contact and find the original again in
// the R-URI of requests coming back.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kemid {
class SipMessage;
}

namespace kemid::siputils {

std::string base64UrlEncode(std::string_view data);
// nullopt for a character outside the base64url alphabet.
std::optional<std::string> base64UrlDecode(std::string_view text);

// `value` (one Contact field as received, possibly a list) with the URI of
// every contact replaced by rewrite(uri) where that is not nullopt; the
// display names and header parameters are kept. nullopt when nothing
// changed. A contact without <> ends its URI at the first ';' (RFC 3261
// §20.10: the parameters are the header's).
std::optional<std::string> rewriteContactUris(
    std::string_view value,
    const std::function<std::optional<std::string>(std::string_view)>& rewrite);

// rewrite() over every Contact field, as pending edits of `message`
// (each Contact field in place when there is one, else all of them after
// the last header). False when an edit was refused.
bool rewriteContacts(SipMessage& message,
                     const std::function<std::optional<std::string>(std::string_view)>& rewrite);

}  // namespace kemid::siputils
