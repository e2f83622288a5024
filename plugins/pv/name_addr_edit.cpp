#include "name_addr_edit.h"

#include <optional>
#include <string>

#include "sip/ascii.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"

namespace kemid::pv {

namespace {

// name-addr / addr-spec of RFC 3261 §20.10 split into its parts, as written.
struct NameAddrText {
  std::string displayName;
  std::string uri;
  std::string params;  // ";tag=..." and the rest, as written
};

std::optional<NameAddrText> split(std::string_view value) {
  // The '<' that opens the URI, skipping a quoted display name.
  bool quoted = false;
  std::size_t open = std::string_view::npos;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      open = i;
      break;
    }
  }
  NameAddrText out;
  if (open == std::string_view::npos) {
    // addr-spec: parameters after the URI belong to the header field.
    const std::size_t semi = value.find(';');
    out.uri = std::string(sip::trimLws(value.substr(0, semi)));
    if (semi != std::string_view::npos) out.params = std::string(value.substr(semi));
    return out;
  }
  const std::size_t close = value.find('>', open);
  if (close == std::string_view::npos) return std::nullopt;
  out.displayName = std::string(sip::trimLws(value.substr(0, open)));
  out.uri = std::string(value.substr(open + 1, close - open - 1));
  out.params = std::string(sip::trimLws(value.substr(close + 1)));
  return out;
}

}  // namespace

bool editNameAddr(SipMessage& message, std::string_view header, NameAddrPart part,
                  std::string_view text) {
  // Reads show the From/To as received; successive writes build on each
  // other, as Kamailio's buffer patches do.
  std::optional<std::string> original = message.pendingHeaderValue(header);
  if (!original) original = message.header(header);
  if (!original) return false;
  auto parts = split(*original);
  if (!parts) return false;

  switch (part) {
    case NameAddrPart::Uri:
      if (!SipUri::parse(text)) return false;
      parts->uri = std::string(text);
      break;
    case NameAddrPart::User:
    case NameAddrPart::Host: {
      auto uri = SipUri::parse(parts->uri);
      if (!uri || (uri->scheme != "sip" && uri->scheme != "sips")) return false;
      if (part == NameAddrPart::User) {
        uri->user = std::string(text);
        if (uri->user.empty()) uri->password.clear();
      } else {
        if (text.empty()) return false;
        std::string host(text);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
          host = host.substr(1, host.size() - 2);
        }
        uri->host = std::move(host);
      }
      parts->uri = uri->toString();
      break;
    }
    case NameAddrPart::DisplayName:
      // Taken as written, quotes included (Kamailio adds none either).
      if (text.find_first_of("\r\n<") != std::string_view::npos) return false;
      parts->displayName = std::string(sip::trimLws(text));
      break;
  }

  std::string value;
  if (!parts->displayName.empty()) value = parts->displayName + " ";
  value += "<" + parts->uri + ">" + parts->params;
  return message.replaceHeaderValue(header, value);
}

}  // namespace kemid::pv
