// send_data(uri, data) and sendx(uri, socket, data): raw data to the
// address of a SIP URI, outside any transaction.

#include "core/forwarding.h"
#include "core/log.h"
#include "core/module_host.h"
#include "corex_kemi.h"

namespace kemid::corex {
namespace {

constexpr Logger kLog{"corex"};

// 1 when sent; -1 for a URI that is not sip:/sips:, a host without an
// address, a transport kemid does not send over or a failed send.
KemiValue sendTo(KemiCall& call, std::string_view uri, std::string_view data) {
  SipNetwork* network = static_cast<CorexModule*>(call.state)->host().network();
  if (network == nullptr) return std::int64_t{-1};
  DestinationResult target = resolveUri(uri, *network);
  if (!target.ok()) {
    kLog.err("send_data: cannot send to <", uri, ">");
    return std::int64_t{-1};
  }
  return std::int64_t{network->send(target.destination, data) ? 1 : -1};
}

}  // namespace

KemiValue kemiSendData(KemiCall& call) {
  return sendTo(call, call.strArg(0), call.strArg(1));
}

// The socket is not chosen: kemid sends from the socket of the
// destination's address family. Kamailio too sends when the socket is not
// one of its own.
KemiValue kemiSendx(KemiCall& call) {
  kLog.dbg("sendx: socket ", call.strArg(1), " noted; kemid picks the socket by address family");
  return sendTo(call, call.strArg(0), call.strArg(2));
}

}  // namespace kemid::corex
