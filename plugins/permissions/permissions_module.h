#pragma once
// permissions' runtime state: the address and trusted tables in use. A
// reload reads a whole new table (file or database) with no lock held by
// readers, then swaps it in atomically; a lookup takes the table in use at
// its start and keeps it alive for as long as it reads it.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "address_table.h"
#include "core/module_abi.h"
#include "table_sources.h"
#include "trusted_table.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::permissions {

struct PermissionsSettings {
  std::string addressFile;  // address_file; when set, the address table's source
  std::string dbUrl;        // db_url
  AddressColumns address;
  TrustedColumns trusted;
  std::string peerTagAvp;        // peer_tag_avp, "" when unset
  bool peerTagAll = false;       // peer_tag_mode 1: every matching tag
  std::int64_t reloadDelta = 5;  // seconds between two RPC reloads
};

class PermissionsModule final : public ModuleState {
 public:
  PermissionsModule(PermissionsSettings settings, ModuleHost& host);

  const PermissionsSettings& settings() const { return settings_; }
  ModuleHost& host() { return host_; }

  // The tables in use; null when their source is not configured.
  std::shared_ptr<const AddressTable> addresses() const { return addresses_.load(); }
  std::shared_ptr<const TrustedTable> trusted() const { return trusted_.load(); }

  // Reads the table from its source and swaps it in; on failure the table
  // in use stays and the error is returned. Reloads run one at a time.
  std::optional<std::string> reloadAddresses();
  std::optional<std::string> reloadTrusted();
  bool hasAddressSource() const {
    return !settings_.addressFile.empty() || !settings_.dbUrl.empty();
  }

  // Kamailio's guard against reloads in a row: false while the last RPC
  // reload is less than reload_delta seconds old; otherwise records `now`.
  bool admitRpcReload(std::int64_t now);

 private:
  PermissionsSettings settings_;
  ModuleHost& host_;
  std::atomic<std::shared_ptr<const AddressTable>> addresses_;
  std::atomic<std::shared_ptr<const TrustedTable>> trusted_;
  std::mutex reloading_;  // reloads only; lookups never take it
  std::atomic<std::int64_t> lastRpcReload_{0};
};

}  // namespace kemid::permissions
