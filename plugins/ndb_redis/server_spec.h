#pragma once
// One ndb_redis `server` modparam: "name=srv;addr=127.0.0.1;port=6379;db=0"
// with optional "pass=..." and "unix=/path/to/redis.sock" (which wins over
// addr and port). As Kamailio, a port or db that is not a number falls back
// to its default (6379, 0); attributes it does not use are accepted.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kemid::ndb_redis {

struct ServerSpec {
  std::string name;
  std::string address = "127.0.0.1";
  std::uint16_t port = 6379;
  int database = 0;
  std::string password;
  std::string unixSocket;  // empty: connect to address:port

  // "127.0.0.1:6379/0" or "unix:/path db:0", for logs.
  std::string describe() const;
};

// Parses a spec; nullopt with `error` saying why when it has no name or an
// attribute is not name=value.
std::optional<ServerSpec> parseServerSpec(std::string_view text, std::string& error);

}  // namespace kemid::ndb_redis
