#include "auth_module.h"

#include <array>
#include <utility>

#include "core/kemi_registry.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "sip/ascii.h"
#include "sip/header_spans.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"
#include "sl/sl_api.h"
#include "tm/tm_api.h"

namespace kemid::auth {
namespace {

constexpr Logger kLog{"auth"};

// The credentials a check found for its realm, marked whatever the check's
// result (Kamailio's mark_authorized_cred): which field they came from,
// for consume_credentials and the identity check.
struct AuthorizedCredentials {
  CredentialsKind kind;
  std::size_t fieldIndex;  // among the fields of that name, in order
  DigestCredentials credentials;
  bool consumed = false;
};
const SlotKey<AuthorizedCredentials> kAuthorizedSlot{SlotScope::Message};

std::string_view headerName(CredentialsKind kind) {
  return kind == CredentialsKind::Www ? "Authorization" : "Proxy-Authorization";
}

std::string_view headOf(const SipMessage& message, std::string& storage) {
  storage = message.receivedText();
  return std::string_view(storage).substr(0, message.headSize());
}

struct FoundCredentials {
  std::size_t fieldIndex;
  DigestCredentials credentials;
};

// The first Digest credentials of kind whose realm is realm (any case).
std::optional<FoundCredentials> findCredentials(const SipMessage& message, std::string_view realm,
                                                CredentialsKind kind) {
  std::string storage;
  const std::string_view head = headOf(message, storage);
  const auto fields = sip::findFields(head, headerName(kind));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto credentials =
        parseDigestCredentials(head.substr(fields[i].value.offset, fields[i].value.length));
    if (credentials && sip::iequals(credentials->realm, realm)) {
      return FoundCredentials{i, std::move(*credentials)};
    }
  }
  return std::nullopt;
}

// Requests that cannot be challenged: ACK has no reply, CANCEL must keep
// the CSeq of what it cancels, PRACK is not authenticated either.
bool unchallengeable(const SipMessage& message) {
  const std::string_view method = message.method();
  return method == "ACK" || method == "CANCEL" || method == "PRACK";
}

AuthResult verdictResult(NonceVerdict verdict) {
  switch (verdict) {
    case NonceVerdict::Valid:
      return AuthResult::Ok;
    case NonceVerdict::Stale:
      return AuthResult::StaleNonce;
    case NonceVerdict::Reused:
      return AuthResult::NonceReused;
    case NonceVerdict::Invalid:
      break;
  }
  return AuthResult::Error;
}

}  // namespace

AuthModule::AuthModule(ModuleHost& host, AuthSettings settings, NonceSettings nonces,
                       std::function<std::int64_t()> clock)
    : host_(host),
      settings_(std::move(settings)),
      nonces_(std::move(nonces)),
      clock_(std::move(clock)) {}

std::string AuthModule::strippedRealm(std::string_view realm) const {
  if (!settings_.realmPrefix.empty() && realm.starts_with(settings_.realmPrefix)) {
    realm.remove_prefix(settings_.realmPrefix.size());
  }
  return std::string(realm);
}

std::string AuthModule::checkedParts(const MessageContext* ctx) const {
  if (ctx == nullptr || ctx->message == nullptr) return {};
  const SipMessage& message = *ctx->message;
  std::int64_t checks = settings_.checksInDialog;
  if (message.method() == "REGISTER") {
    checks = settings_.checksRegister;
  } else if (message.to().tag.empty()) {
    checks = settings_.checksNoDialog;
  }
  if (checks == 0) return {};
  // Each part preceded by its bit, so that an empty part still counts.
  std::string parts;
  auto add = [&](std::int64_t bit, std::string_view value) {
    if (checks & bit) parts.append(1, static_cast<char>('0' + bit)).append(value).append(1, '\n');
  };
  add(1, message.requestUri());
  add(2, message.callId());
  add(4, message.from().tag);
  add(8, ctx->received.source.ip);
  return parts;
}

std::string AuthModule::challengeHeader(const MessageContext* ctx, std::string_view realm,
                                        std::int64_t flags, CredentialsKind kind) {
  std::string line = kind == CredentialsKind::Www ? settings_.wwwHeader : settings_.proxyHeader;
  line += ": Digest realm=\"" + strippedRealm(realm) + "\", nonce=\"";
  line += nonces_.issue(clock_(), checkedParts(ctx));
  line += '"';
  if (flags & 2) {
    line += ", qop=\"auth-int\"";
  } else if (flags & 1) {
    line += ", qop=\"auth\"";
  }
  if (flags & 16) line += ", stale=true";
  if (settings_.algorithmInChallenge) {
    line += ", algorithm=";
    line += digestAlgorithmName(settings_.algorithm);
  }
  line += "\r\n";
  return line;
}

bool AuthModule::sendReply(MessageContext& ctx, int code, std::string_view reason) {
  if (!settings_.forceStatelessReply) {
    if (tm::TmApi* tm = host_.findApi<tm::TmApi>()) {
      if (auto result = tm->replyIfTransaction(ctx, code, reason)) return *result > 0;
    }
  }
  sl::SlApi* sl = host_.findApi<sl::SlApi>();
  if (sl == nullptr) {
    kLog.err("cannot send the ", code, " reply: sl is not loaded");
    return false;
  }
  return sl->sendStatelessReply(ctx, code, reason) == sl::ReplyOutcome::Sent;
}

