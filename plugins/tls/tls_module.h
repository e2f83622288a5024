#pragma once
// The tls module's state: the profiles' contexts (replaced whole by
// tls.reload), the established sessions, and the TlsProvider the stream
// transport asks for a session per connection.

#include <Poco/JSON/Object.h>

#include <memory>
#include <mutex>
#include <string>

#include "core/module_abi.h"
#include "core/tls.h"
#include "session_registry.h"
#include "tls_contexts.h"
#include "tls_settings.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::tls {

class TlsModule final : public ModuleState, public TlsProvider {
 public:
  // Loads the profiles and builds their contexts (when `load`; else it
  // has none until a reload); throws ConfigError or std::runtime_error (a
  // file that cannot be used) naming the file.
  TlsModule(TlsModparams modparams, Poco::JSON::Object::Ptr options, bool sendCloseNotify,
            bool load = true);

  std::unique_ptr<TlsSession> accepted(int fd, const TlsConnection& connection) override;
  std::unique_ptr<TlsSession> connecting(int fd, const TlsConnection& connection) override;

  // What went wrong in a reload: reading the config file, or using the
  // certificates and keys it names (Kamailio answers each differently).
  enum class ReloadStage { Done, NoConfigFile, ReadingFile, BuildingContexts };
  struct ReloadResult {
    ReloadStage stage = ReloadStage::Done;
    std::string error;  // "file:line:column: what", or the profile and file
    bool ok() const { return stage == ReloadStage::Done; }
  };
  // Re-reads the config file and the certificates; on error keeps the
  // current contexts.
  ReloadResult reload();

  std::shared_ptr<const ContextSet> contexts() const;
  const SessionRegistry& sessions() const { return *registry_; }
  // tls.options: the modparams as Kamailio lists them.
  const Poco::JSON::Object::Ptr& options() const { return options_; }
  int connectionTimeout() const { return connectionTimeout_; }
  void setConnectionTimeout(int seconds) { connectionTimeout_ = seconds; }

  // pv's $tls_* are provided at init, or at start when tls is loaded
  // before pv (as Kamailio's docs advise): the host to find pv then.
  void waitForPv(ModuleHost& host) { pvHost_ = &host; }
  ModuleHost* pvHost() const { return pvHost_; }
  void pvFound() { pvHost_ = nullptr; }

  // KSR.tls.set_connect_server_id: the client profile (by server_id) of the
  // connections this thread opens next; "" resets.
  static void setConnectServerId(std::string serverId);

 private:
  TlsModparams modparams_;
  Poco::JSON::Object::Ptr options_;
  int connectionTimeout_ = 600;
  bool sendCloseNotify_ = false;
  ModuleHost* pvHost_ = nullptr;
  mutable std::mutex contextsMutex_;  // guards the pointer only
  std::shared_ptr<const ContextSet> contexts_;
  std::shared_ptr<SessionRegistry> registry_ = std::make_shared<SessionRegistry>();
};

}  // namespace kemid::tls
