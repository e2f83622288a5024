#pragma once
// The core's view of the SIP network: where a message came from and how to
// send one. src/transport implements SipNetwork; plugins (sl, tm) reach it
// through ModuleHost, never the sockets themselves.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/config.h"

namespace kemid {

// An IP endpoint in text form ("127.0.0.1", "::1") plus port.
struct Endpoint {
  std::string ip;
  std::uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

// How a message arrived: its source, and the local socket that took it.
struct ReceiveInfo {
  Endpoint source;
  Endpoint local;
  Transport transport = Transport::Udp;
  int socketIndex = 0;  // index into SipNetwork's sockets, used to reply from the same one
};

class SipNetwork {
 public:
  virtual ~SipNetwork() = default;

  // Sends one datagram from the socket `socketIndex` (thread-safe, no lock
  // held by the caller). Returns false and logs when the send fails.
  virtual bool send(int socketIndex, const Endpoint& to, std::string_view data) = 0;

  // The socket to send to `to` from: the first one of the same address family.
  virtual int socketFor(const Endpoint& to) const = 0;

  // The address and port a socket advertises (for Via, Record-Route).
  virtual const Endpoint& advertised(int socketIndex) const = 0;

  // True if host:port is one of ours (listen addresses and aliases):
  // "myself". Port 0 means the SIP default, 5060.
  virtual bool isMyself(std::string_view host, std::uint16_t port) const = 0;
  // True if host is one of ours on any port.
  virtual bool isMyselfHost(std::string_view host) const = 0;
};

}  // namespace kemid