bool AuthModule::challenge(MessageContext& ctx, std::string_view realm, std::int64_t flags,
                           CredentialsKind kind) {
  if (ctx.message == nullptr || !ctx.message->isRequest()) return false;
  ctx.replyHeaders += challengeHeader(&ctx, realm, flags, kind);
  return kind == CredentialsKind::Www ? sendReply(ctx, 401, "Unauthorized")
                                      : sendReply(ctx, 407, "Proxy Authentication Required");
}

bool AuthModule::hasCredentials(MessageContext& ctx, std::string_view realm) const {
  if (ctx.message == nullptr) return false;
  for (CredentialsKind kind : {CredentialsKind::Proxy, CredentialsKind::Www}) {
    if (findCredentials(*ctx.message, realm, kind)) return true;
  }
  return false;
}

AuthResult AuthModule::authenticate(MessageContext& ctx, std::string_view realm,
                                    CredentialsKind kind, const Ha1Lookup& ha1For,
                                    std::string_view method) {
  return authenticateWith(ctx, realm, kind, ha1For, method, NcUpdate::Record);
}

AuthResult AuthModule::authenticateWith(MessageContext& ctx, std::string_view realm,
                                        CredentialsKind kind, const Ha1Lookup& ha1For,
                                        std::string_view method, NcUpdate update) {
  if (ctx.message == nullptr || !ctx.message->isRequest()) return AuthResult::Error;
  const SipMessage& message = *ctx.message;
  if (unchallengeable(message)) return AuthResult::Ok;
  const std::string stripped = strippedRealm(realm);
  auto found = findCredentials(message, stripped, kind);
  if (!found) return AuthResult::NoCredentials;
  ctx.emplaceSlot(kAuthorizedSlot,
                  AuthorizedCredentials{kind, found->fieldIndex, found->credentials});
  const DigestCredentials& credentials = found->credentials;
  if (!credentials.complete()) {
    kLog.err("credentials are not filled properly");
    return AuthResult::Error;
  }
  const std::string parts = checkedParts(&ctx);
  const AuthResult nonce =
      verdictResult(nonces_.check(credentials.nonce, clock_(), parts, credentials.nc, update));
  if (nonce != AuthResult::Ok) return nonce;
  const auto ha1 = ha1For(credentials, stripped);
  if (!ha1) return AuthResult::UserUnknown;
  const DigestAlgorithm algorithm = settings_.algorithm;
  if (credentials.response.size() != digestHexLength(algorithm)) return AuthResult::Error;
  const std::string expected =
      computeResponse(algorithm, {.ha1 = *ha1,
                                  .nonce = credentials.nonce,
                                  .nc = credentials.nc,
                                  .cnonce = credentials.cnonce,
                                  .qop = credentials.qop,
                                  .method = method.empty() ? message.method() : method,
                                  .uri = credentials.uri,
                                  .body = message.body()});
  if (!sip::iequals(expected, credentials.response)) return AuthResult::InvalidPassword;
  if (settings_.addAuthInfo) addAuthenticationInfo(ctx, credentials, *ha1);
  return AuthResult::Ok;
}

void AuthModule::addAuthenticationInfo(MessageContext& ctx, const DigestCredentials& credentials,
                                       std::string_view ha1) {
  const std::string rspauth = computeResponse(settings_.algorithm, {.ha1 = ha1,
                                                                    .nonce = credentials.nonce,
                                                                    .nc = credentials.nc,
                                                                    .cnonce = credentials.cnonce,
                                                                    .qop = credentials.qop,
                                                                    .method = {},
                                                                    .uri = credentials.uri,
                                                                    .body = {}});
  // As Kamailio: the nonce in use is offered as the next one, unless
  // one_time_nonce makes a new one necessary.
  const std::string next = nonces_.settings().oneTimeNonce
                               ? nonces_.issue(clock_(), checkedParts(&ctx))
                               : credentials.nonce;
  ctx.replyHeaders += "Authentication-Info: nextnonce=\"" + next + "\", qop=" + credentials.qop +
                      ", rspauth=\"" + rspauth + "\", cnonce=\"" + credentials.cnonce +
                      "\", nc=" + credentials.nc + "\r\n";
}

std::string AuthModule::ha1(std::string_view username, std::string_view realm,
                            std::string_view password) const {
  return computeHa1(settings_.algorithm, username, realm, password);
}

