#pragma once
// TLS over the stream transport (RFC 3261 §26.2.1). The transport owns the
// sockets, the connection table and the framing; the tls module owns the
// certificates, the profiles of its tls.cfg and the TLS library. The module
// publishes a TlsProvider (ModuleHost::publishApi), and the transport asks
// it for one TlsSession per connection of a `listen=tls:` socket.
//
// Threads: a session is driven by one thread at a time (the transport
// holds the connection's lock around every call), but by several in turn:
// the TCP I/O thread reads and handshakes, the sending threads write.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/network.h"

namespace kemid {

// What a session's call did on its non-blocking socket.
enum class TlsIo {
  Done,       // finished (handshake), or bytes were read or written
  WantRead,   // call again when the socket is readable
  WantWrite,  // call again when the socket is writable
  Closed,     // the peer closed the TLS session (close_notify) or the socket
  Failed,     // a TLS or socket error: close the connection (error() says why)
};

class TlsSession {
 public:
  virtual ~TlsSession() = default;

  // Drives the handshake; Done once it is complete (a refused certificate
  // is Failed).
  virtual TlsIo handshake() = 0;
  // Reads decrypted bytes; `got` is set when Done (never 0 then).
  virtual TlsIo read(std::span<char> buffer, std::size_t& got) = 0;
  // Writes a part of `data`; `written` is set when Done.
  virtual TlsIo write(std::string_view data, std::size_t& written) = 0;
  // Called before the transport closes the socket: the session may send the
  // TLS close alert (the tls module does when send_close_notify is set, as
  // Kamailio); best effort, it does not wait for the peer's.
  virtual void shutdown() = 0;
  // Why the last call Failed, for the log ("certificate verify failed").
  virtual std::string error() const = 0;
};

// The connection a session is for, as the transport knows it.
struct TlsConnection {
  ConnectionId id = 0;
  Endpoint local;   // the listener's address for an accepted connection
  Endpoint remote;  // the peer
  // For a connection kemid opens: the host the request is sent to (a name
  // or an address), the default server name (SNI) of the client profile.
  std::string targetHost;
};

class TlsProvider {
 public:
  static constexpr std::string_view kApiName = "tls";
  static constexpr std::uint32_t kApiVersion = 1;  // see VersionedApi (core/module_host.h)

  // A server-side session for a connection accepted on a TLS listener; the
  // profile is chosen by the listener's address. Null (logged) when there
  // is no usable profile: the transport closes the connection.
  virtual std::unique_ptr<TlsSession> accepted(int fd, const TlsConnection& connection) = 0;
  // A client-side session for a connection kemid opened to `remote`.
  virtual std::unique_ptr<TlsSession> connecting(int fd, const TlsConnection& connection) = 0;

 protected:
  ~TlsProvider() = default;  // owned by the tls module
};

}  // namespace kemid
