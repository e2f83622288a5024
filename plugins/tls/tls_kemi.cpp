#include "tls_kemi.h"

#include "core/log.h"
#include "core/message_context.h"
#include "tls_attributes.h"
#include "tls_module.h"

namespace kemid::tls {
namespace {

constexpr Logger kLog{"tls"};

}  // namespace

std::shared_ptr<const SessionDetails> sessionOf(const TlsModule& module, const MessageContext& ctx,
                                                std::string_view what) {
  if (ctx.received.transport != Transport::Tls) {
    kLog.err(what, ": transport protocol is not TLS");
    return nullptr;
  }
  auto session = module.sessions().find(ctx.received.connection);
  if (!session || !session->established) {
    kLog.info(what, ": TLS connection not found");
    return nullptr;
  }
  return session;
}

// 1 when the message came over TLS from a peer whose certificate verified.
KemiValue kemiIsPeerVerified(KemiCall& call) {
  auto* module = static_cast<TlsModule*>(call.state);
  if (module == nullptr || call.context == nullptr) return std::int64_t{-1};
  auto session = sessionOf(*module, *call.context, "is_peer_verified");
  if (!session) return std::int64_t{-1};
  if (!session->peer) {
    kLog.info("is_peer_verified: the peer did not present a certificate");
    return std::int64_t{-1};
  }
  if (!session->peerVerified) {
    kLog.warn("is_peer_verified: the peer's certificate did not verify");
    return std::int64_t{-1};
  }
  return std::int64_t{1};
}

KemiValue kemiSetConnectServerId(KemiCall& call) {
  TlsModule::setConnectServerId(std::string(call.strArg(0)));
  return std::int64_t{1};
}

// An attribute by its pseudo-variable's name without '$' ("tls_version");
// "" when unknown (logged) or without a value. Kamailio 5.6 answers only
// the four attributes of the connection itself; every certificate
// attribute reads "" there (use $tls_* for those), and so it does here.
KemiValue kemiCget(KemiCall& call) {
  const std::string_view name = call.strArg(0);
  if (!isAttribute(name)) {
    kLog.warn("unknown attribute: ", name);
    return std::string();
  }
  auto* module = static_cast<TlsModule*>(call.state);
  if (module == nullptr || call.context == nullptr) return std::string();
  if (name != "tls_version" && name != "tls_description" && name != "tls_cipher_info" &&
      name != "tls_cipher_bits") {
    return std::string();
  }
  auto session = sessionOf(*module, *call.context, name);
  if (!session) return std::string();
  return attribute(name, *session).value_or("");
}

}  // namespace kemid::tls
