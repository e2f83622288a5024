#pragma once
// dispatcher's runtime state: the settings, the destination list in use
// (swapped whole on reload, add and remove; readers never lock), state
// changes with Kamailio's thresholds, the call-load table of algorithm 10
// and the prober.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/module_abi.h"
#include "destination_list.h"

namespace kemid {
class ModuleHost;
struct MessageContext;
}  // namespace kemid

namespace kemid::dispatcher {

class Prober;

struct DbColumns {
  std::string table = "dispatcher";
  std::string setId = "setid";
  std::string destination = "destination";
  std::string flags = "flags";
  std::string priority = "priority";
  std::string attrs = "attrs";
};

struct DispatcherSettings {
  std::string listFile;
  std::string dbUrl;
  DbColumns columns;
  int flags = 0;  // bit 1: hash the user only; bit 2: failover list
  bool useDefault = false;
  bool forceDst = true;
  std::string xavpDst = "_dsdst_";  // empty: no failover list
  int probingThreshold = 1;
  int inactiveThreshold = 1;
  std::string pingMethod = "OPTIONS";
  std::string pingFrom = "sip:dispatcher@localhost";
  int pingInterval = 0;
  int probingMode = 0;
  std::vector<int> pingReplyCodes;    // code=N
  std::vector<int> pingReplyClasses;  // class=N
  std::string outboundProxy;
  int hashSize = 0;  // 2^n call-load slots; 0: no call load
  std::int64_t hashExpire = 7200;
  std::int64_t hashInitExpire = 7200;
  std::string hashPvar;  // hash_pvar: the text algorithm 7 hashes (a pv format)
  std::string setidPvname;
  std::string attrsPvname;
  std::int64_t reloadDelta = 5;
  std::string eventCallback;  // event_callback: run for dispatcher:dst-down / dst-up

  bool failover() const { return (flags & 2) != 0 && !xavpDst.empty(); }
  bool acceptsPingReply(int code) const;
};

// Why a state change was asked for, for the logs (Kamailio's rctx code).
struct StateChange {
  int code = 0;
};

class DispatcherModule final : public ModuleState {
 public:
  DispatcherModule(DispatcherSettings settings, ModuleHost& host);
  ~DispatcherModule() override;

  const DispatcherSettings& settings() const { return settings_; }
  ModuleHost& host() { return host_; }

  std::shared_ptr<const DestinationList> list() const { return list_.load(); }

  // Reads the list from list_file or db_url and swaps it in; the error
  // otherwise (the list in use stays).
  std::optional<std::string> reload();
  // dispatcher.add / dispatcher.remove: a new list with one destination
  // more or less, the others keeping their state.
  std::optional<std::string> addDestination(int setId, const std::string& uri, int flags,
                                            int priority, const std::string& attrs);
  std::optional<std::string> removeDestination(int setId, const std::string& uri);
  // Kamailio's guard against reloads in a row (reload_delta).
  bool admitRpcReload(std::int64_t now);
  bool admitReload();  // the same, now

  // ds_update_state: sets `state` on the destination with thresholds
  // applied; false when there is no such destination. A destination going
  // down or up runs event_callback, over `ctx` (a script's mark) or else
  // over a made-up request to the destination (a probe).
  bool updateState(int setId, std::string_view uri, int state, MessageContext* ctx = nullptr);
  // dispatcher.set_state: the state bits as given, no thresholds.
  bool reinitState(int setId, std::string_view uri, int state);
  bool reinitStateAll(int setId, int state);
  bool reinitDuidState(int setId, std::string_view duid, int state);

  bool pingActive() const { return pingActive_.load(std::memory_order_relaxed); }
  void setPingActive(bool active) { pingActive_.store(active, std::memory_order_relaxed); }

  // Algorithm 10's call table: the destination a call (Call-ID) is counted on.
  bool addLoad(std::string_view callId, int setId, const std::string& duid);
  bool removeLoad(std::string_view callId);
  bool confirmLoad(std::string_view callId);
  bool replaceLoad(std::string_view callId, const std::string& duid);
  void expireLoads();  // drops the calls past ds_hash_expire / ds_hash_initexpire
  bool hasLoad(std::string_view callId) const;

  void setProber(std::unique_ptr<Prober> prober);
  Prober* prober() { return prober_.get(); }

 private:
  struct LoadEntry {
    int setId = 0;
    std::string duid;
    bool confirmed = false;
    std::int64_t expires = 0;
  };
  struct LoadStripe {
    mutable std::mutex lock;
    std::unordered_map<std::string, LoadEntry> calls;
  };
  static constexpr std::size_t kLoadStripes = 16;

  void announce(std::string_view uri, bool down, MessageContext* ctx);

  LoadStripe& stripeFor(std::string_view callId) const;
  void changeLoad(int setId, const std::string& duid, int delta);
  std::shared_ptr<DestinationList> rebuild(const DestinationList& from, int skipSet,
                                           std::string_view skipUri, std::string& error) const;

  DispatcherSettings settings_;
  ModuleHost& host_;
  std::atomic<std::shared_ptr<const DestinationList>> list_;
  std::mutex reloading_;  // reload, add, remove; never taken by readers
  std::atomic<std::int64_t> lastRpcReload_{0};
  std::atomic<bool> pingActive_{true};
  mutable std::array<LoadStripe, kLoadStripes> loads_;
  std::unique_ptr<Prober> prober_;
};

}  // namespace kemid::dispatcher
