// kemictl [-s URL] [--json] method [params...]: one JSON-RPC call to kemid's
// /RPC, as kamcmd does over binrpc.

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <iostream>
#include <string>
#include <vector>

#include "kemictl/kamctl_commands.h"
#include "kemictl/rpc_client.h"

namespace {

constexpr int kExitFault = 1;
constexpr int kExitUnreachable = 2;
constexpr int kExitUsage = 64;
constexpr const char* kDefaultUrl = "http://127.0.0.1:9060/RPC";

void usage(std::ostream& out) {
  out << "usage: kemictl [-s URL] [--json] method [params...]\n"
         "       kemictl [-s URL] [--json] ul show [--brief|AOR] | ul rm AOR [CONTACT]\n"
         "  -s URL   kemid's JSON-RPC endpoint (default "
      << kDefaultUrl
      << ")\n"
         "  --json   print the JSON answer as received\n"
         "  params that look numeric are sent as numbers; prefix s: to force a string\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = kDefaultUrl;
  bool json = false;
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (words.empty() && (arg == "-h" || arg == "--help")) {
      usage(std::cout);
      return 0;
    }
    if (words.empty() && arg == "-s") {
      if (++i >= argc) {
        std::cerr << "error: -s needs a URL\n";
        return kExitUsage;
      }
      url = argv[i];
    } else if (words.empty() && arg == "--json") {
      json = true;
    } else {
      words.push_back(arg);
    }
  }
  if (words.empty()) {
    usage(std::cerr);
    return kExitUsage;
  }
  std::string method = words.front();
  std::vector<std::string> args(words.begin() + 1, words.end());
  if (auto command = kemid::ctl::kamctlCommand(words)) {
    method = std::move(command->method);
    args = std::move(command->args);
  }

  std::string body;
  Poco::Net::HTTPResponse response;
  try {
    Poco::URI uri(url);
    if (uri.getScheme() != "http") {
      std::cerr << "error: only http:// URLs are supported: " << url << "\n";
      return kExitUsage;
    }
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(30, 0));
    std::string path = uri.getPathAndQuery().empty() ? "/RPC" : uri.getPathAndQuery();
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    const std::string payload = kemid::ctl::buildRequest(method, args);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(payload.size()));
    session.sendRequest(request) << payload;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
  } catch (const Poco::Exception& e) {
    std::cerr << "error: cannot reach " << url << ": " << e.displayText() << "\n";
    return kExitUnreachable;
  }

  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    parsed = parser.parse(body);
  } catch (const Poco::Exception&) {
    std::cerr << "error: " << static_cast<int>(response.getStatus()) << " - "
              << response.getReason() << " (not a JSON-RPC answer)\n";
    return kExitFault;
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    std::cerr << "error: unexpected answer: " << body << "\n";
    return kExitFault;
  }
  const auto answer = parsed.extract<Poco::JSON::Object::Ptr>();
  if (answer->has("error")) {
    if (json) std::cout << body << "\n";
    auto error = answer->getObject("error");
    std::string code = error ? error->get("code").toString() : "?";
    std::string message = error ? error->get("message").toString() : body;
    // kamcmd's form: "error: 500 - command no.such not found".
    std::cerr << "error: " << code << " - " << message << "\n";
    return kExitFault;
  }
  if (json) {
    std::cout << body << "\n";
    return 0;
  }
  std::cout << kemid::ctl::humanReadable(answer->get("result"));
  return 0;
}
