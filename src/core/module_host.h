#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/route_statistics.h"
#include "core/statistics_registry.h"

namespace kemid {

struct MessageContext;
class KemiRegistry;
class RpcRegistry;
class SipNetwork;

// What a module may ask the core for during init: the registries, and the
// APIs other modules publish (Kamailio's load_tm_api pattern), so that
// modules never link to each other.
class ModuleHost {
 public:
  ModuleHost(KemiRegistry& kemi, RpcRegistry& rpc) : kemi_(kemi), rpc_(rpc) {}

  KemiRegistry& kemi() { return kemi_; }
  RpcRegistry& rpc() { return rpc_; }

  // The SIP network (sockets); set by the application before module init,
  // null in tools that only check a config.
  SipNetwork* network() const { return network_; }
  void setNetwork(SipNetwork* network) { network_ = network; }

  // Route engines by name ("lua"), registered by their modules' init hooks;
  // `cfgengine` picks one.
  bool registerRouteEngine(std::string name, RouteEngine* engine) {
    return engines_.emplace(std::move(name), engine).second;
  }
  RouteEngine* routeEngine(std::string_view name) const {
    auto it = engines_.find(name);
    return it == engines_.end() ? nullptr : it->second;
  }

  // The engine `cfgengine` selected, measured (RouteStatistics); set by the
  // application once every module is initialised, so modules look it up
  // when they route, not at init.
  RouteEngine* routing() { return routing_ ? &*routing_ : nullptr; }
  void setRouting(RouteEngine* engine) {
    routing_.reset();
    if (engine != nullptr) routing_.emplace(*engine, routeStatistics_);
  }

  // Time and failures per script callback, and reload results.
  RouteStatistics& routeStatistics() { return routeStatistics_; }
  const RouteStatistics& routeStatistics() const { return routeStatistics_; }

  // Where the core and the modules register their statistics and metrics
  // (at init), and what /metrics and stats.* read.
  StatisticsRegistry& statistics() { return statistics_; }
  const StatisticsRegistry& statistics() const { return statistics_; }

  // Received replies are offered to these hooks in order after the core
  // reply route (ksr_reply_route) ran; the first that returns true has taken
  // the reply (tm: it matched a transaction). A reply nobody takes is
  // forwarded statelessly by the core.
  using ReplyHook = std::function<bool(MessageContext& reply)>;
  void addReplyHook(ReplyHook hook) { replyHooks_.push_back(std::move(hook)); }
  const std::vector<ReplyHook>& replyHooks() const { return replyHooks_; }

  // Received requests are offered to these hooks before the request route;
  // the first that returns true has absorbed the request and the script does
  // not see it (sl: the ACK to its own negative reply).
  using RequestHook = std::function<bool(MessageContext& request)>;
  void addRequestHook(RequestHook hook) { requestHooks_.push_back(std::move(hook)); }
  const std::vector<RequestHook>& requestHooks() const { return requestHooks_; }

  // Run after the request route returned, for every request that reached it
  // (tm: sends a pending error reply, releases a transaction the script left).
  using RequestDoneHook = std::function<void(MessageContext& request)>;
  void addRequestDoneHook(RequestDoneHook hook) { requestDoneHooks_.push_back(std::move(hook)); }
  const std::vector<RequestDoneHook>& requestDoneHooks() const { return requestDoneHooks_; }

  // Publishes `api` under `name` ("tm"); returns false if the name is taken.
  bool publishApi(std::string name, void* api) {
    return apis_.emplace(std::move(name), api).second;
  }

  // Forgets every published API, hook and registered statistic; the modules
  // behind them are being unloaded.
  void withdrawApis() {
    statistics_.clear();
    apis_.clear();
    replyHooks_.clear();
    requestHooks_.clear();
    requestDoneHooks_.clear();
    engines_.clear();
    routing_.reset();
  }

  // The API published under `name`, or null when that module is not loaded
  // (or not initialised yet: load order matters, as in Kamailio).
  template <class Api>
  Api* findApi(std::string_view name) const {
    auto it = apis_.find(name);
    return it == apis_.end() ? nullptr : static_cast<Api*>(it->second);
  }

 private:
  KemiRegistry& kemi_;
  RpcRegistry& rpc_;
  SipNetwork* network_ = nullptr;
  RouteStatistics routeStatistics_;
  StatisticsRegistry statistics_;
  std::optional<MeasuredRouteEngine> routing_;
  std::vector<ReplyHook> replyHooks_;
  std::vector<RequestHook> requestHooks_;
  std::vector<RequestDoneHook> requestDoneHooks_;
  std::map<std::string, void*, std::less<>> apis_;
  std::map<std::string, RouteEngine*, std::less<>> engines_;
};

}  // namespace kemid
