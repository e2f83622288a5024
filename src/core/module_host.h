#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "core/route_statistics.h"
#include "core/statistics_registry.h"

namespace kemid {

struct MessageContext;
class KemiRegistry;
class RpcRegistry;
class SipNetwork;

// An interface a module publishes for other modules and the core
// (Kamailio's load_tm_api). It names itself and states its version:
//   static constexpr std::string_view kApiName = "tm";
//   static constexpr std::uint32_t kApiVersion = 1;
// Bump kApiVersion whenever the struct's layout or meaning changes, so that
// a module built against the old one is refused instead of misreading it.
template <class Api>
concept VersionedApi = requires {
  { Api::kApiName } -> std::convertible_to<std::string_view>;
  { Api::kApiVersion } -> std::convertible_to<std::uint32_t>;
};

// What a hook did with the message offered to it.
enum class HookVerdict {
  Pass,      // not for this hook: the next hook, then the core, handles it
  Absorbed,  // consumed, nothing is sent for it (sl: the ACK to its own reply)
  Taken,     // handled by the hook from here on (tm: a reply of its transaction)
};

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
  // reply route (ksr_reply_route) ran, until one does not Pass. A reply
  // every hook passes is forwarded statelessly by the core.
  using ReplyHook = std::function<HookVerdict(MessageContext& reply)>;
  void addReplyHook(ReplyHook hook) { replyHooks_.push_back(std::move(hook)); }
  const std::vector<ReplyHook>& replyHooks() const { return replyHooks_; }

  // Received requests are offered to these hooks before the request route,
  // until one does not Pass; the script sees only requests every hook passed.
  using RequestHook = std::function<HookVerdict(MessageContext& request)>;
  void addRequestHook(RequestHook hook) { requestHooks_.push_back(std::move(hook)); }
  const std::vector<RequestHook>& requestHooks() const { return requestHooks_; }

  // Run after the request route returned, for every request that reached it
  // (tm: sends a pending error reply, releases a transaction the script left).
  using RequestDoneHook = std::function<void(MessageContext& request)>;
  void addRequestDoneHook(RequestDoneHook hook) { requestDoneHooks_.push_back(std::move(hook)); }
  const std::vector<RequestDoneHook>& requestDoneHooks() const { return requestDoneHooks_; }

  // Evaluates a text with pseudo-variables for a message; pv sets it at
  // init, so that core settings such as log_prefix may hold variables.
  // nullopt when the text does not parse.
  using MessageFormatter =
      std::function<std::optional<std::string>(std::string_view text, MessageContext& ctx)>;
  void setMessageFormatter(MessageFormatter formatter) { messageFormatter_ = std::move(formatter); }
  const MessageFormatter& messageFormatter() const { return messageFormatter_; }

  // Publishes `api` under Api::kApiName; false if that name is taken. Api
  // is always spelled out (publishApi<TmApi>(*tm)): deduced from a derived
  // object, it would publish the wrong type.
  template <VersionedApi Api>
  bool publishApi(std::type_identity_t<Api>& api) {
    return apis_
        .emplace(std::string(Api::kApiName), Published{&api, Api::kApiVersion, typeid(Api).name()})
        .second;
  }

  // Forgets every published API, hook and registered statistic; the modules
  // behind them are being unloaded.
  void withdrawApis() {
    statistics_.clear();
    apis_.clear();
    replyHooks_.clear();
    requestHooks_.clear();
    requestDoneHooks_.clear();
    messageFormatter_ = nullptr;
    engines_.clear();
    routing_.reset();
  }

  // The API published under Api::kApiName, or null when its module is not
  // loaded (or not initialised yet: load order matters, as in Kamailio).
  // Also null when what is published there is another version or type of
  // the API: that is logged as an error and, if `mismatch` is given, said
  // there too.
  template <VersionedApi Api>
  Api* findApi(std::string* mismatch = nullptr) const {
    auto it = apis_.find(Api::kApiName);
    if (it == apis_.end()) return nullptr;
    const Published& published = it->second;
    if (!matches(published, Api::kApiName, Api::kApiVersion, typeid(Api).name(), mismatch)) {
      return nullptr;
    }
    // The name, version and type were checked above.
    return static_cast<Api*>(published.api);
  }

 private:
  struct Published {
    void* api;
    std::uint32_t version;
    std::string typeName;  // mangled, std::type_info::name()
  };

  // Whether `published` is the API the caller was built against; if not,
  // logs why and stores it in `mismatch` (when given).
  static bool matches(const Published& published, std::string_view name, std::uint32_t version,
                      const char* typeName, std::string* mismatch);

  KemiRegistry& kemi_;
  RpcRegistry& rpc_;
  SipNetwork* network_ = nullptr;
  RouteStatistics routeStatistics_;
  StatisticsRegistry statistics_;
  std::optional<MeasuredRouteEngine> routing_;
  std::vector<ReplyHook> replyHooks_;
  std::vector<RequestHook> requestHooks_;
  std::vector<RequestDoneHook> requestDoneHooks_;
  MessageFormatter messageFormatter_;
  std::map<std::string, Published, std::less<>> apis_;
  std::map<std::string, RouteEngine*, std::less<>> engines_;
};

}  // namespace kemid
