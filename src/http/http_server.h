#pragma once
// kemid's HTTP listener (config.core.httpListen): GET /metrics and
// POST /RPC, on its own small thread pool so that it never takes a SIP
// worker.

#include <memory>
#include <string>

#include "core/ip_networks.h"

namespace Poco {
class ThreadPool;
namespace Net {
class TCPServer;
}
}  // namespace Poco

namespace kemid {

class ConnectionGuard;
class CoreRpcState;
class JsonRpcDispatcher;
class Metrics;
class RpcRegistry;
class StatisticsRegistry;

inline constexpr std::size_t kMaxRpcBodySize = 1024 * 1024;

// Who may call /RPC (http_allow, http_token). /metrics stays open: a
// Prometheus scrape carries no credentials by default.
struct RpcAccess {
  IpNetworks allowed;  // empty: any source address
  std::string token;   // empty: no Authorization needed
};

class HttpServer {
 public:
  // Registers the core RPC commands in `rpc`, binds `listen` ("host:port")
  // and starts serving. Throws std::runtime_error when it cannot bind.
  HttpServer(const std::string& listen, StatisticsRegistry& statistics, RpcRegistry& rpc,
             RpcAccess access = {});
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Stops accepting and waits for the requests being served.
  void stop();

  // The port bound (useful with port 0).
  int port() const { return port_; }

 private:
  std::unique_ptr<CoreRpcState> coreRpc_;
  std::unique_ptr<JsonRpcDispatcher> dispatcher_;
  std::unique_ptr<Metrics> metrics_;
  RpcAccess access_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<ConnectionGuard> guard_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace kemid
