#include "dispatcher_module.h"

#include <algorithm>
#include <chrono>
#include <functional>

#include "core/event_route.h"
#include "core/log.h"
#include "core/module_host.h"
#include "core/route_engine.h"
#include "db/db.h"
#include "db/db_value.h"
#include "prober.h"
#include "set_order.h"

namespace kemid::dispatcher {
namespace {

const Logger kLog{"dispatcher"};

// Call-load expiry times, in seconds of the steady clock.
std::int64_t secondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::shared_ptr<DestinationList> readTable(ModuleHost& host, const DispatcherSettings& s,
                                           std::string& error) {
  auto db = db::connect(host, s.dbUrl);
  if (!db) {
    error = db.error();
    return nullptr;
  }
  const DbColumns& c = s.columns;
  auto rows = db.value()->query(
      {.table = c.table, .columns = {c.setId, c.destination, c.flags, c.priority, c.attrs}});
  if (!rows) {
    error = rows.error();
    return nullptr;
  }
  if (rows.value().rows.empty())
    kLog.warn("no dispatching data in the db -- empty destination set");
  auto list = std::make_shared<DestinationList>();
  for (const db::DbRow& row : rows.value().rows) {
    const auto setId = db::asInt(row[0]);
    const auto uri = db::asString(row[1]);
    if (!setId || !uri) continue;
    std::string why;
    if (!list->add(static_cast<int>(*setId), *uri, static_cast<int>(db::asInt(row[2]).value_or(0)),
                   static_cast<int>(db::asInt(row[3]).value_or(0)),
                   std::holds_alternative<db::DbNull>(row[4]) ? std::string()
                                                              : db::asString(row[4]).value_or(""),
                   why)) {
      kLog.warn("unable to add destination ", *uri, " to set ", *setId, " -- skipping (", why, ")");
    }
  }
  list->finish();
  return list;
}

}  // namespace

bool DispatcherSettings::acceptsPingReply(int code) const {
  if (code >= 200 && code <= 299) return true;
  return std::find(pingReplyCodes.begin(), pingReplyCodes.end(), code) != pingReplyCodes.end() ||
         std::find(pingReplyClasses.begin(), pingReplyClasses.end(), code / 100) !=
             pingReplyClasses.end();
}

DispatcherModule::DispatcherModule(DispatcherSettings settings, ModuleHost& host)
    : settings_(std::move(settings)), host_(host) {
  list_.store(std::make_shared<const DestinationList>());
}

DispatcherModule::~DispatcherModule() {
  prober_.reset();  // stops its thread before the list goes
}

void DispatcherModule::setProber(std::unique_ptr<Prober> prober) {
  prober_ = std::move(prober);
}

std::optional<std::string> DispatcherModule::reload() {
  std::lock_guard guard(reloading_);
  std::string error;
  std::shared_ptr<DestinationList> loaded;
  if (!settings_.dbUrl.empty()) {
    loaded = readTable(host_, settings_, error);
  } else {
    loaded = readListFile(settings_.listFile, error);
  }
  if (!loaded) return error;
  list_.store(std::move(loaded));
  return std::nullopt;
}

std::shared_ptr<DestinationList> DispatcherModule::rebuild(const DestinationList& from, int skipSet,
                                                           std::string_view skipUri,
                                                           std::string& error) const {
  auto list = std::make_shared<DestinationList>();
  // Kamailio re-adds every destination in the order it walks its sets.
  for (int id : kamailioSetOrder(from)) {
    for (const auto& d : from.set(id)->destinations) {
      if (id == skipSet && d->uri == skipUri) continue;
      if (!list->add(id, d->uri, d->flags.load() | (d->address.empty() ? kNoDnsResolve : 0),
                     d->priority, d->attrs.body, error)) {
        return nullptr;
      }
    }
  }
  return list;
}

std::optional<std::string> DispatcherModule::addDestination(int setId, const std::string& uri,
                                                            int flags, int priority,
                                                            const std::string& attrs) {
  std::lock_guard guard(reloading_);
  std::string error;
  auto list = rebuild(*list_.load(), -1, {}, error);
  if (!list) return error;
  if (!list->add(setId, uri, flags, priority, attrs, error)) {
    kLog.warn("unable to add destination ", uri, " to set ", setId);
  }
  list->finish();
  list_.store(std::move(list));
  return std::nullopt;
}

std::optional<std::string> DispatcherModule::removeDestination(int setId, const std::string& uri) {
  std::lock_guard guard(reloading_);
  std::string error;
  auto list = rebuild(*list_.load(), setId, uri, error);
  if (!list) return error;
  list->finish();
  list_.store(std::move(list));
  return std::nullopt;
}

bool DispatcherModule::admitRpcReload(std::int64_t now) {
  std::int64_t last = lastRpcReload_.load();
  do {
    if (last != 0 && last > now - settings_.reloadDelta) return false;
  } while (!lastRpcReload_.compare_exchange_weak(last, now));
  return true;
}

bool DispatcherModule::admitReload() {
  return admitRpcReload(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

void DispatcherModule::announce(std::string_view uri, bool down, MessageContext* ctx) {
  const std::string& function = settings_.eventCallback;
  if (function.empty()) return;
  const std::string_view event = down ? "dispatcher:dst-down" : "dispatcher:dst-up";
  if (ctx == nullptr) {
    runEventCallback(host_, function, event, uri);
  } else if (RouteEngine* routing = host_.routing()) {
    routing->runEvent(function, event, *ctx);
  }
}

bool DispatcherModule::updateState(int setId, std::string_view uri, int state,
                                   MessageContext* ctx) {
  auto list = list_.load();
  const DestinationSetData* set = list->set(setId);
  if (set == nullptr) {
    kLog.err("destination set [", setId, "] not found");
    return false;
  }
  const Destination* d = set->find(uri);
  if (d == nullptr) return false;
  bool weightsChanged = false;
  std::optional<bool> wentDown;
  {
    std::lock_guard guard(set->stateLock);
    const int old = d->flags.load();
    int flags = old & ~kStateBits;
    const int asked = state;
    // Inactive stays inactive when trying: it must become active first.
    if ((state & kTrying) != 0 && (old & kInactive) != 0) state = (state & ~kTrying) | kInactive;
    flags |= (state & kDisabled) != 0 ? kDisabled : state;
    if ((state & kTrying) != 0) {
      if (d->messageCount.fetch_add(1) + 1 >= settings_.probingThreshold) {
        flags = (flags & ~kTrying) | kInactive;
        d->messageCount.store(0);
      }
    } else if ((asked & kTrying) == 0 && (old & kInactive) != 0) {
      if (d->messageCount.fetch_add(1) + 1 < settings_.inactiveThreshold) {
        flags |= kInactive;
        if ((old & kProbing) != 0) flags |= kProbing;
      } else {
        d->messageCount.store(0);
      }
    } else {
      d->messageCount.store(0);
    }
    d->flags.store(flags);
    if (skipped(old) != skipped(flags)) {
      wentDown = skipped(flags);
      weightsChanged = d->attrs.rweight > 0;
    }
  }
  // After the lock: the callback may mark destinations itself.
  if (wentDown) announce(uri, *wentDown, ctx);
  if (weightsChanged) set->rebuildRelativeWeights();
  return true;
}

bool DispatcherModule::reinitState(int setId, std::string_view uri, int state) {
  auto list = list_.load();
  const DestinationSetData* set = list->set(setId);
  if (set == nullptr) {
    kLog.err("destination set [", setId, "] not found");
    return false;
  }
  const Destination* d = set->find(uri);
  if (d == nullptr) {
    kLog.err("destination address [", setId, " : ", uri, "] not found");
    return false;
  }
  const int old = d->flags.load();
  d->flags.store((old & ~kStateBits) | state);
  if (d->attrs.rweight > 0 && skipped(old) != skipped(state)) set->rebuildRelativeWeights();
  return true;
}

bool DispatcherModule::reinitDuidState(int setId, std::string_view duid, int state) {
  auto list = list_.load();
  const DestinationSetData* set = list->set(setId);
  if (set == nullptr) {
    kLog.err("destination set [", setId, "] not found");
    return false;
  }
  for (const auto& d : set->destinations) {
    if (!d->attrs.duid.empty() && d->attrs.duid == duid) {
      return reinitState(setId, d->uri, state);
    }
  }
  kLog.err("destination duid [", setId, " : ", duid, "] not found");
  return false;
}

bool DispatcherModule::reinitStateAll(int setId, int state) {
  auto list = list_.load();
  const DestinationSetData* set = list->set(setId);
  if (set == nullptr) {
    kLog.err("destination set [", setId, "] not found");
    return false;
  }
  for (const auto& d : set->destinations) d->flags.store((d->flags.load() & ~kStateBits) | state);
  set->rebuildRelativeWeights();
  return true;
}

DispatcherModule::LoadStripe& DispatcherModule::stripeFor(std::string_view callId) const {
  return loads_[std::hash<std::string_view>{}(callId) % kLoadStripes];
}

void DispatcherModule::changeLoad(int setId, const std::string& duid, int delta) {
  auto list = list_.load();
  const DestinationSetData* set = list->set(setId);
  if (set == nullptr) return;
  for (const auto& d : set->destinations) {
    if (d->attrs.duid == duid) {
      if (delta > 0 || d->load.load() > 0) d->load.fetch_add(delta);
      return;
    }
  }
}

bool DispatcherModule::addLoad(std::string_view callId, int setId, const std::string& duid) {
  if (settings_.hashSize <= 0 || duid.empty()) return false;
  LoadStripe& stripe = stripeFor(callId);
  {
    std::lock_guard guard(stripe.lock);
    stripe.calls[std::string(callId)] = {.setId = setId,
                                         .duid = duid,
                                         .confirmed = false,
                                         .expires = secondsNow() + settings_.hashInitExpire};
  }
  changeLoad(setId, duid, 1);
  return true;
}

bool DispatcherModule::removeLoad(std::string_view callId) {
  LoadStripe& stripe = stripeFor(callId);
  LoadEntry entry;
  {
    std::lock_guard guard(stripe.lock);
    auto it = stripe.calls.find(std::string(callId));
    if (it == stripe.calls.end()) return false;
    entry = std::move(it->second);
    stripe.calls.erase(it);
  }
  changeLoad(entry.setId, entry.duid, -1);
  return true;
}

bool DispatcherModule::confirmLoad(std::string_view callId) {
  LoadStripe& stripe = stripeFor(callId);
  std::lock_guard guard(stripe.lock);
  auto it = stripe.calls.find(std::string(callId));
  if (it == stripe.calls.end()) return false;
  it->second.confirmed = true;
  it->second.expires = secondsNow() + settings_.hashExpire;
  return true;
}

bool DispatcherModule::replaceLoad(std::string_view callId, const std::string& duid) {
  int setId = 0;
  std::string old;
  {
    LoadStripe& stripe = stripeFor(callId);
    std::lock_guard guard(stripe.lock);
    auto it = stripe.calls.find(std::string(callId));
    if (it == stripe.calls.end()) return false;
    setId = it->second.setId;
    old = std::exchange(it->second.duid, duid);
  }
  changeLoad(setId, old, -1);
  changeLoad(setId, duid, 1);
  return true;
}

bool DispatcherModule::hasLoad(std::string_view callId) const {
  LoadStripe& stripe = stripeFor(callId);
  std::lock_guard guard(stripe.lock);
  return stripe.calls.contains(std::string(callId));
}

void DispatcherModule::expireLoads() {
  const std::int64_t now = secondsNow();
  for (LoadStripe& stripe : loads_) {
    std::vector<LoadEntry> expired;
    {
      std::lock_guard guard(stripe.lock);
      for (auto it = stripe.calls.begin(); it != stripe.calls.end();) {
        if (it->second.expires < now) {
          expired.push_back(std::move(it->second));
          it = stripe.calls.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (const LoadEntry& e : expired) changeLoad(e.setId, e.duid, -1);
  }
}

}  // namespace kemid::dispatcher
