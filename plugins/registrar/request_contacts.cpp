#include "request_contacts.h"

#include <array>
#include <charconv>
#include <utility>

#include "sip/ascii.h"
#include "sip/header_spans.h"
#include "sip/sip_message.h"

namespace kemid::registrar {

namespace {

std::string_view trim(std::string_view text) {
  return sip::trimLws(text);
}

std::string_view unquote(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return sip::iequals(a, b);
}

// Splits ";a=1;b" (header parameters) into name/value pairs; a quoted value
// may hold ';'.
std::vector<std::pair<std::string_view, std::string_view>> headerParams(std::string_view text) {
  std::vector<std::pair<std::string_view, std::string_view>> params;
  while (!text.empty()) {
    if (text.front() != ';') {
      text.remove_prefix(1);
      continue;
    }
    text.remove_prefix(1);
    std::size_t end = 0;
    bool quoted = false;
    while (end < text.size() && (quoted || text[end] != ';')) {
      if (text[end] == '"') quoted = !quoted;
      ++end;
    }
    std::string_view param = text.substr(0, end);
    text.remove_prefix(end);
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) {
      params.emplace_back(trim(param), std::string_view{});
    } else {
      params.emplace_back(trim(param.substr(0, eq)), trim(param.substr(eq + 1)));
    }
  }
  return params;
}

// Kamailio's METHOD_* bits.
constexpr std::array<std::pair<std::string_view, std::uint32_t>, 14> kMethodBits{{
    {"INVITE", 1u << 0},
    {"CANCEL", 1u << 1},
    {"ACK", 1u << 2},
    {"BYE", 1u << 3},
    {"INFO", 1u << 4},
    {"REGISTER", 1u << 5},
    {"SUBSCRIBE", 1u << 6},
    {"NOTIFY", 1u << 7},
    {"MESSAGE", 1u << 8},
    {"OPTIONS", 1u << 9},
    {"PRACK", 1u << 10},
    {"UPDATE", 1u << 11},
    {"REFER", 1u << 12},
    {"PUBLISH", 1u << 13},
}};

}  // namespace

std::optional<int> parseQ(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  const char lead = text.front();
  if (lead != '0' && lead != '1') return std::nullopt;
  int q = (lead - '0') * 1000;
  text.remove_prefix(1);
  if (text.empty()) return q;
  if (text.front() != '.' || text.size() > 4) return std::nullopt;
  text.remove_prefix(1);
  int scale = 100;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    q += (c - '0') * scale;
    scale /= 10;
  }
  if (q > 1000) return std::nullopt;
  return q;
}

std::string formatQ(int q) {
  if (q >= 1000) return "1";
  if (q <= 0) return "0";
  std::string digits = std::to_string(1000 + q).substr(1);  // "500"
  while (digits.back() == '0') digits.pop_back();
  return "0." + digits;
}

std::uint32_t methodBit(std::string_view method) {
  for (const auto& [name, bit] : kMethodBits) {
    if (equalsIgnoreCase(name, method)) return bit;
  }
  return 0;
}

std::uint32_t methodMask(std::string_view list) {
  std::uint32_t mask = 0;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    mask |= methodBit(trim(list.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return mask;
}

std::optional<RequestContact> parseContact(std::string_view element, bool& badQ) {
  element = trim(element);
  RequestContact contact;
  std::string_view params;
  if (const std::size_t open = element.find('<'); open != std::string_view::npos) {
    const std::size_t close = element.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    contact.uri = std::string(element.substr(open + 1, close - open - 1));
    params = element.substr(close + 1);
  } else {
    // Without angle brackets, parameters belong to the field (§20.10).
    const std::size_t semi = element.find(';');
    contact.uri = std::string(trim(element.substr(0, semi)));
    if (semi != std::string_view::npos) params = element.substr(semi);
  }
  if (contact.uri.empty()) return std::nullopt;
  for (const auto& [name, value] : headerParams(params)) {
    if (equalsIgnoreCase(name, "expires")) {
      std::int64_t seconds = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec == std::errc{} && end == value.data() + value.size() && seconds >= 0) {
        contact.expires = seconds;
      }
    } else if (equalsIgnoreCase(name, "q")) {
      auto q = parseQ(value);
      if (!q) {
        badQ = true;
        return std::nullopt;
      }
      contact.q = *q;
    } else if (equalsIgnoreCase(name, "methods")) {
      contact.methods = std::string(unquote(value));
    } else if (equalsIgnoreCase(name, "+sip.instance")) {
      contact.instance = std::string(value);
    } else if (equalsIgnoreCase(name, "reg-id")) {
      std::from_chars(value.data(), value.data() + value.size(), contact.regId);
    }
  }
  return contact;
}

std::variant<RequestContacts, ContactError> readContacts(const SipMessage& message) {
  // A field starting with "*" stands for all bindings, whatever follows it
  // in that field (Kamailio reads "*, <uri>" so); other fields with it are
  // an error.
  const std::string text = message.receivedText();
  const std::string_view head = std::string_view(text).substr(0, message.headSize());
  bool star = false;
  std::size_t otherFields = 0;
  for (const sip::FieldSpans& field : sip::findFields(head, "Contact")) {
    if (head.substr(field.value.offset, field.value.length).starts_with('*')) {
      star = true;
    } else {
      ++otherFields;
    }
  }
  if (star) {
    if (otherFields > 0) return ContactError::StarWithOthers;
    return RequestContacts{StarContact{}};
  }
  // Fields in order, the contacts of one field last first: the order
  // Kamailio 5.6 saves them in (measured), which decides their order among
  // bindings of equal q.
  std::vector<RequestContact> contacts;
  for (const sip::FieldSpans& field : sip::findFields(head, "Contact")) {
    const std::vector<sip::Span> elements = sip::listElements(head, field.value);
    for (auto at = elements.rbegin(); at != elements.rend(); ++at) {
      const std::string_view element = head.substr(at->offset, at->length);
      if (trim(element) == "*") return ContactError::StarWithOthers;
      bool badQ = false;
      auto contact = parseContact(element, badQ);
      if (!contact) return badQ ? ContactError::InvalidQ : ContactError::Parse;
      contacts.push_back(std::move(*contact));
    }
  }
  return RequestContacts{std::move(contacts)};
}

}  // namespace kemid::registrar
