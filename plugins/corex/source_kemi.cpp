// set_source_address(addr): the message is taken as coming from another
// address ($si, $sp and what is matched against them afterwards).

#include <stdexcept>

#include "core/config.h"
#include "core/forwarding.h"
#include "core/log.h"
#include "core/message_context.h"
#include "corex_kemi.h"

namespace kemid::corex {
namespace {

constexpr Logger kLog{"corex"};
constexpr std::uint16_t kSipPort = 5060;

}  // namespace

// [proto:]host[:port], the port 5060 when not given; -1 when the text does
// not parse or the host has no address. The transport stays the one the
// message came over, as in Kamailio.
KemiValue kemiSetSourceAddress(KemiCall& call) {
  if (call.context == nullptr) return std::int64_t{-1};
  ListenAddress address;
  try {
    address = parseListenAddress(call.strArg(0));
  } catch (const std::invalid_argument& e) {
    kLog.err("set_source_address: ", e.what());
    return std::int64_t{-1};
  }
  auto ip = resolveHost(address.host);
  if (!ip) {
    kLog.err("set_source_address: failed to resolve address [", call.strArg(0), "]");
    return std::int64_t{-1};
  }
  call.context->received.source =
      Endpoint{*ip, address.port ? static_cast<std::uint16_t>(*address.port) : kSipPort};
  return std::int64_t{1};
}

}  // namespace kemid::corex
