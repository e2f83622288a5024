#include "sip/via.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <stdexcept>

#include "sip/ascii.h"
#include "sip/hashing.h"
#include "sip/sip_message.h"

namespace kemid::sip {

namespace {

// An IP address in binary form: IPv4 as 4 bytes (also when written as an
// IPv4-mapped IPv6 address), IPv6 as 16; nullopt for anything else.
struct BinaryAddress {
  std::array<unsigned char, 16> bytes{};
  std::size_t size = 0;
  bool operator==(const BinaryAddress&) const = default;
};

std::string_view withoutBrackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host;
}

std::optional<BinaryAddress> binaryAddress(std::string_view text) {
  std::string copy(withoutBrackets(text));
  BinaryAddress address;
  if (inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) {
    address.size = 4;
    return address;
  }
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) != 1) return std::nullopt;
  constexpr std::array<unsigned char, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(address.bytes.data(), kMappedPrefix.data(), kMappedPrefix.size()) == 0) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::fill(address.bytes.begin() + 4, address.bytes.end(), 0);
    address.size = 4;
    return address;
  }
  address.size = 16;
  return address;
}

bool sameAddress(std::string_view viaHost, std::string_view sourceIp) {
  auto via = binaryAddress(viaHost);
  if (!via) return false;  // a host name: §18.2.1 asks for received
  auto source = binaryAddress(sourceIp);
  return source ? *via == *source : iequals(viaHost, sourceIp);
}

std::string branchFromHash(std::uint64_t hash) {
  std::string branch(kBranchMagicCookie);
  appendHex(branch, hash, 16);
  return branch;
}

}  // namespace

void addReceivedAndRport(SipMessage& request, std::string_view sourceIp, std::uint16_t sourcePort,
                         bool forceRport) {
  auto via = request.topVia();
  if (!via) return;
  std::optional<std::uint16_t> rport;
  if (via->hasRport || forceRport) rport = sourcePort;
  std::optional<std::string_view> received;
  if (via->hasRport || !sameAddress(via->host, sourceIp)) received = sourceIp;
  if (rport || received) request.setTopViaSource(received, rport);
}

ViaHeader makeOwnVia(Transport transport, std::string_view host, std::uint16_t port,
                     std::string branch) {
  ViaHeader via;
  via.transport = viaTransportName(transport);
  via.host = withoutBrackets(host);
  // As Kamailio 5.6 writes it: the sent-by port is left out when it is
  // 5060, whatever the transport (a TLS socket on 5061 is written with its
  // port, though 5061 is TLS's default, RFC 3261 §19.1.2).
  if (port != 5060) via.port = port;
  via.branch = std::move(branch);
  return via;
}

std::string wireTextWithOwnVia(const SipMessage& request, Transport transport,
                               std::string_view host, std::uint16_t port, std::string_view branch) {
  return request.wireText(makeOwnVia(transport, host, port, std::string(branch)).toString());
}

std::string generateBranch() {
  static std::atomic<std::uint64_t> counter{0};
  std::string branch(kBranchMagicCookie);
  appendHex(branch, processSalt(), 16);
  branch += '.';
  appendHex(branch, counter.fetch_add(1, std::memory_order_relaxed), 8);
  return branch;
}

std::string statelessBranch(const SipMessage& request) {
  StableHash hash;
  auto via = request.topVia();
  if (via && via->branch.starts_with(kBranchMagicCookie)) {
    // §17.2.3: branch and sent-by identify the client transaction.
    hash.add(via->branch).add(via->host).add(via->port.value_or(0));
    return branchFromHash(hash.value());
  }
  hash.add(request.to().tag)
      .add(request.from().tag)
      .add(request.callId())
      .add(request.requestUri())
      .add(via ? via->toString() : std::string())
      .add(request.cseqNumber());
  return branchFromHash(hash.value());
}

std::optional<NextHop> replyNextHop(const SipMessage& reply, std::size_t index) {
  auto via = reply.via(index);
  if (!via) return std::nullopt;
  std::string name;
  for (char c : via->transport) name += asciiLower(c);
  auto transport = transportFromName(name);
  if (!transport) return std::nullopt;
  NextHop hop;
  hop.transport = *transport;
  std::string_view host = via->host;
  if (via->received && !via->received->empty()) host = *via->received;
  // Some senders bracket an IPv6 received value; RFC 3261's grammar does not.
  hop.host = withoutBrackets(host);
  hop.port = via->rport.value_or(via->port.value_or(defaultPort(*transport)));
  return hop;
}

}  // namespace kemid::sip
