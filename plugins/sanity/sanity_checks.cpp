#include "sanity_checks.h"

#include <algorithm>

#include "sip/ascii.h"
#include "sip/header_names.h"
#include "sip/raw_scan.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"

namespace kemid::sanity {

namespace {

using Result = std::optional<SanityFailure>;

// The header fields as received: Kamailio checks what was sent, and
// libosip2's parsed fields lose some of it (a credential with an empty
// username, a second tag, a scheme other than Digest).
class ReceivedHeaders {
 public:
  explicit ReceivedHeaders(const SipMessage& message) : text_(message.receivedText()) {}

  // Every value of the fields called `name` (compact forms understood).
  std::vector<std::string_view> values(std::string_view name) const {
    std::vector<std::string_view> found;
    sip::RawHeaderScanner scanner(text_);
    while (auto header = scanner.next()) {
      if (sip::sameHeaderName(header->name, name)) found.push_back(header->value);
    }
    return found;
  }

  std::optional<std::string_view> first(std::string_view name) const {
    auto found = values(name);
    if (found.empty()) return std::nullopt;
    return found.front();
  }

 private:
  std::string text_;
};

SanityFailure badRequest(std::string_view reason) {
  return SanityFailure{.code = 400, .reason = std::string(reason), .headers = {}};
}

constexpr std::uint64_t kMaxCseq = 0xffffffffULL;  // RFC 3261 §8.1.1.5: 32 bits

// Kamailio's URI parser knows these schemes; sip and sips need a host.
bool parsableUri(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view scheme = text.substr(0, colon);
  if (sip::iequals(scheme, "tel") || sip::iequals(scheme, "tels") || sip::iequals(scheme, "urn")) {
    return colon + 1 < text.size();
  }
  if (!sip::iequals(scheme, "sip") && !sip::iequals(scheme, "sips")) return false;
  return SipUri::parse(text).has_value();
}

// The URI of a name-addr or addr-spec header value ("Bob <sip:b@h>;x").
std::string_view uriOf(std::string_view value) {
  value = sip::trimLws(value);
  if (auto open = value.find('<'); open != std::string_view::npos) {
    auto close = value.find('>', open);
    if (close == std::string_view::npos) return {};
    return value.substr(open + 1, close - open - 1);
  }
  return value.substr(0, value.find(';'));
}

std::size_t countTags(std::string_view value) {
  // Parameters follow the URI (after '>' for a name-addr).
  if (auto close = value.find('>'); close != std::string_view::npos) value.remove_prefix(close);
  std::size_t count = 0;
  for (std::size_t at = value.find(';'); at != std::string_view::npos;
       at = value.find(';', at + 1)) {
    std::string_view param = sip::trimLws(value.substr(at + 1));
    if (sip::istartsWith(param, "tag") && sip::trimLws(param.substr(3)).starts_with('=')) {
      ++count;
    }
  }
  return count;
}

// One "name=value" of Digest credentials (RFC 2617 §3.2.2), quotes removed.
struct CredentialParam {
  std::string_view name;
  std::string_view value;
};

std::vector<CredentialParam> credentialParams(std::string_view list) {
  std::vector<CredentialParam> params;
  while (!list.empty()) {
    const auto equals = list.find('=');
    if (equals == std::string_view::npos) break;
    CredentialParam param{sip::trimLws(list.substr(0, equals)), {}};
    list = sip::trimLws(list.substr(equals + 1));
    if (list.starts_with('"')) {
      const auto close = list.find('"', 1);
      if (close == std::string_view::npos) break;
      param.value = list.substr(1, close - 1);
      list.remove_prefix(close + 1);
    } else {
      const auto comma = list.find(',');
      param.value = sip::trimLws(list.substr(0, comma));
      list.remove_prefix(comma == std::string_view::npos ? list.size() : comma);
    }
    params.push_back(param);
    const auto comma = list.find(',');
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return params;
}

// Digest credentials in Authorization and Proxy-Authorization. Other schemes
// fail silently for check 2048 and pass for 8192, as Kamailio.
Result checkCredentials(const ReceivedHeaders& headers, bool otherSchemesFail) {
  for (std::string_view name : {"Authorization", "Proxy-Authorization"}) {
    for (std::string_view value : headers.values(name)) {
      std::string_view text = sip::trimLws(value);
      const auto space = text.find_first_of(" \t");
      if (!sip::iequals(text.substr(0, space), "Digest")) {
        if (otherSchemesFail) return SanityFailure{};
        continue;
      }
      const auto params = credentialParams(
          space == std::string_view::npos ? std::string_view{} : text.substr(space + 1));
      auto find = [&](std::string_view wanted) -> const CredentialParam* {
        for (const auto& param : params) {
          if (sip::iequals(param.name, wanted)) return &param;
        }
        return nullptr;
      };
      const CredentialParam* user = find("username");
      const CredentialParam* nonce = find("nonce");
      const CredentialParam* response = find("response");
      if (user == nullptr || nonce == nullptr || response == nullptr || find("realm") == nullptr ||
          find("uri") == nullptr) {
        return badRequest("Bad Auth Credentials");
      }
      if (user->value.empty()) return badRequest("Auth Empty User");
      if (nonce->value.empty()) return badRequest("Auth Empty Nonce");
      if (response->value.empty()) return badRequest("Auth Empty Response");
    }
  }
  return std::nullopt;
}

Result checkRuriScheme(const SipMessage& message) {
  // Kamailio answers 416 only for a scheme its parser reads but does not
  // route; every scheme it reads is routable, so a foreign one fails to
  // parse and gets 400.
  return parsableUri(message.requestUri()) ? Result{} : badRequest("Bad Request URI");
}

Result checkRequiredHeaders(const ReceivedHeaders& headers) {
  for (std::string_view name : {"To", "From", "CSeq", "Call-ID", "Via"}) {
    if (!headers.first(name)) return SanityFailure{};  // nothing to build a reply from
  }
  return std::nullopt;
}

Result checkCseqMethod(const SipMessage& message) {
  return message.cseqMethod() == message.method()
             ? Result{}
             : badRequest("CSeq method does not match request method");
}

Result checkCseqValue(const ReceivedHeaders& headers) {
  const std::string_view text = headers.first("CSeq").value_or("");
  const std::string_view number = text.substr(0, text.find_first_of(" \t"));
  if (number.empty()) return badRequest("Missing number in CSeq header");
  return sip::parseDigits(number, kMaxCseq) ? Result{} : badRequest("CSeq number is illegal");
}

Result checkContentLength(const SipMessage& message, const ReceivedHeaders& headers) {
  auto header = headers.first("Content-Length");
  if (!header) return std::nullopt;  // optional over UDP (RFC 3261 §20.14)
  auto length = sip::parseDigits(sip::trimLws(*header), UINT64_MAX);
  return length && *length == message.body().size() ? Result{}
                                                    : badRequest("Content-Length mis-match");
}

Result checkExpires(const ReceivedHeaders& headers) {
  auto header = headers.first("Expires");
  if (!header) return std::nullopt;
  const std::string_view value = sip::trimLws(*header);
  if (value.empty()) return badRequest("Bad Expires Header");
  // Kamailio takes any run of digits (it caps large values).
  const bool digits =
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? Result{} : badRequest("Expires value is illegal");
}

Result checkProxyRequire(const ReceivedHeaders& headers,
                         const std::vector<std::string>& supported) {
  for (std::string_view value : headers.values("Proxy-Require")) {
    for (const std::string& tag : parseOptionTags(value)) {
      const bool known = std::any_of(supported.begin(), supported.end(),
                                     [&](const std::string& s) { return sip::iequals(s, tag); });
      if (!known) {
        return SanityFailure{.code = 420,
                             .reason = "Bad Proxy Require Extension",
                             .headers = "Unsupported: " + tag + "\r\n"};
      }
    }
  }
  return std::nullopt;
}

Result checkUris(const SipMessage& message, std::uint32_t uriChecks) {
  if ((uriChecks & kRequestUri) && message.isRequest() && !parsableUri(message.requestUri())) {
    return badRequest("Bad Request URI");
  }
  if ((uriChecks & kFromUri) && !parsableUri(message.fromUri())) {
    return badRequest("Invalid From Header");
  }
  // Kamailio's phrase, spelling included.
  if ((uriChecks & kToUri) && !parsableUri(message.toUri())) return badRequest("Ivalid To Header");
  if ((uriChecks & kContactUri) && message.isRequest()) {
    for (const std::string& contact : message.headers("Contact")) {
      if (sip::trimLws(contact) == "*") continue;
      if (!parsableUri(uriOf(contact))) return badRequest("Bad Contact URI");
    }
  }
  return std::nullopt;
}

Result checkDuplicateTags(const ReceivedHeaders& headers) {
  if (countTags(headers.first("From").value_or("")) > 1) return badRequest("Many From Tag Params");
  if (countTags(headers.first("To").value_or("")) > 1) return badRequest("Many To Tag Params");
  return std::nullopt;
}

Result checkFirstVia(const SipMessage& message) {
  auto via = message.topVia();
  return via && !via->host.empty() ? Result{} : SanityFailure{};
}

}  // namespace

std::vector<std::string> parseOptionTags(std::string_view list) {
  std::vector<std::string> tags;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view tag = sip::trimLws(list.substr(0, comma));
    if (!tag.empty()) tags.emplace_back(tag);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return tags;
}

std::optional<SanityFailure> checkMessage(const SipMessage& message, const SanityOptions& options) {
  const std::uint32_t checks = options.messageChecks;
  const bool request = message.isRequest();
  // kRuriSipVersion, kViaSipVersion, kViaProtocol: kemid's parser accepts
  // SIP/2.0 only, in the request line and in every Via, so they pass.
  const ReceivedHeaders headers(message);
  Result failure;
  if (!failure && request && (checks & kRuriScheme)) failure = checkRuriScheme(message);
  if (!failure && (checks & kRequiredHeaders)) failure = checkRequiredHeaders(headers);
  if (!failure && request && (checks & kCseqMethod)) failure = checkCseqMethod(message);
  if (!failure && (checks & kCseqValue)) failure = checkCseqValue(headers);
  if (!failure && (checks & kContentLength)) failure = checkContentLength(message, headers);
  if (!failure && (checks & kExpiresValue)) failure = checkExpires(headers);
  if (!failure && request && (checks & kProxyRequire)) {
    failure = checkProxyRequire(headers, options.proxyRequire);
  }
  if (!failure && (checks & kParseUris)) failure = checkUris(message, options.uriChecks);
  if (!failure && request && (checks & kDigestCredentials)) {
    failure = checkCredentials(headers, true);
  }
  if (!failure && (checks & kDuplicateTags)) failure = checkDuplicateTags(headers);
  if (!failure && request && (checks & kAuthorization)) failure = checkCredentials(headers, false);
  if (!failure && (checks & kFirstVia)) failure = checkFirstVia(message);
  return failure;
}

}  // namespace kemid::sanity
