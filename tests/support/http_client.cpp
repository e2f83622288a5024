#include "support/http_client.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <regex>

namespace kemid::test {

HttpResult httpRequest(int port, const std::string& method, const std::string& path,
                       const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (method == Poco::Net::HTTPRequest::HTTP_POST) {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  HttpResult result;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), result.body);
  result.status = static_cast<int>(response.getStatus());
  result.reason = response.getReason();
  result.contentType = response.getContentType();
  return result;
}

long long metricValue(const std::string& exposition, const std::string& name) {
  std::smatch m;
  std::regex line("(^|\n)" + name + " ([0-9.e+]+)\n");
  if (!std::regex_search(exposition, m, line)) return -1;
  return static_cast<long long>(std::stod(m[2].str()));
}

}  // namespace kemid::test
