#pragma once
// HTTP from tests: GET /metrics and POST /RPC against a running kemid.

#include <string>

namespace kemid::test {

struct HttpResult {
  int status = 0;
  std::string reason;
  std::string contentType;
  std::string body;
};

// One request to 127.0.0.1:`port`; a POST body is sent as application/json.
// Throws Poco::Exception when nothing answers.
HttpResult httpRequest(int port, const std::string& method, const std::string& path,
                       const std::string& body = "");

// The value of the sample whose name (with labels, as a regex) is `name` in
// a Prometheus exposition; -1 when absent.
long long metricValue(const std::string& exposition, const std::string& name);

}  // namespace kemid::test
