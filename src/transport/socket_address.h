#pragma once
// Socket addresses in and out of text, for the UDP and TCP sockets' hot
// paths (no resolver for IP literals, no Poco object per datagram).

#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/network.h"

namespace kemid {

// "[::1]" -> "::1": IPv6 literals without brackets.
std::string_view bareHost(std::string_view host);

// The socket address of an IP literal (IPv6 with or without brackets);
// nullopt for a name.
std::optional<sockaddr_storage> literalAddress(std::string_view host, std::uint16_t port);

// The socket address of `to`: an IP literal, or a name resolved here.
std::optional<sockaddr_storage> resolvedAddress(const Endpoint& to);

socklen_t addressLength(const sockaddr_storage& address);

// The address in text and the port. The IPv6 side of a socket bound to
// "::" sees IPv4 peers as ::ffff:a.b.c.d.
Endpoint endpointOf(const sockaddr_storage& address);

}  // namespace kemid
