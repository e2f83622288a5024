// kemictl [-s URL] [-t TOKEN] [--json] method [params...]: one JSON-RPC call
// to kemid's /RPC, as kamcmd does over binrpc. kemictl [-f CONFIG] [-d DBURL]
// db ... | subscriber ...: database commands, as kamdbctl and kamctl
// (db_commands.h).

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/config_error.h"
#include "db/db.h"
#include "kemictl/db_commands.h"
#include "kemictl/kamctl_commands.h"
#include "kemictl/rpc_client.h"

namespace {

constexpr int kExitFault = 1;
constexpr int kExitUnreachable = 2;
constexpr int kExitUsage = 64;
constexpr const char* kDefaultUrl = "http://127.0.0.1:9060/RPC";

void usage(std::ostream& out) {
  out << "usage: kemictl [-s URL] [-t TOKEN] [--json] method [params...]\n"
         "       kemictl [-s URL] [-t TOKEN] [--json] ul show [--brief|AOR] | ul rm AOR "
         "[CONTACT]\n"
         "       kemictl [-s URL] [-t TOKEN] [--json] dispatcher show | dispatcher reload\n"
         "       kemictl [-f CONFIG] [-d DBURL] db init [DBURL]\n"
         "       kemictl [-f CONFIG] [-d DBURL] subscriber add USER@DOMAIN PASSWORD | rm "
         "USER@DOMAIN | list\n"
         "  -s URL   kemid's JSON-RPC endpoint (default "
      << kDefaultUrl
      << ")\n"
         "  -t TOKEN the bearer token kemid's http_token asks for (default: the\n"
         "           KEMID_RPC_TOKEN environment variable)\n"
         "  --json   print the JSON answer as received\n"
         "  params that look numeric are sent as numbers; prefix s: to force a string\n"
         "  -d DBURL the database (default: the db_url of CONFIG, else "
      << kemid::db::kDefaultDbUrl
      << ")\n"
         "  -f CONFIG the kemid config to read db_url from (default " KEMID_CONFIG_FILE ")\n";
}

// -d, else the config's db_url (-f, or the installed config when it
// exists), else the embedded default.
std::optional<std::string> databaseUrl(const std::string& given, const std::string& configFile) {
  if (!given.empty()) return given;
  const bool explicitConfig = !configFile.empty();
  const std::string file = explicitConfig ? configFile : KEMID_CONFIG_FILE;
  if (explicitConfig || std::filesystem::exists(file)) {
    try {
      if (auto url = kemid::ctl::dbUrlFromConfig(file)) return *url;
    } catch (const kemid::ConfigError& e) {
      std::cerr << "error: " << e.what() << "\n";
      return std::nullopt;
    }
  }
  return std::string(kemid::db::kDefaultDbUrl);
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = kDefaultUrl;
  const char* tokenFromEnvironment = std::getenv("KEMID_RPC_TOKEN");
  std::string token = tokenFromEnvironment != nullptr ? tokenFromEnvironment : "";
  std::string dbUrl;
  std::string configFile;
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
    } else if (words.empty() && arg == "-t") {
      if (++i >= argc) {
        std::cerr << "error: -t needs a token\n";
        return kExitUsage;
      }
      token = argv[i];
    } else if (words.empty() && (arg == "-d" || arg == "-f")) {
      if (++i >= argc) {
        std::cerr << "error: " << arg << " needs a value\n";
        return kExitUsage;
      }
      (arg == "-d" ? dbUrl : configFile) = argv[i];
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
  if (kemid::ctl::isDbCommand(words.front())) {
    std::optional<std::string> database = databaseUrl(dbUrl, configFile);
    if (!database) return kExitUsage;
    return kemid::ctl::runDbCommand(words, *database, std::cout, std::cerr);
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
    if (!token.empty()) request.set("Authorization", "Bearer " + token);
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
