#include "tls_settings.h"

#include <algorithm>
#include <filesystem>

#include "core/config_error.h"
#include "core/module_params.h"
#include "tls_config_file.h"

namespace kemid::tls {

std::string TlsProfile::name() const {
  const std::string role = this->role == TlsRole::Server ? "TLSs<" : "TLSc<";
  switch (scope) {
    case ProfileScope::Default:
      return role + "default>";
    case ProfileScope::Any:
      return role + "any>";
    case ProfileScope::Address:
      if (address.ip.find(':') != std::string::npos) {
        return role + "[" + address.ip + "]:" + std::to_string(address.port) + ">";
      }
      return role + address.ip + ":" + std::to_string(address.port) + ">";
  }
  return role + ">";
}

std::string valueOr(const std::optional<std::string>& value, const std::string& fallback) {
  return value ? *value : fallback;
}

TlsModparams TlsModparams::fromParams(const ModuleParams& params,
                                      const std::string& mainConfigFile) {
  TlsModparams m;
  m.method = params.getString("tls_method");
  m.certificate = params.getString("certificate");
  m.privateKey = params.getString("private_key");
  m.caList = params.getString("ca_list");
  m.caPath = params.getString("ca_path");
  m.crl = params.getString("crl");
  m.cipherList = params.getString("cipher_list");
  m.verifyCertificate = params.getInt("verify_certificate") != 0;
  m.requireCertificate = params.getInt("require_certificate") != 0;
  m.verifyDepth = static_cast<int>(params.getInt("verify_depth"));
  m.serverName = params.getString("server_name");
  m.config = params.getString("config");
  const std::string verifyClient = params.getString("verify_client");
  if (verifyClient == "on") {
    m.verifyCertificate = m.requireCertificate = true;
  } else if (verifyClient == "optional" || verifyClient == "optional_no_ca") {
    m.verifyCertificate = true;
    m.requireCertificate = false;
    m.acceptAnyCa = verifyClient == "optional_no_ca";
  }
  m.configDir = mainConfigFile.empty()
                    ? std::string(".")
                    : std::filesystem::path(mainConfigFile).parent_path().string();
  if (m.configDir.empty()) m.configDir = ".";
  return m;
}

std::string resolvePath(const std::string& name, const std::string& configDir) {
  if (name.empty() || name.front() == '/' || name.front() == '.') return name;
  return (std::filesystem::path(configDir) / name).string();
}

namespace {

ResolvedProfile resolve(const TlsProfile& p, const TlsModparams& m) {
  ResolvedProfile r;
  r.role = p.role;
  r.scope = p.scope;
  r.address = p.address;
  r.name = p.name();
  r.where = p.where.empty() ? "modparam" : p.where;
  // A tls.cfg profile without a method allows TLS 1.0 and newer, whatever
  // tls_method says (measured on Kamailio 5.6).
  r.method = valueOr(p.method, p.where.empty() ? m.method : "TLSv1.0+");
  if (auto range = parseMethod(r.method)) {
    r.protocols = *range;
  } else {
    throw ConfigError(SourceLocation{}, "tls: unknown tls_method \"" + r.method + "\"");
  }
  r.certificate = resolvePath(valueOr(p.certificate, m.certificate), m.configDir);
  r.privateKey = resolvePath(valueOr(p.privateKey, m.privateKey), m.configDir);
  // A client needs no certificate: the default one is used when it exists.
  r.certificateOptional = p.role == TlsRole::Client && !p.certificate;
  r.caList = resolvePath(valueOr(p.caList, m.caList), m.configDir);
  r.caPath = resolvePath(valueOr(p.caPath, m.caPath), m.configDir);
  r.crl = resolvePath(valueOr(p.crl, m.crl), m.configDir);
  r.cipherList = valueOr(p.cipherList, m.cipherList);
  r.verifyCertificate = p.verifyCertificate.value_or(m.verifyCertificate);
  r.requireCertificate = p.requireCertificate.value_or(m.requireCertificate);
  r.acceptAnyCa = p.acceptAnyCa.value_or(m.acceptAnyCa);
  r.verifyDepth = p.verifyDepth.value_or(m.verifyDepth);
  r.serverName = valueOr(p.serverName, p.where.empty() ? m.serverName : std::string());
  r.serverNameMode = p.serverNameMode.value_or(ServerNameMode::Exact);
  r.serverId = valueOr(p.serverId, "");
  return r;
}

// The config file, or each file of the config directory in name order.
std::vector<TlsProfile> readDeclared(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) return readTlsConfig(path);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<TlsProfile> all;
  for (const std::string& file : files) {
    for (TlsProfile& p : readTlsConfig(file)) all.push_back(std::move(p));
  }
  return all;
}

bool sameProfile(const TlsProfile& a, const TlsProfile& b) {
  return a.role == b.role && a.scope == b.scope && a.address == b.address &&
         a.serverName.value_or("") == b.serverName.value_or("");
}

}  // namespace

std::vector<ResolvedProfile> loadProfiles(const TlsModparams& modparams) {
  std::vector<TlsProfile> declared;
  if (!modparams.config.empty()) {
    for (TlsProfile& p : readDeclared(resolvePath(modparams.config, modparams.configDir))) {
      // Declared again: the later one wins, as in Kamailio.
      std::erase_if(declared, [&](const TlsProfile& earlier) { return sameProfile(earlier, p); });
      declared.push_back(std::move(p));
    }
  }
  for (TlsRole role : {TlsRole::Server, TlsRole::Client}) {
    const bool found = std::any_of(declared.begin(), declared.end(), [&](const TlsProfile& p) {
      return p.role == role && p.scope == ProfileScope::Default && !p.serverName;
    });
    if (found) continue;
    TlsProfile fromModparams;
    fromModparams.role = role;
    if (role == TlsRole::Client && !modparams.config.empty()) {
      // Measured on Kamailio 5.6: beside a config file, the client default
      // it makes has no certificate and allows TLS 1.0 and newer.
      fromModparams.method = "TLSv1.0+";
      fromModparams.certificate = "";
    }
    declared.push_back(std::move(fromModparams));
  }
  std::vector<ResolvedProfile> resolved;
  resolved.reserve(declared.size());
  for (const TlsProfile& p : declared) resolved.push_back(resolve(p, modparams));
  return resolved;
}

}  // namespace kemid::tls
