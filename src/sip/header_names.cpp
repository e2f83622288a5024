#include "sip/header_names.h"

#include <array>
#include <utility>

#include "sip/ascii.h"

namespace kemid::sip {

namespace {

constexpr std::array<std::pair<char, std::string_view>, 20> kCompactForms{{
    {'a', "Accept-Contact"},       // RFC 3841
    {'b', "Referred-By"},          // RFC 3892
    {'c', "Content-Type"},         // RFC 3261
    {'d', "Request-Disposition"},  // RFC 3841
    {'e', "Content-Encoding"},     // RFC 3261
    {'f', "From"},                 // RFC 3261
    {'i', "Call-ID"},              // RFC 3261
    {'j', "Reject-Contact"},       // RFC 3841
    {'k', "Supported"},            // RFC 3261
    {'l', "Content-Length"},       // RFC 3261
    {'m', "Contact"},              // RFC 3261
    {'n', "Identity-Info"},        // RFC 4474
    {'o', "Event"},                // RFC 6665
    {'r', "Refer-To"},             // RFC 3515
    {'s', "Subject"},              // RFC 3261
    {'t', "To"},                   // RFC 3261
    {'u', "Allow-Events"},         // RFC 6665
    {'v', "Via"},                  // RFC 3261
    {'x', "Session-Expires"},      // RFC 4028
    {'y', "Identity"},             // RFC 8224
}};

}  // namespace

std::string_view expandCompactName(std::string_view name) {
  if (name.size() != 1) return name;
  char letter = asciiLower(name.front());
  for (const auto& [compact, full] : kCompactForms) {
    if (compact == letter) return full;
  }
  return name;
}

bool sameHeaderName(std::string_view a, std::string_view b) {
  return iequals(expandCompactName(a), expandCompactName(b));
}

}  // namespace kemid::sip
