#include "tls_attributes.h"

#include <array>
#include <cctype>

namespace kemid::tls {
namespace {

using Text = std::optional<std::string>;

// The attributes of one certificate, without "tls_peer_" / "tls_my_".
Text certificateAttribute(std::string_view name, const CertificateDetails& c) {
  const auto part = [&](std::string_view prefix, const NameParts& n) -> std::optional<Text> {
    if (!name.starts_with(prefix)) return std::nullopt;
    const std::string_view rest = name.substr(prefix.size());
    if (rest.empty()) return Text{};  // the whole name: null in Kamailio 5.6
    if (rest == "_cn") return n.commonName;
    if (rest == "_country") return n.country;
    if (rest == "_state") return n.state;
    if (rest == "_locality") return n.locality;
    if (rest == "_organization") return n.organization;
    if (rest == "_unit") return n.unit;
    if (rest == "_uid") return n.uid;
    return std::nullopt;
  };
  if (name == "version") return c.version;
  if (name == "serial") return c.serial;
  if (name == "notBefore") return c.notBefore;
  if (name == "notAfter") return c.notAfter;
  if (name == "raw_cert") return c.pem;
  if (name == "urlencoded_cert") return urlEncode(c.pem);
  if (name == "san_email") return c.sanEmail;
  if (name == "san_hostname") return c.sanHostname;
  if (name == "san_ip") return c.sanIp;
  if (name == "san_uri") return c.sanUri;
  if (auto v = part("subject", c.subject)) return *v;
  if (auto v = part("issuer", c.issuer)) return *v;
  return std::nullopt;
}

std::string flag(bool on) {
  return on ? "1" : "0";
}

constexpr std::array<std::string_view, 23> kPerCertificate{
    "version",         "serial",        "subject",          "subject_cn",
    "subject_country", "subject_state", "subject_locality", "subject_organization",
    "subject_unit",    "subject_uid",   "issuer",           "issuer_cn",
    "issuer_country",  "issuer_state",  "issuer_locality",  "issuer_organization",
    "issuer_unit",     "san_email",     "san_hostname",     "san_ip",
    "san_uri",         "raw_cert",      "urlencoded_cert"};

}  // namespace

const std::vector<std::string>& attributeNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all{"tls_version", "tls_description", "tls_cipher_info",
                                 "tls_cipher_bits"};
    for (std::string_view side : {"tls_peer_", "tls_my_"}) {
      for (std::string_view part : kPerCertificate)
        all.push_back(std::string(side) + std::string(part));
    }
    for (std::string_view peerOnly :
         {"tls_peer_verified", "tls_peer_revoked", "tls_peer_expired", "tls_peer_selfsigned",
          "tls_peer_notBefore", "tls_peer_notAfter", "tls_peer_server_name"}) {
      all.emplace_back(peerOnly);
    }
    return all;
  }();
  return names;
}

bool isAttribute(std::string_view name) {
  for (const std::string& known : attributeNames()) {
    if (known == name) return true;
  }
  return false;
}

std::optional<std::string> attribute(std::string_view name, const SessionDetails& s) {
  if (name == "tls_version") return s.version;
  if (name == "tls_description") return s.description;
  if (name == "tls_cipher_info") return s.cipher;
  if (name == "tls_cipher_bits") return std::to_string(s.bits);
  if (name == "tls_peer_verified") return flag(s.peer && s.peerVerified);
  if (name == "tls_peer_revoked") return flag(s.peer && s.peerRevoked);
  if (name == "tls_peer_expired") return flag(s.peer && s.peerExpired);
  if (name == "tls_peer_selfsigned") return flag(s.peer && s.peerSelfSigned);
  if (name == "tls_peer_server_name") return s.serverName;
  if (name.starts_with("tls_peer_")) {
    return s.peer ? certificateAttribute(name.substr(9), *s.peer) : std::nullopt;
  }
  if (name.starts_with("tls_my_")) {
    // Kamailio has no $tls_my_notBefore / notAfter.
    if (name.ends_with("notBefore") || name.ends_with("notAfter")) return std::nullopt;
    return s.mine ? certificateAttribute(name.substr(7), *s.mine) : std::nullopt;
  }
  return std::nullopt;
}

std::string urlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() * 3 / 2);
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '=') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace kemid::tls
