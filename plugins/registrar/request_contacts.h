#pragma once
// The Contact header fields of a REGISTER (RFC 3261 §10.2.1, §20.10), read
// as registrar needs them: each contact's URI and the parameters that change
// what is stored (expires, q, methods, +sip.instance, reg-id), or "*".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kemid {
class SipMessage;
}

namespace kemid::registrar {

struct RequestContact {
  std::string uri;
  std::optional<std::int64_t> expires;  // the expires parameter, when a number
  int q = -1;                           // thousandths; -1 when not given
  std::optional<std::string> methods;   // the methods parameter, unquoted
  std::string instance;                 // +sip.instance as written
  std::uint32_t regId = 0;
};

// The REGISTER's contacts: none (a query), "*" alone, or a list.
struct StarContact {};
using RequestContacts = std::variant<std::vector<RequestContact>, StarContact>;

// What is wrong with the Contact fields, as registrar answers it.
enum class ContactError { Parse, InvalidQ, StarWithOthers };

// Reads every Contact field of `message` (compact form "m" included).
std::variant<RequestContacts, ContactError> readContacts(const SipMessage& message);

// One contact element ("<sip:a@b>;q=0.5" or "sip:a@b;expires=5"); nullopt
// when its q is not a q-value or it has no URI.
std::optional<RequestContact> parseContact(std::string_view element, bool& badQ);

// "0.5" -> 500, "1" -> 1000 (RFC 3261 §25.1 qvalue); nullopt otherwise.
std::optional<int> parseQ(std::string_view text);
// 500 -> "0.5", 1000 -> "1", 0 -> "0", as Kamailio prints q.
std::string formatQ(int q);

// The method bit of `method` in a contact's methods mask (Kamailio's
// METHOD_* values); 0 for a method without one.
std::uint32_t methodBit(std::string_view method);
// The mask of a comma-separated method list (Allow, methods=).
std::uint32_t methodMask(std::string_view list);

}  // namespace kemid::registrar
