#include "support/loopback_port.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace kemid::test {

std::uint16_t freeLoopbackPort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  return socket.address().port();
}

bool acceptsOnLoopback(std::uint16_t port) {
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(0, 200000));
    return true;
  } catch (const Poco::Exception&) {
    return false;
  }
}

bool listensOnLoopback(std::uint16_t port) {
  // "  sl  local_address rem_address   st ...": addresses in hex, state 0A
  // is LISTEN.
  std::ifstream table("/proc/net/tcp");
  std::string line;
  char wanted[2][16];
  std::snprintf(wanted[0], sizeof wanted[0], "0100007F:%04X", port);
  std::snprintf(wanted[1], sizeof wanted[1], "00000000:%04X", port);
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    if (state == "0A" && (local == wanted[0] || local == wanted[1])) return true;
  }
  return false;
}

}  // namespace kemid::test
