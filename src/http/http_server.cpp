#include "http/http_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <prometheus/counter.h>

#include <istream>
#include <optional>
#include <stdexcept>

#include "core/log.h"
#include "core/rpc_registry.h"
#include "http/core_rpc.h"
#include "http/json_rpc.h"
#include "http/metrics.h"

namespace kemid {

namespace {

const Logger kLog{"http"};

constexpr int kMinThreads = 1;
constexpr int kMaxThreads = 4;
constexpr int kMaxQueued = 64;
constexpr int kKeepAliveSeconds = 5;

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
    const std::string& given = request.get("Authorization", "");
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
  Handler(const JsonRpcDispatcher& dispatcher, const Metrics& metrics, const RpcAccess& access)
      : dispatcher_(dispatcher), metrics_(metrics), access_(access) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    try {
      send(response, answer(request));
    } catch (const std::exception& e) {
      kLog.err("HTTP ", request.getMethod(), " ", request.getURI(), " failed: ", e.what());
      if (!response.sent()) send(response, plain(500, "Internal Server Error", "error\n"));
    }
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
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(const JsonRpcDispatcher& dispatcher, const Metrics& metrics,
                 const RpcAccess& access)
      : dispatcher_(dispatcher), metrics_(metrics), access_(access) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(dispatcher_, metrics_, access_);  // Poco takes ownership
  }

 private:
  const JsonRpcDispatcher& dispatcher_;
  const Metrics& metrics_;
  const RpcAccess& access_;
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
    // An idle keep-alive connection holds one of the few threads.
    params->setKeepAliveTimeout(Poco::Timespan(kKeepAliveSeconds, 0));
    server_ = std::make_unique<Poco::Net::HTTPServer>(
        new HandlerFactory(*dispatcher_, *metrics_, access_), *threads_, socket, params);
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
  server_->stopAll(true);
  threads_->joinAll();
}

}  // namespace kemid
