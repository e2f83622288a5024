#include "tls_module.h"

#include <openssl/ssl.h>

#include <stdexcept>

#include "core/log.h"
#include "tls_session.h"

namespace kemid::tls {
namespace {

constexpr Logger kLog{"tls"};

thread_local std::string connectServerId;

std::string endpointText(const Endpoint& e) {
  if (e.ip.find(':') != std::string::npos) return "[" + e.ip + "]:" + std::to_string(e.port);
  return e.ip + ":" + std::to_string(e.port);
}

std::unique_ptr<TlsSession> open(int fd, const TlsConnection& connection,
                                 std::shared_ptr<const ContextSet> contexts,
                                 const ProfileContext* profile,
                                 std::shared_ptr<SessionRegistry> registry, std::string_view side,
                                 bool sendCloseNotify) {
  if (profile == nullptr) {
    kLog.err("no TLS ", side, " profile for ",
             endpointText(side == "server" ? connection.local : connection.remote));
    return nullptr;
  }
  std::string error;
  auto session = OpenSslSession::create(fd, connection, std::move(contexts), *profile,
                                        std::move(registry), sendCloseNotify, error);
  if (!session) kLog.err(error);
  return session;
}

}  // namespace

TlsModule::TlsModule(TlsModparams modparams, Poco::JSON::Object::Ptr options, bool sendCloseNotify,
                     bool load)
    : modparams_(std::move(modparams)),
      options_(std::move(options)),
      sendCloseNotify_(sendCloseNotify) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { OPENSSL_init_ssl(0, nullptr); });
  contexts_ = ContextSet::build(load ? loadProfiles(modparams_) : std::vector<ResolvedProfile>{});
}

std::shared_ptr<const ContextSet> TlsModule::contexts() const {
  std::lock_guard lock(contextsMutex_);
  return contexts_;
}

TlsModule::ReloadResult TlsModule::reload() {
  if (modparams_.config.empty()) return {ReloadStage::NoConfigFile, "no config modparam"};
  std::vector<ResolvedProfile> profiles;
  try {
    profiles = loadProfiles(modparams_);
  } catch (const std::exception& e) {
    return {ReloadStage::ReadingFile, e.what()};
  }
  try {
    auto fresh = ContextSet::build(std::move(profiles));
    std::lock_guard lock(contextsMutex_);
    contexts_ = std::move(fresh);
    return {};
  } catch (const std::exception& e) {
    return {ReloadStage::BuildingContexts, e.what()};
  }
}

std::unique_ptr<TlsSession> TlsModule::accepted(int fd, const TlsConnection& connection) {
  auto set = contexts();
  const ProfileContext* profile = set->server(connection.local);
  return open(fd, connection, std::move(set), profile, registry_, "server", sendCloseNotify_);
}

std::unique_ptr<TlsSession> TlsModule::connecting(int fd, const TlsConnection& connection) {
  auto set = contexts();
  const ProfileContext* profile = set->client(connection.remote, connectServerId);
  return open(fd, connection, std::move(set), profile, registry_, "client", sendCloseNotify_);
}

void TlsModule::setConnectServerId(std::string serverId) {
  connectServerId = std::move(serverId);
}

}  // namespace kemid::tls
