#include "tls_config_file.h"

#include <arpa/inet.h>

#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

#include "core/config_error.h"

namespace kemid::tls {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& fileName) : text_(text), file_(fileName) {}

  std::vector<TlsProfile> run() {
    std::size_t start = 0;
    while (start <= text_.size()) {
      std::size_t end = text_.find('\n', start);
      if (end == std::string_view::npos) end = text_.size();
      ++line_;
      parseLine(text_.substr(start, end - start));
      start = end + 1;
    }
    return std::move(profiles_);
  }

 private:
  [[noreturn]] void fail(std::string_view line, std::string_view at,
                         const std::string& what) const {
    const int column = static_cast<int>(at.data() - line.data()) + 1;
    throw ConfigError(SourceLocation{file_, line_, column}, what);
  }

  void parseLine(std::string_view raw) {
    std::string_view line = raw;
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    std::string_view content = trim(line);
    if (content.empty()) return;
    if (content.front() == '[') {
      parseSection(raw, content);
      return;
    }
    if (profiles_.empty()) fail(raw, content, "expected a section such as [server:default] first");
    const std::size_t equals = content.find('=');
    if (equals == std::string_view::npos) fail(raw, content, "expected key = value");
    const std::string_view key = trim(content.substr(0, equals));
    std::string_view value = trim(content.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    setKey(raw, key, value);
  }

  void parseSection(std::string_view raw, std::string_view content) {
    if (content.back() != ']') fail(raw, content, "expected ']' at the end of the section name");
    const std::string_view inner = content.substr(1, content.size() - 2);
    const std::size_t colon = inner.find(':');
    if (colon == std::string_view::npos)
      fail(raw, inner, "expected [server:DOMAIN] or [client:DOMAIN]");
    TlsProfile profile;
    const std::string_view role = trim(inner.substr(0, colon));
    if (sameLetters(role, "server")) {
      profile.role = TlsRole::Server;
    } else if (sameLetters(role, "client")) {
      profile.role = TlsRole::Client;
    } else {
      fail(raw, inner, "expected \"server\" or \"client\", got \"" + std::string(role) + "\"");
    }
    const std::string_view domain = trim(inner.substr(colon + 1));
    if (sameLetters(domain, "default")) {
      profile.scope = ProfileScope::Default;
    } else if (sameLetters(domain, "any")) {
      profile.scope = ProfileScope::Any;
    } else {
      profile.scope = ProfileScope::Address;
      profile.address = parseAddress(raw, domain);
    }
    profile.where = file_ + ":" + std::to_string(line_);
    profiles_.push_back(std::move(profile));
  }

  Endpoint parseAddress(std::string_view raw, std::string_view domain) const {
    std::string_view host;
    std::string_view port;
    if (domain.starts_with('[')) {
      const std::size_t close = domain.find(']');
      if (close == std::string_view::npos || close + 1 >= domain.size() ||
          domain[close + 1] != ':') {
        fail(raw, domain, "expected default, any, IP:PORT or [IPv6]:PORT");
      }
      host = domain.substr(1, close - 1);
      port = domain.substr(close + 2);
    } else {
      const std::size_t colon = domain.rfind(':');
      if (colon == std::string_view::npos)
        fail(raw, domain, "expected default, any, IP:PORT or [IPv6]:PORT");
      host = domain.substr(0, colon);
      port = domain.substr(colon + 1);
    }
    unsigned number = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (host.empty() || port.empty() || ec != std::errc() || ptr != port.data() + port.size() ||
        number > 65535) {
      fail(raw, domain, "expected default, any, IP:PORT or [IPv6]:PORT");
    }
    in6_addr address{};
    const std::string literal(host);
    if (inet_pton(literal.find(':') == std::string::npos ? AF_INET : AF_INET6, literal.c_str(),
                  &address) != 1) {
      fail(raw, host,
           "invalid IP address '" + literal + "' (a profile names an address, not a host name)");
    }
    return Endpoint{std::string(host), static_cast<std::uint16_t>(number)};
  }

  bool parseBool(std::string_view raw, std::string_view value) const {
    for (std::string_view yes : {"yes", "true", "on", "enabled", "enable", "1"}) {
      if (sameLetters(value, yes)) return true;
    }
    for (std::string_view no : {"no", "false", "off", "disabled", "disable", "0"}) {
      if (sameLetters(value, no)) return false;
    }
    fail(raw, value, "invalid option value '" + std::string(value) + "', boolean expected");
  }

  int parseInt(std::string_view raw, std::string_view value) const {
    int number = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
      fail(raw, value, "expected a number, got \"" + std::string(value) + "\"");
    }
    return number;
  }

  void setKey(std::string_view raw, std::string_view keyText, std::string_view value) {
    TlsProfile& p = profiles_.back();
    std::string lowered(keyText);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string_view key = lowered;
    const std::string text(value);
    if (key == "method" || key == "tls_method") {
      if (!parseMethod(value)) {
        fail(raw, value,
             "unsupported method '" + text +
                 "', expected SSLv23, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3, " +
                 "with or without '+'");
      }
      p.method = text;
    } else if (key == "certificate" || key == "cert_file") {
      p.certificate = text;
    } else if (key == "private_key" || key == "pkey_file") {
      p.privateKey = text;
    } else if (key == "ca_list" || key == "calist_file") {
      p.caList = text;
    } else if (key == "ca_path") {
      p.caPath = text;
    } else if (key == "crl") {
      p.crl = text;
    } else if (key == "cipher_list") {
      p.cipherList = text;
    } else if (key == "verify_certificate" || key == "verify_cert") {
      p.verifyCertificate = parseBool(raw, value);
    } else if (key == "require_certificate" || key == "require_cert") {
      p.requireCertificate = parseBool(raw, value);
    } else if (key == "verify_client") {
      setVerifyClient(raw, value);
    } else if (key == "verify_depth") {
      p.verifyDepth = parseInt(raw, value);
    } else if (key == "server_name") {
      p.serverName = text;
    } else if (key == "server_name_mode") {
      const int mode = parseInt(raw, value);
      if (mode < 0 || mode > 2) fail(raw, value, "expected server_name_mode 0, 1 or 2");
      p.serverNameMode = static_cast<ServerNameMode>(mode);
    } else if (key == "server_id") {
      p.serverId = text;
    } else {
      fail(raw, keyText, "unsupported option '" + std::string(keyText) + "'");
    }
  }

  // verify_client sets verify_certificate and require_certificate at once.
  void setVerifyClient(std::string_view raw, std::string_view value) {
    TlsProfile& p = profiles_.back();
    p.acceptAnyCa = false;
    if (value == "off") {
      p.verifyCertificate = false;
      p.requireCertificate = false;
    } else if (value == "on") {
      p.verifyCertificate = true;
      p.requireCertificate = true;
    } else if (value == "optional" || value == "optional_no_ca") {
      p.verifyCertificate = true;
      p.requireCertificate = false;
      p.acceptAnyCa = value == "optional_no_ca";
    } else {
      fail(raw, value, "expected verify_client off, on, optional or optional_no_ca");
    }
  }

  std::string_view text_;
  std::string file_;
  int line_ = 0;
  std::vector<TlsProfile> profiles_;
};

}  // namespace

std::vector<TlsProfile> parseTlsConfig(std::string_view text, const std::string& fileName) {
  return Parser(text, fileName).run();
}

std::vector<TlsProfile> readTlsConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(SourceLocation{}, "cannot read the TLS config file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parseTlsConfig(text.str(), path);
}

}  // namespace kemid::tls
