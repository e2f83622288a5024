#pragma once
// The checks of Kamailio's sanity module on a parsed message, with the
// bit values of its msg_checks and uri_checks masks and the reply it sends
// for each failed check (reason phrases measured on Kamailio 5.6.3).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kemid {
class SipMessage;
}

namespace kemid::sanity {

// msg_checks bits.
enum MessageCheck : std::uint32_t {
  kRuriSipVersion = 1,
  kRuriScheme = 2,
  kRequiredHeaders = 4,
  kViaSipVersion = 8,
  kViaProtocol = 16,
  kCseqMethod = 32,
  kCseqValue = 64,
  kContentLength = 128,
  kExpiresValue = 256,
  kProxyRequire = 512,
  kParseUris = 1024,
  kDigestCredentials = 2048,
  kDuplicateTags = 4096,
  kAuthorization = 8192,
  kFirstVia = 16384,
};

// uri_checks bits (with kParseUris).
enum UriCheck : std::uint32_t {
  kRequestUri = 1,
  kFromUri = 2,
  kToUri = 4,
  kContactUri = 8,
};

// Kamailio's defaults: every check but 8, 16, 512, 4096, 8192, 16384.
inline constexpr std::uint32_t kDefaultMessageChecks = 3047;
inline constexpr std::uint32_t kDefaultUriChecks = 7;

// A failed check: the reply Kamailio sends for it, or code 0 when it sends
// none (the headers a reply needs are missing, a credential that is not
// Digest). `headers`: extra header lines (420's Unsupported).
struct SanityFailure {
  int code = 0;
  std::string reason;
  std::string headers;
};

struct SanityOptions {
  std::uint32_t messageChecks = kDefaultMessageChecks;
  std::uint32_t uriChecks = kDefaultUriChecks;
  // The option tags the proxy supports (modparam proxy_require).
  std::vector<std::string> proxyRequire;
};

// The first check of `options` that `message` fails, in Kamailio's order
// (ascending bits), or nullopt when it passes them all. Checks that only
// make sense for requests are skipped for replies.
std::optional<SanityFailure> checkMessage(const SipMessage& message, const SanityOptions& options);

// The modparam proxy_require: option tags separated by commas.
std::vector<std::string> parseOptionTags(std::string_view list);

}  // namespace kemid::sanity
