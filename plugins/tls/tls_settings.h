#pragma once
// The tls modparams and the profiles kemid uses: the default server and
// client profiles they make, plus tls.cfg's, with every value filled in
// and every file name resolved.

#include <string>
#include <vector>

#include "tls_profile.h"

namespace kemid {
class ModuleParams;
}

namespace kemid::tls {

// The modparams that shape the profiles (Kamailio's defaults).
struct TlsModparams {
  std::string method = "TLSv1";
  std::string certificate = "cert.pem";
  std::string privateKey = "cert.pem";
  std::string caList;
  std::string caPath;
  std::string crl;
  std::string cipherList;
  bool verifyCertificate = false;
  bool requireCertificate = false;
  bool acceptAnyCa = false;  // verify_client = optional_no_ca
  int verifyDepth = 9;
  std::string serverName;
  std::string config;  // tls.cfg, empty when none
  // Where a relative file name is resolved: the main config's directory.
  std::string configDir;

  static TlsModparams fromParams(const ModuleParams& params, const std::string& mainConfigFile);
};

// A profile with every value known.
struct ResolvedProfile {
  TlsRole role = TlsRole::Server;
  ProfileScope scope = ProfileScope::Default;
  Endpoint address;
  std::string name;   // "server:default"
  std::string where;  // "file:line", or "modparam"
  std::string method;
  ProtocolRange protocols;
  std::string certificate;           // empty: none
  bool certificateOptional = false;  // a client's default cert.pem may be absent
  std::string privateKey;
  std::string caList;
  std::string caPath;
  std::string crl;
  std::string cipherList;
  bool verifyCertificate = false;
  bool requireCertificate = false;
  bool acceptAnyCa = false;
  int verifyDepth = 9;
  std::string serverName;
  ServerNameMode serverNameMode = ServerNameMode::Exact;
  std::string serverId;
};

// Kamailio's rule: "/x" absolute, "./x" relative to the working directory,
// anything else relative to `configDir`. Empty stays empty.
std::string resolvePath(const std::string& name, const std::string& configDir);

// The profiles to use: tls.cfg's (read from modparams.config when set, a
// file or a directory of files, with its unset keys taken from the
// modparams; a profile declared again replaces the first) and the
// modparams' default server and client profiles where the file declares
// none. Throws ConfigError for a bad file.
std::vector<ResolvedProfile> loadProfiles(const TlsModparams& modparams);

}  // namespace kemid::tls
