#pragma once
// The machine's own addresses, for a config without `listen`.

#include <string>
#include <vector>

namespace kemid {

// Every IPv4 address of the interfaces that are up, loopback included, in
// the order the system lists them. Kamailio listens on these when no
// `listen` is configured (IPv6 only with auto_bind_ipv6, which kemid
// does not have).
std::vector<std::string> localIpv4Addresses();

}  // namespace kemid
