#include "nat_checks.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <string>

#include "core/network.h"
#include "message_text.h"
#include "sip/sip_message.h"

namespace kemid::nathelper {

namespace {

constexpr unsigned kDefaultSipPort = 5060;

struct Ipv4Network {
  std::uint32_t address;
  int prefix;
};

constexpr std::array kPrivateNetworks{
    Ipv4Network{0x0a000000, 8},   // 10.0.0.0/8
    Ipv4Network{0xac100000, 12},  // 172.16.0.0/12
    Ipv4Network{0xc0a80000, 16},  // 192.168.0.0/16
    Ipv4Network{0x64400000, 10},  // 100.64.0.0/10, RFC 6598
    Ipv4Network{0xc0000000, 29},  // 192.0.0.0/29, RFC 7335
};
constexpr Ipv4Network kIetfBlock{0xc0000000, 24};  // 192.0.0.0/24

bool contains(const Ipv4Network& network, std::uint32_t address) {
  const std::uint32_t mask = ~std::uint32_t{0} << (32 - network.prefix);
  return (address & mask) == network.address;
}

bool sameAddress(std::string_view a, std::string_view b) {
  in6_addr first{};
  in6_addr second{};
  const std::string x(a);
  const std::string y(b);
  if (inet_pton(AF_INET6, x.c_str(), &first) == 1 && inet_pton(AF_INET6, y.c_str(), &second) == 1) {
    return std::equal(std::begin(first.s6_addr), std::end(first.s6_addr), second.s6_addr);
  }
  return a == b;
}

bool contactTest(std::int64_t flags, const SipMessage& message, const ReceiveInfo& received,
                 bool wholeIetfBlock) {
  if ((flags & (kContactPrivate | kContactPortNotSource)) == 0) return false;
  const std::vector<ContactText> contacts = firstContactField(message.receivedText());
  if (contacts.empty()) return false;
  const UriParts& uri = contacts.front().uri;
  if ((flags & kContactPrivate) != 0 && isPrivateAddress(uri.host, wholeIetfBlock)) return true;
  return (flags & kContactPortNotSource) != 0 &&
         uri.port.value_or(kDefaultSipPort) != received.source.port;
}

bool viaTest(std::int64_t flags, const SipMessage& message, const ReceiveInfo& received,
             bool wholeIetfBlock) {
  if ((flags & (kViaNotSource | kViaPrivate | kViaPortNotSource)) == 0) return false;
  const auto via = message.topVia();
  if (!via) return false;
  if ((flags & kViaNotSource) != 0 && !sameAddress(via->host, received.source.ip)) return true;
  if ((flags & kViaPrivate) != 0 && isPrivateAddress(via->host, wholeIetfBlock)) return true;
  return (flags & kViaPortNotSource) != 0 &&
         via->port.value_or(kDefaultSipPort) != received.source.port;
}

bool sdpTest(std::int64_t flags, const SipMessage& message, const ReceiveInfo& received,
             bool wholeIetfBlock) {
  if ((flags & (kSdpPrivate | kSdpNotSource)) == 0) return false;
  const std::string text = message.receivedText();
  if (!hasSdpBody(text)) return false;
  bool first = true;
  for (const SdpAddress& address : sdpAddresses(text, message.headSize())) {
    if (address.line != SdpAddress::Line::Connection) continue;
    if ((flags & kSdpPrivate) != 0 && isPrivateAddress(address.address, wholeIetfBlock)) {
      return true;
    }
    if (first && (flags & kSdpNotSource) != 0 &&
        !sameAddress(address.address, received.source.ip)) {
      return true;
    }
    first = false;
  }
  return false;
}

}  // namespace

bool isPrivateAddress(std::string_view address, bool wholeIetfBlock) {
  in_addr parsed{};
  if (inet_pton(AF_INET, std::string(address).c_str(), &parsed) != 1) return false;
  const std::uint32_t host = ntohl(parsed.s_addr);
  for (const Ipv4Network& network : kPrivateNetworks) {
    if (contains(network, host)) return true;
  }
  return wholeIetfBlock && contains(kIetfBlock, host);
}

bool natUacTest(std::int64_t flags, const SipMessage& message, const ReceiveInfo& received,
                bool wholeIetfBlock) {
  if ((flags & kSourcePrivate) != 0 && isPrivateAddress(received.source.ip, wholeIetfBlock)) {
    return true;
  }
  return contactTest(flags, message, received, wholeIetfBlock) ||
         viaTest(flags, message, received, wholeIetfBlock) ||
         sdpTest(flags, message, received, wholeIetfBlock);
}

}  // namespace kemid::nathelper
