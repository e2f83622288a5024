#include "siputils_kemi.h"

#include <ctime>
#include <string>

#include "auth/auth_api.h"
#include "contact_encoding.h"
#include "contact_params.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "message_checks.h"
#include "sip/ascii.h"
#include "sip/sip_message.h"
#include "text_checks.h"
#include "uri_compare.h"
#include "uri_text.h"

namespace kemid::siputils {

namespace {

constexpr Logger kLog{"siputils"};

// Kamailio's convention: 1 true, -1 false (also when there is no message).
KemiValue truth(bool value) {
  return std::int64_t{value ? 1 : -1};
}

KemiValue code(int value) {
  return std::int64_t{value};
}

SipMessage* requestOf(const KemiCall& call) {
  SipMessage* message = messageOf(call);
  return message != nullptr && message->isRequest() ? message : nullptr;
}

// The R-URI parameter `name` as uri_param()/uri_param_value() see it
// (names and values byte for byte, measured); nullopt when absent.
std::optional<std::optional<std::string>> lookupUriParam(const KemiCall& call,
                                                         std::string_view name) {
  const SipMessage* request = requestOf(call);
  if (request == nullptr) return std::nullopt;
  const std::string ruri = request->requestUri();
  auto uri = UriText::split(ruri);
  if (!uri) return std::nullopt;
  for (const auto& param : splitParams(lookupParams(*uri))) {
    if (param.name != name) continue;
    if (!param.value) return std::optional<std::string>{};
    return std::optional<std::string>{std::string(*param.value)};
  }
  return std::nullopt;
}

// The value of the URI parameter `name` (case-insensitive) of `uri`.
std::optional<std::string_view> uriParamValue(std::string_view uri, std::string_view name) {
  auto parts = UriText::split(uri);
  if (!parts) return std::nullopt;
  for (const auto& param : splitParams(parts->params)) {
    if (sip::iequals(param.name, name)) return param.value.value_or(std::string_view{});
  }
  return std::nullopt;
}

}  // namespace

KemiValue kemiHasTotag(KemiCall& call) {
  const SipMessage* message = messageOf(call);
  return truth(message != nullptr && hasToTag(*message));
}

KemiValue kemiIsRequest(KemiCall& call) {
  const SipMessage* message = messageOf(call);
  return truth(message != nullptr && message->isRequest());
}

KemiValue kemiIsReply(KemiCall& call) {
  const SipMessage* message = messageOf(call);
  return truth(message != nullptr && !message->isRequest());
}

KemiValue kemiIsFirstHop(KemiCall& call) {
  const SipMessage* message = messageOf(call);
  return truth(message != nullptr && isFirstHop(*message));
}

KemiValue kemiIsFirstHopMode(KemiCall& call) {
  return kemiIsFirstHop(call);
}

// Kamailio compares the user of credentials the auth module authorised;
// kemid has no auth module, so there are never any.
// The user part of the credentials auth found in this request (a check
// ran first); -1 without auth, without such credentials, or another user.
KemiValue kemiIsUser(KemiCall& call) {
  const auto* state = static_cast<const SiputilsState*>(call.state);
  if (state == nullptr || call.context == nullptr) return truth(false);
  const auth::AuthApi* auth = state->host().findApi<auth::AuthApi>();
  if (auth == nullptr) return truth(false);
  const auth::DigestCredentials* credentials = auth->authorizedCredentials(*call.context);
  if (credentials == nullptr) {
    kLog.err("is_user: no authorized credentials found");
    return truth(false);
  }
  return truth(credentials->user() == call.strArg(0));
}

KemiValue kemiIsGruu(KemiCall& call) {
  const SipMessage* request = requestOf(call);
  return code(request != nullptr ? gruuKind(request->requestUri()) : -1);
}

KemiValue kemiHdrDateCheck(KemiCall& call) {
  const SipMessage* message = messageOf(call);
  if (message == nullptr) return code(-1);
  return code(checkDateAge(*message, call.intArg(0), std::time(nullptr)));
}

// A parameter without a value (an empty value counts as none).
KemiValue kemiUriParam(KemiCall& call) {
  auto param = lookupUriParam(call, call.strArg(0));
  return truth(param && (!*param || (*param)->empty()));
}

KemiValue kemiUriParamValue(KemiCall& call) {
  auto param = lookupUriParam(call, call.strArg(0));
  if (!param) return truth(false);
  return truth(param->value_or(std::string()) == call.strArg(1));
}

// Any value; the name case-insensitively, among the URI's own parameters.
KemiValue kemiUriParamAny(KemiCall& call) {
  const SipMessage* request = requestOf(call);
  if (request == nullptr) return truth(false);
  const std::string ruri = request->requestUri();
  auto uri = UriText::split(ruri);
  if (!uri) return truth(false);
  for (const auto& param : splitParams(uri->params)) {
    if (sip::iequals(param.name, call.strArg(0))) return truth(true);
  }
  return truth(false);
}

// 1 also when there was no such parameter, as Kamailio.
KemiValue kemiUriParamRm(KemiCall& call) {
  SipMessage* request = requestOf(call);
  if (request == nullptr) return truth(false);
  const std::string ruri = request->requestUri();
  auto uri = UriText::split(ruri);
  if (!uri) return truth(false);
  const std::string changed = withoutParam(*uri, call.strArg(0));
  return truth(changed == ruri || request->setRequestUri(changed));
}

KemiValue kemiAddUriParam(KemiCall& call) {
  SipMessage* request = requestOf(call);
  if (request == nullptr || call.strArg(0).empty()) return truth(false);
  const std::string ruri = request->requestUri();
  auto uri = UriText::split(ruri);
  if (!uri) return truth(false);
  return truth(request->setRequestUri(withParam(*uri, call.strArg(0))));
}

KemiValue kemiIsUri(KemiCall& call) {
  return code(isUri(call.strArg(0)));
}

KemiValue kemiIsTelNumber(KemiCall& call) {
  return code(isTelNumber(call.strArg(0)));
}

KemiValue kemiIsNumeric(KemiCall& call) {
  return code(isNumeric(call.strArg(0)));
}

KemiValue kemiIsAlphanum(KemiCall& call) {
  return code(isAlphanum(call.strArg(0)));
}

KemiValue kemiIsAlphanumex(KemiCall& call) {
  return code(isAlphanumEx(call.strArg(0), call.strArg(1)));
}

KemiValue kemiCmpUri(KemiCall& call) {
  return code(compareUris(call.strArg(0), call.strArg(1)));
}

KemiValue kemiCmpAor(KemiCall& call) {
  return code(compareAors(call.strArg(0), call.strArg(1)));
}

KemiValue kemiCmpHdrName(KemiCall& call) {
  return code(compareHeaderNames(call.strArg(0), call.strArg(1)));
}

KemiValue kemiOptionsReply(KemiCall& call) {
  const auto* state = static_cast<const SiputilsState*>(call.state);
  if (call.context == nullptr || state == nullptr) return truth(false);
  return code(replyToOptions(state->host(), *call.context, state->options()));
}

KemiValue kemiContactParamEncode(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return truth(false);
  const std::string prefix = std::string(call.strArg(1)) + ";" + std::string(call.strArg(0)) + "=";
  return truth(rewriteContacts(*message, [&](std::string_view uri) -> std::optional<std::string> {
    return prefix + base64UrlEncode(uri);
  }));
}

KemiValue kemiContactParamDecode(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return truth(false);
  bool decoded = true;
  const bool edited =
      rewriteContacts(*message, [&](std::string_view uri) -> std::optional<std::string> {
        auto value = uriParamValue(uri, call.strArg(0));
        if (!value) return std::nullopt;
        auto original = base64UrlDecode(*value);
        if (!original) decoded = false;
        return original;
      });
  return truth(edited && decoded);
}

// 1 also when the R-URI has no such parameter; -1 when its value does not
// decode.
KemiValue kemiContactParamDecodeRuri(KemiCall& call) {
  SipMessage* request = requestOf(call);
  if (request == nullptr) return truth(false);
  const std::string ruri = request->requestUri();
  auto value = uriParamValue(ruri, call.strArg(0));
  if (!value) return truth(true);
  auto original = base64UrlDecode(*value);
  if (!original) {
    kLog.err("contact_param_decode_ruri(): the ", call.strArg(0), " parameter does not decode");
    return truth(false);
  }
  return truth(request->setRequestUri(*original));
}

KemiValue kemiContactParamRm(KemiCall& call) {
  SipMessage* message = messageOf(call);
  if (message == nullptr) return truth(false);
  return truth(rewriteContacts(*message, [&](std::string_view uri) -> std::optional<std::string> {
    if (!uriParamValue(uri, call.strArg(0))) return std::nullopt;
    return withoutParam(*UriText::split(uri), call.strArg(0));
  }));
}

// -1 without Contact.
KemiValue kemiEncodeContact(KemiCall& call) {
  SipMessage* message = messageOf(call);
  const auto* state = static_cast<const SiputilsState*>(call.state);
  if (message == nullptr || state == nullptr || !message->header("Contact")) return truth(false);
  return truth(rewriteContacts(*message, [&](std::string_view uri) -> std::optional<std::string> {
    return encodeUri(uri, call.strArg(0), call.strArg(1), state->contactSeparator());
  }));
}

KemiValue kemiDecodeContact(KemiCall& call) {
  SipMessage* request = requestOf(call);
  const auto* state = static_cast<const SiputilsState*>(call.state);
  if (request == nullptr || state == nullptr) return truth(false);
  auto decoded = decodeUri(request->requestUri(), state->contactSeparator());
  if (const int* error = std::get_if<int>(&decoded)) return code(*error);
  return truth(request->setRequestUri(std::get<std::string>(decoded)));
}

// -1 without Contact; a contact that is not encoded fails the whole call
// with decode's code, changing nothing.
KemiValue kemiDecodeContactHeader(KemiCall& call) {
  SipMessage* message = messageOf(call);
  const auto* state = static_cast<const SiputilsState*>(call.state);
  if (message == nullptr || state == nullptr || !message->header("Contact")) return truth(false);
  int failure = 0;
  const auto decodeOne = [&](std::string_view uri) -> std::optional<std::string> {
    auto decoded = decodeUri(uri, state->contactSeparator());
    if (const int* error = std::get_if<int>(&decoded)) {
      if (failure == 0) failure = *error;
      return std::nullopt;
    }
    return std::get<std::string>(decoded);
  };
  // A dry run first, so that a failure leaves every Contact as it was.
  for (const std::string& value : message->headers("Contact")) {
    rewriteContactUris(value, decodeOne);
  }
  if (failure != 0) return code(failure);
  return truth(rewriteContacts(*message, decodeOne));
}

}  // namespace kemid::siputils
