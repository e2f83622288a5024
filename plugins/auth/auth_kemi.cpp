#include "auth_kemi.h"

#include "auth_module.h"
#include "core/message_context.h"
#include "sip/sip_message.h"

namespace kemid::auth {
namespace {

// The module, when a request is being routed.
AuthModule* moduleFor(const KemiCall& call) {
  const bool request = call.context != nullptr && call.context->message != nullptr &&
                       call.context->message->isRequest();
  return request ? static_cast<AuthModule*>(call.state) : nullptr;
}

KemiValue code(AuthResult result) {
  return std::int64_t{static_cast<int>(result)};
}

KemiValue challenge(KemiCall& call, CredentialsKind kind) {
  AuthModule* auth = moduleFor(call);
  if (auth == nullptr) return std::int64_t{-1};
  const bool sent = auth->challenge(*call.context, call.strArg(0), call.intArg(1), kind);
  return std::int64_t{sent ? 1 : -3};  // Kamailio's -3: the reply could not be sent
}

}  // namespace

KemiValue kemiConsumeCredentials(KemiCall& call) {
  AuthModule* auth = moduleFor(call);
  if (auth == nullptr) return std::int64_t{-1};
  return std::int64_t{auth->consumeCredentials(*call.context) ? 1 : -1};
}

KemiValue kemiAuthChallenge(KemiCall& call) {
  AuthModule* auth = moduleFor(call);
  if (auth == nullptr) return std::int64_t{-1};
  const bool registration = call.context->message->method() == "REGISTER";
  return challenge(call, registration ? CredentialsKind::Www : CredentialsKind::Proxy);
}

KemiValue kemiWwwChallenge(KemiCall& call) {
  return challenge(call, CredentialsKind::Www);
}

KemiValue kemiProxyChallenge(KemiCall& call) {
  return challenge(call, CredentialsKind::Proxy);
}

KemiValue kemiPvAuthCheck(KemiCall& call) {
  AuthModule* auth = moduleFor(call);
  if (auth == nullptr) return code(AuthResult::Error);
  return code(auth->pvAuthCheck(*call.context, call.strArg(0), call.strArg(1), call.intArg(2),
                                call.intArg(3)));
}

KemiValue kemiPvProxyAuthenticate(KemiCall& call) {
  AuthModule* auth = moduleFor(call);
  if (auth == nullptr) return code(AuthResult::Error);
  return code(auth->pvAuthenticate(*call.context, call.strArg(0), call.strArg(1), call.intArg(2),
                                   CredentialsKind::Proxy));
}

KemiValue kemiPvWwwAuthenticate(KemiCall& call) {
  AuthModule* auth = moduleFor(call);
  if (auth == nullptr) return code(AuthResult::Error);
  return code(auth->pvAuthenticate(*call.context, call.strArg(0), call.strArg(1), call.intArg(2),
                                   CredentialsKind::Www));
}

KemiValue kemiPvWwwAuthenticateMethod(KemiCall& call) {
  AuthModule* auth = moduleFor(call);
  if (auth == nullptr) return code(AuthResult::Error);
  return code(auth->pvAuthenticate(*call.context, call.strArg(0), call.strArg(1), call.intArg(2),
                                   CredentialsKind::Www, call.strArg(3)));
}

KemiValue kemiHasCredentials(KemiCall& call) {
  AuthModule* auth = moduleFor(call);
  if (auth == nullptr) return std::int64_t{-1};
  return std::int64_t{auth->hasCredentials(*call.context, call.strArg(0)) ? 1 : -1};
}

KemiValue kemiAuthGetWwwAuthenticate(KemiCall& call) {
  auto* auth = static_cast<AuthModule*>(call.state);
  if (auth == nullptr || call.context == nullptr) return std::int64_t{-1};
  const std::string header =
      auth->challengeHeader(nullptr, call.strArg(0), call.intArg(1), CredentialsKind::Www);
  if (!auth->setPseudoVariable(*call.context, call.strArg(2), header)) return std::int64_t{-1};
  return std::int64_t{1};
}

}  // namespace kemid::auth
