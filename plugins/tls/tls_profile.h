#pragma once
// One TLS profile (Kamailio's "TLS domain"): what a server socket or an
// outgoing connection uses. The modparams make the default server and
// client profiles; each section of the `config` file (tls.cfg) adds one.

#include <optional>
#include <string>
#include <vector>

#include "core/network.h"
#include "tls_method.h"

namespace kemid::tls {

enum class TlsRole { Server, Client };

// Which profiles a profile is for: the default one of its role, "any"
// address, or one IP:PORT.
enum class ProfileScope { Default, Any, Address };

// Kamailio's server_name_mode: how a client's SNI matches server_name.
enum class ServerNameMode { Exact = 0, DomainAndSubdomains = 1, SubdomainsOnly = 2 };

struct TlsProfile {
  TlsRole role = TlsRole::Server;
  ProfileScope scope = ProfileScope::Default;
  Endpoint address;   // when scope is Address
  std::string where;  // "file:line" of its section, empty for the modparams' profiles

  // Keys left unset in a tls.cfg section take the modparam's value.
  std::optional<std::string> method;
  std::optional<std::string> certificate;
  std::optional<std::string> privateKey;
  std::optional<std::string> caList;
  std::optional<std::string> caPath;
  std::optional<std::string> crl;
  std::optional<std::string> cipherList;
  std::optional<bool> verifyCertificate;
  std::optional<bool> requireCertificate;
  // verify_client = optional_no_ca: a certificate no CA vouches for is let in.
  std::optional<bool> acceptAnyCa;
  std::optional<int> verifyDepth;
  std::optional<std::string> serverName;
  std::optional<ServerNameMode> serverNameMode;
  std::optional<std::string> serverId;

  // "TLSs<default>", "TLSc<127.0.0.1:5061>": as Kamailio's log names a profile.
  std::string name() const;
};

// A profile's value or, unset, the modparams' one.
std::string valueOr(const std::optional<std::string>& value, const std::string& fallback);

}  // namespace kemid::tls