AuthResult AuthModule::pvAuthenticate(MessageContext& ctx, std::string_view realm,
                                      std::string_view password, std::int64_t flags,
                                      CredentialsKind kind, std::string_view method) {
  const Ha1Lookup fromScript = [&](const DigestCredentials& credentials,
                                   std::string_view stripped) -> std::optional<std::string> {
    if (flags & kPasswordIsHa1) return std::string(password);
    return ha1(credentials.username, stripped, password);
  };
  const bool keepNc = (flags & kKeepNcOnFailure) != 0;
  AuthResult result = authenticateWith(ctx, realm, kind, fromScript, method,
                                       keepNc ? NcUpdate::CheckOnly : NcUpdate::Record);
  const auto* marked = ctx.findSlot(kAuthorizedSlot);
  if (result == AuthResult::Ok && keepNc && nonces_.settings().nonceCount && marked != nullptr &&
      !marked->credentials.nc.empty()) {
    // Now that it authenticated, the nc counts (Kamailio checks it again).
    if (nonces_.check(marked->credentials.nonce, clock_(), checkedParts(&ctx),
                      marked->credentials.nc, NcUpdate::Record) != NonceVerdict::Valid) {
      result = AuthResult::Error;
    }
  }
  if (result != AuthResult::Ok &&
      (flags & (kStoreChallengeNoQop | kStoreChallengeQopAuth | kStoreChallengeQopAuthInt))) {
    storeChallenge(ctx, realm, flags, kind);
  }
  return result;
}

void AuthModule::storeChallenge(MessageContext& ctx, std::string_view realm, std::int64_t flags,
                                CredentialsKind kind) {
  // Never stale=true, as Kamailio 5.6 (it documents flag 16 for this but
  // reads it only in the challenge functions).
  std::int64_t challengeFlags = 0;  // no qop
  if (flags & kStoreChallengeQopAuthInt) {
    challengeFlags = 2;
  } else if (flags & kStoreChallengeQopAuth) {
    challengeFlags = 1;
  }
  setPseudoVariable(ctx, settings_.challengeAttr,
                    challengeHeader(&ctx, realm, challengeFlags, kind));
}

bool AuthModule::setPseudoVariable(MessageContext& ctx, std::string_view name,
                                   std::string_view value) {
  const KemiExport* sets = host_.kemi().find("pv", "sets");
  if (sets == nullptr) {
    kLog.err("cannot set ", name, ": pv is not loaded");
    return false;
  }
  const std::array<KemiArg, 2> args{name, value};
  KemiCall call{&ctx, sets->state, args};
  sets->def->handler(call);
  return true;
}

AuthResult AuthModule::pvAuthCheck(MessageContext& ctx, std::string_view realm,
                                   std::string_view password, std::int64_t flags,
                                   std::int64_t checks) {
  if (ctx.message == nullptr) return AuthResult::Error;
  const CredentialsKind kind =
      ctx.message->method() == "REGISTER" ? CredentialsKind::Www : CredentialsKind::Proxy;
  const AuthResult result = pvAuthenticate(ctx, realm, password, flags, kind);
  if (result != AuthResult::Ok || !(checks & 1)) return result;
  if (unchallengeable(*ctx.message)) return AuthResult::Ok;
  return checkUserIdentity(ctx);
}

AuthResult AuthModule::checkUserIdentity(MessageContext& ctx) {
  const auto* marked = ctx.message != nullptr ? ctx.findSlot(kAuthorizedSlot) : nullptr;
  if (marked == nullptr) return AuthResult::Error;
  const SipMessage& message = *ctx.message;
  const NameAddrView from = message.from();
  const NameAddrView to = message.to();
  const std::string_view method = message.method();
  const bool ownIdentity = method == "REGISTER" || method == "PUBLISH";
  const std::string_view user = marked->credentials.user();
  if (user != (ownIdentity ? to.user : from.user)) return AuthResult::UserMismatch;
  if (!ownIdentity) return AuthResult::Ok;
  if (from.user != to.user) return AuthResult::UserMismatch;
  if (settings_.useDomain && from.host != to.host) return AuthResult::UserMismatch;
  if (method == "PUBLISH") {
    auto ruri = SipUri::parse(message.requestUri());
    if (!ruri) return AuthResult::Error;
    if (from.user != ruri->user) return AuthResult::UserMismatch;
    if (settings_.useDomain && from.host != ruri->host) return AuthResult::UserMismatch;
  }
  return AuthResult::Ok;
}

const DigestCredentials* AuthModule::authorizedCredentials(const MessageContext& ctx) const {
  const auto* marked = ctx.findSlot(kAuthorizedSlot);
  return marked != nullptr ? &marked->credentials : nullptr;
}

bool AuthModule::consumeCredentials(MessageContext& ctx) {
  auto* marked = ctx.message != nullptr ? ctx.findSlot(kAuthorizedSlot) : nullptr;
  if (marked == nullptr || unchallengeable(*ctx.message)) {
    if (marked == nullptr) kLog.err("no authorized credentials found (error in scripts)");
    return false;
  }
  if (marked->consumed) return true;  // Kamailio removes it again without complaint
  std::string storage;
  const std::string_view head = headOf(*ctx.message, storage);
  const auto fields = sip::findFields(head, headerName(marked->kind));
  if (marked->fieldIndex >= fields.size()) return false;
  const sip::Span line = fields[marked->fieldIndex].line;
  if (!ctx.message->editText(line.offset, line.length, {})) {
    kLog.err("cannot remove credentials");
    return false;
  }
  marked->consumed = true;
  return true;
}

}  // namespace kemid::auth
