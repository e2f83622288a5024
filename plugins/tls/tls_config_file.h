#pragma once
// tls.cfg, the file of the `config` modparam: sections [server:DOMAIN] and
// [client:DOMAIN] (DOMAIN: default, any, IP:PORT or [IPv6]:PORT), each
// followed by `key = value` lines; '#' starts a comment.

#include <string>
#include <string_view>
#include <vector>

#include "tls_profile.h"

namespace kemid::tls {

// The profiles `text` declares, in file order. Throws ConfigError naming
// `fileName`, the line and what was expected. File names in it are kept
// as written (resolved later, against the main config's directory).
std::vector<TlsProfile> parseTlsConfig(std::string_view text, const std::string& fileName);

// Reads and parses the file at `path`; a file that cannot be read is a
// ConfigError naming it.
std::vector<TlsProfile> readTlsConfig(const std::string& path);

}  // namespace kemid::tls
