#pragma once
// TCP ports on 127.0.0.1 for the servers tests start (MariaDB, Redis).

#include <cstdint>

namespace kemid::test {

// A loopback TCP port nothing listens on (just now).
std::uint16_t freeLoopbackPort();

// Whether something accepts TCP connections on 127.0.0.1:port (tried for at
// most 200 ms).
bool acceptsOnLoopback(std::uint16_t port);

}  // namespace kemid::test
