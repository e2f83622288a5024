#pragma once
// JSON-RPC 2.0 as Kamailio's jsonrpcs answers it over HTTP:
// tab-indented replies, Kamailio's fault codes as HTTP statuses.

#include <Poco/Dynamic/Var.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kemid {

class RpcRegistry;

struct HttpAnswer {
  int status = 200;
  std::string reason = "OK";
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // more header fields
};

// A value as Kamailio's pretty_format=1 prints it (cJSON's formatted
// output): objects one member a line indented with tabs, arrays inline.
std::string prettyJson(const Poco::Dynamic::Var& value);

class JsonRpcDispatcher {
 public:
  // Told of every call of a registered method: its name and whether it
  // succeeded (for the kemid_rpc_calls_total metric).
  using Observer = std::function<void(const std::string& method, bool ok)>;

  explicit JsonRpcDispatcher(const RpcRegistry& registry, Observer observer = {})
      : registry_(registry), observer_(std::move(observer)) {}

  // One HTTP request body to its answer. Never throws.
  HttpAnswer handle(std::string_view body) const;

 private:
  const RpcRegistry& registry_;
  Observer observer_;
};

}  // namespace kemid
