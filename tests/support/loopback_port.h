#pragma once
// TCP ports on 127.0.0.1 for the servers tests start (MariaDB, Redis).

#include <cstdint>

namespace kemid::test {

// A loopback TCP port nothing listens on (just now).
std::uint16_t freeLoopbackPort();

// Whether something accepts TCP connections on 127.0.0.1:port (tried for at
// most 200 ms).
bool acceptsOnLoopback(std::uint16_t port);

// Whether a socket listens on 127.0.0.1:port or any address at that port,
// asked of the kernel (/proc/net/tcp) without connecting: a proxy such as
// socat would act on a probe connection.
bool listensOnLoopback(std::uint16_t port);

}  // namespace kemid::test
