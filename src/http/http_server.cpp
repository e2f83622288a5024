#include "http/http_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <prometheus/counter.h>

#include <istream>
#include <optional>
#include <stdexcept>

#include "core/log.h"
#include "core/rpc_registry.h"
#include "http/connection_guard.h"
#include "http/core_rpc.h"
#include "http/json_rpc.h"
#include "http/metrics.h"

namespace kemid {

namespace {

const Logger kLog{"http"};

constexpr int kMinThreads = 1;
constexpr int kMaxThreads = 8;
constexpr int kMaxQueued = 64;
// An idle keep-alive connection, or a client that sends nothing for this
// long, is closed.
constexpr int kIdleSeconds = 5;
// A client that trickles its request (slowloris) is closed after this long
// without a complete one.
constexpr std::chrono::seconds kRequestDeadline{10};
// One source address holds at most half of the threads, so another one
// (the Prometheus server, an operator) always gets served.
constexpr std::size_t kMaxConnectionsPerSource = kMaxThreads / 2;

// The guarded connection the current HTTP thread serves (0: none).
thread_local std::uint64_t currentConnection = 0;

void send(Poco::Net::HTTPServerResponse& response, const HttpAnswer& answer) {
  response.setStatus(std::to_string(answer.status));
  response.setReason(answer.reason);
  response.setContentType(answer.contentType);
  response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
  for (const auto& [name, value] : answer.headers) response.set(name, value);
  response.send() << answer.body;
}

HttpAnswer plain(int status, std::string reason, std::string body) {
  HttpAnswer answer;
  answer.status = status;
  answer.reason = std::move(reason);
  answer.contentType = "text/plain";
  answer.body = std::move(body);
  return answer;
}

// What is read of a refused body so that the client sees the 400 instead
// of a connection reset while it is still sending.
constexpr std::streamsize kMaxDrained = 4 * static_cast<std::streamsize>(kMaxRpcBodySize);

// Reads at most kMaxRpcBodySize bytes; nullopt when the body is larger.
std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request) {
  std::istream& in = request.stream();
  if (request.hasContentLength() &&
      request.getContentLength64() > static_cast<Poco::Int64>(kMaxRpcBodySize)) {
    in.ignore(kMaxDrained);
    return std::nullopt;
  }
  std::string body;
  char buf[8192];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    body.append(buf, static_cast<std::size_t>(in.gcount()));
    if (body.size() > kMaxRpcBodySize) {
      in.ignore(kMaxDrained);
      return std::nullopt;
    }
  }
  return body;
}

// Compares in time independent of where the texts first differ, so that
// the token cannot be guessed a byte at a time from answer times.
bool sameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

// Why `request` may not call /RPC (an answer to send), or nullopt.
std::optional<HttpAnswer> refusal(const Poco::Net::HTTPServerRequest& request,
                                  const RpcAccess& access) {
  if (!access.allowed.empty()) {
    const std::string source = request.clientAddress().host().toString();
    if (!access.allowed.contains(source)) {
      kLog.warn("RPC from ", source, " refused: not in http_allow");
      return plain(403, "Forbidden", "this address may not call /RPC (http_allow)\n");
    }
  }
  if (!access.token.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    // A copy: get() with a default returns a reference to that default.
    const std::string given = request.get("Authorization", std::string());
    if (!given.starts_with(kBearer) ||
        !sameSecret(std::string_view(given).substr(kBearer.size()), access.token)) {
      kLog.warn("RPC from ", request.clientAddress().host().toString(),
                " refused: missing or wrong bearer token");
      HttpAnswer answer = plain(401, "Unauthorized", "a bearer token is required (http_token)\n");
      answer.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"kemid\"");
      return answer;
    }
  }
  return std::nullopt;
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(const JsonRpcDispatcher& dispatcher, const Metrics& metrics, const RpcAccess& access,
          ConnectionGuard& guard)
      : dispatcher_(dispatcher), metrics_(metrics), access_(access), guard_(guard) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    try {
      send(response, answer(request));
    } catch (const std::exception& e) {
      kLog.err("HTTP ", request.getMethod(), " ", request.getURI(), " failed: ", e.what());
      if (!response.sent()) send(response, plain(500, "Internal Server Error", "error\n"));
    }
    guard_.answered(currentConnection);
  }

 private:
  HttpAnswer answer(Poco::Net::HTTPServerRequest& request) {
    const std::string path = Poco::URI(request.getURI()).getPath();
    const std::string& method = request.getMethod();
    if (path == "/metrics") {
      if (method != Poco::Net::HTTPRequest::HTTP_GET) {
        return plain(405, "Method Not Allowed", "GET /metrics\n");
      }
      HttpAnswer answer = plain(200, "OK", metrics_.render());
      answer.contentType = "text/plain; version=0.0.4";
      return answer;
    }
    if (path == "/RPC") {
      if (method != Poco::Net::HTTPRequest::HTTP_POST) {
        return plain(405, "Method Not Allowed", "POST /RPC\n");
      }
      if (auto refused = refusal(request, access_)) return *refused;
      auto body = readBody(request);
      if (!body) return plain(400, "Bad Request", "request body larger than 1 MiB\n");
      return dispatcher_.handle(*body);
    }
    return plain(404, "Not Found", "Not Found\n");
  }

  const JsonRpcDispatcher& dispatcher_;
  const Metrics& metrics_;
  const RpcAccess& access_;
  ConnectionGuard& guard_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(const JsonRpcDispatcher& dispatcher, const Metrics& metrics,
                 const RpcAccess& access, ConnectionGuard& guard)
      : dispatcher_(dispatcher), metrics_(metrics), access_(access), guard_(guard) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(dispatcher_, metrics_, access_, guard_);  // Poco takes ownership
  }

 private:
  const JsonRpcDispatcher& dispatcher_;
  const Metrics& metrics_;
  const RpcAccess& access_;
  ConnectionGuard& guard_;
};

