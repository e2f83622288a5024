#pragma once
// The core's view of the SIP network: where a message came from and how to
// send one. src/transport implements SipNetwork; plugins (sl, tm) reach it
// through ModuleHost, never the sockets themselves.

#include <cstddef>
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

// A TCP connection, as the network numbers them: 0 is none (UDP).
using ConnectionId = std::uint64_t;

// How a message arrived: its source, and the local socket that took it.
struct ReceiveInfo {
  Endpoint source;
  Endpoint local;
  Transport transport = Transport::Udp;
  int socketIndex = 0;          // index into SipNetwork's sockets, used to reply from the same one
  ConnectionId connection = 0;  // the stream it came on, for the replies (RFC 3261 §18.2.2)
};

// Where a message goes: the address, the socket it leaves from (which also
// says the transport), and for a stream transport the connection to use
// while it is open (a reply goes back on its request's connection).
struct Destination {
  Endpoint endpoint;
  int socketIndex = 0;
  ConnectionId connection = 0;
  // Over a stream only (the script's set_forward_* / set_reply_*): send only
  // on a connection already open; close the connection once sent.
  bool noConnect = false;
  bool closeAfter = false;
};

class SipNetwork {
 public:
  virtual ~SipNetwork() = default;

  // Sends one message from the socket `to.socketIndex` (thread-safe, no
  // lock held by the caller). Over a stream transport it goes on
  // `to.connection` while that is open, else on a connection to
  // `to.endpoint`, opened when there is none. Returns false and logs when
  // the send fails.
  virtual bool send(const Destination& to, std::string_view data) = 0;

  // The socket to send to `to` over `transport` from: the first one of that
  // transport and address family; -1 when there is none.
  virtual int socketFor(const Endpoint& to, Transport transport) const = 0;
  // The transport of a socket.
  virtual Transport transportOf(int socketIndex) const = 0;
  // udp_mtu: the transport a request of `size` bytes built for UDP goes
  // over instead (udp_mtu_try_proto); UDP when it fits or no limit is set.
  virtual Transport udpFallback(std::size_t size) const {
    (void)size;
    return Transport::Udp;
  }

  // RFC 5923 connection reuse (Kamailio's tcp aliases): requests to the
  // stream connection's peer address at `port` (the port its Via names)
  // go on `connection` while it is open. False when it is not a stream
  // connection, is closed, or has all the aliases it may have.
  virtual bool aliasConnection(ConnectionId connection, std::uint16_t port) {
    (void)connection, (void)port;
    return false;
  }

  // The address and port a socket advertises (for Via, Record-Route).
  virtual const Endpoint& advertised(int socketIndex) const = 0;

  // True if host:port is one of ours (listen addresses and aliases):
  // "myself". Port 0 means the SIP default, 5060.
  virtual bool isMyself(std::string_view host, std::uint16_t port) const = 0;
  // True if host is one of ours on any port.
  virtual bool isMyselfHost(std::string_view host) const = 0;
};

}  // namespace kemid