// Poco's HTTP connection, served only when the guard admits it and under
// its deadlines.
class GuardedConnection : public Poco::Net::HTTPServerConnection {
 public:
  GuardedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr factory, ConnectionGuard& guard)
      : HTTPServerConnection(socket, std::move(params), std::move(factory)), guard_(guard) {}

  void run() override {
    ConnectionGuard::Admission admission = guard_.admit(socket());
    if (admission.id() == 0) return;  // closed when this connection is destroyed
    currentConnection = admission.id();
    HTTPServerConnection::run();
    currentConnection = 0;
  }

 private:
  ConnectionGuard& guard_;
};

class GuardedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  GuardedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                           Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                           ConnectionGuard& guard)
      : params_(std::move(params)), factory_(std::move(factory)), guard_(guard) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new GuardedConnection(socket, params_, factory_, guard_);  // Poco takes ownership
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  ConnectionGuard& guard_;
};

// Warns when /RPC can be reached from beyond this host without any check:
// anyone who reaches it can reload the script or reset statistics.
void warnIfExposed(const Poco::Net::SocketAddress& bound, const RpcAccess& access) {
  const Poco::Net::IPAddress& host = bound.host();
  if (host.isLoopback() || !access.allowed.empty() || !access.token.empty()) return;
  kLog.warn("http_listen ", bound.toString(),
            " is reachable beyond loopback and /RPC has neither http_allow nor http_token:"
            " anyone who can connect can manage kemid");
}

}  // namespace

HttpServer::HttpServer(const std::string& listen, StatisticsRegistry& statistics, RpcRegistry& rpc,
                       RpcAccess access)
    : access_(std::move(access)) {
  coreRpc_ = std::make_unique<CoreRpcState>(rpc, statistics);
  rpc.add(coreRpcCommands(), coreRpc_.get());
  metrics_ = std::make_unique<Metrics>(statistics);
  // RPC outcomes, e.g. a refused app_lua.reload (a script that does not compile).
  auto& calls = prometheus::BuildCounter()
                    .Name("kemid_rpc_calls_total")
                    .Help("JSON-RPC calls of known methods, by method and result.")
                    .Register(metrics_->registry());
  dispatcher_ =
      std::make_unique<JsonRpcDispatcher>(rpc, [&calls](const std::string& method, bool ok) {
        calls.Add({{"method", method}, {"result", ok ? "ok" : "fault"}}).Increment();
      });
  try {
    Poco::Net::ServerSocket socket{Poco::Net::SocketAddress(listen)};
    port_ = socket.address().port();
    threads_ = std::make_unique<Poco::ThreadPool>("http", kMinThreads, kMaxThreads);
    auto params = Poco::makeAuto<Poco::Net::HTTPServerParams>();
    params->setMaxThreads(kMaxThreads);
    params->setMaxQueued(kMaxQueued);
    params->setKeepAliveTimeout(Poco::Timespan(kIdleSeconds, 0));
    params->setTimeout(Poco::Timespan(kIdleSeconds, 0));
    guard_ = std::make_unique<ConnectionGuard>(kRequestDeadline, kMaxConnectionsPerSource);
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers =
        new HandlerFactory(*dispatcher_, *metrics_, access_, *guard_);
    server_ = std::make_unique<Poco::Net::TCPServer>(
        new GuardedConnectionFactory(params, handlers, *guard_), *threads_, socket, params);
    warnIfExposed(socket.address(), access_);
    server_->start();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("http_listen " + listen + ": " + e.displayText());
  }
  kLog.info("HTTP listening on ", listen, " (/metrics, /RPC)");
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::stop() {
  if (stopped_ || !server_) return;
  stopped_ = true;
  server_->stop();     // no new connections
  guard_->closeAll();  // the open ones end now, also an idle keep-alive or a slow client
  threads_->joinAll();
}

}  // namespace kemid
