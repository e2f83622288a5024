#include "contact_fixes.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "core/message_context.h"
#include "core/network.h"
#include "message_text.h"
#include "sip/ascii.h"
#include "sip/sip_message.h"
#include "sip/transport.h"

namespace kemid::nathelper {

namespace {

constexpr unsigned kDefaultSipPort = 5060;
constexpr std::string_view kAliasParam = "alias";

constexpr std::string_view kProtoNames[] = {"udp", "tcp", "tls", "sctp", "ws", "wss"};

std::string_view protoName(int proto) {
  return proto >= 1 && proto <= 6 ? kProtoNames[proto - 1] : "udp";
}

int protoNumber(std::string_view name) {
  for (int i = 0; i < 6; ++i) {
    if (sip::iequals(name, kProtoNames[i])) return i + 1;
  }
  return 0;
}

std::string bracketedHost(std::string_view ip) {
  return ip.find(':') == std::string_view::npos ? std::string(ip) : "[" + std::string(ip) + "]";
}

// A ";name[=value]" parameter found in a URI: where it starts (at its ';')
// and ends, and its value.
struct UriParam {
  std::size_t begin;
  std::size_t end;
  std::string_view value;
};

std::optional<UriParam> findUriParam(std::string_view uri, std::size_t from,
                                     std::string_view name) {
  const std::size_t headers = std::min(uri.find('?', from), uri.size());
  std::size_t at = uri.find(';', from);
  while (at < headers) {
    std::size_t end = uri.find(';', at + 1);
    if (end > headers) end = headers;
    const std::string_view param = uri.substr(at + 1, end - at - 1);
    const std::size_t equals = param.find('=');
    if (sip::iequals(param.substr(0, equals), name)) {
      return UriParam{
          at, end,
          equals == std::string_view::npos ? std::string_view{} : param.substr(equals + 1)};
    }
    at = end;
  }
  return std::nullopt;
}

std::optional<unsigned> parsePort(std::string_view text) {
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc{} || ptr != text.data() + text.size() || port == 0 || port > 65535) {
    return std::nullopt;
  }
  return port;
}

std::string_view viewAt(const std::string& text, std::size_t begin, std::size_t end) {
  return std::string_view(text).substr(begin, end - begin);
}

}  // namespace

SourceAddress SourceAddress::of(const ReceiveInfo& received) {
  return SourceAddress{.ip = received.source.ip,
                       .port = received.source.port,
                       .proto = protoNumber(transportName(received.transport))};
}

std::string aliasValue(const SourceAddress& source) {
  return bracketedHost(source.ip) + "~" + std::to_string(source.port) + "~" +
         std::to_string(source.proto);
}

std::string sourceUri(const SourceAddress& source, bool alwaysTransport) {
  std::string uri = "sip:" + bracketedHost(source.ip) + ":" + std::to_string(source.port);
  if (alwaysTransport || source.proto != 1)
    uri += ";transport=" + std::string(protoName(source.proto));
  return uri;
}

std::optional<SourceAddress> sourceFromParts(std::string_view ip, std::string_view port,
                                             std::string_view proto) {
  auto number = parsePort(port);
  const int protoValue = protoNumber(proto);
  if (ip.empty() || !number || protoValue == 0) return std::nullopt;
  return SourceAddress{
      .ip = std::string(ip), .port = static_cast<std::uint16_t>(*number), .proto = protoValue};
}

std::optional<SourceAddress> parseAlias(std::string_view value) {
  const std::size_t first = value.find('~');
  const std::size_t second = value.rfind('~');
  if (first == std::string_view::npos || first == second || first == 0) return std::nullopt;
  auto port = parsePort(value.substr(first + 1, second - first - 1));
  int proto = 0;
  const std::string_view protoText = value.substr(second + 1);
  auto [ptr, ec] = std::from_chars(protoText.data(), protoText.data() + protoText.size(), proto);
  if (!port || ec != std::errc{} || ptr != protoText.data() + protoText.size() || proto < 1 ||
      proto > 6) {
    return std::nullopt;
  }
  std::string_view ip = value.substr(0, first);
  if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  return SourceAddress{
      .ip = std::string(ip), .port = static_cast<std::uint16_t>(*port), .proto = proto};
}

FixOutcome fixNatedContact(SipMessage& message, const SourceAddress& source) {
  const std::string text = message.receivedText();
  const std::vector<ContactText> contacts = firstContactField(text);
  if (contacts.empty()) return FixOutcome::Failed;
  const ContactText& contact = contacts.front();
  const std::string hostPort = bracketedHost(source.ip) + ":" + std::to_string(source.port);
  const std::size_t begin = contact.uriBegin + contact.uri.hostBegin;
  const std::size_t end = contact.uriBegin + contact.uri.hostPortEnd;
  return message.editText(begin, end - begin, hostPort) ? FixOutcome::Done : FixOutcome::Failed;
}

FixOutcome addContactAlias(SipMessage& message, const SourceAddress& alias, bool trim) {
  const std::string text = message.receivedText();
  const std::vector<ContactText> contacts = firstContactField(text);
  if (contacts.empty()) return FixOutcome::Failed;
  const ContactText& contact = contacts.front();
  const std::string_view uri = viewAt(text, contact.uriBegin, contact.uriEnd);
  // Insertions rather than one replacement, so that a second alias (a
  // script calling add_contact_alias twice) is added as in Kamailio.
  bool edited = true;
  if (trim) {
    if (auto old = findUriParam(uri, contact.uri.hostPortEnd, kAliasParam)) {
      edited = message.editText(contact.uriBegin + old->begin, old->end - old->begin, "");
    }
  }
  if (!contact.bracketed) edited = edited && message.editText(contact.uriBegin, 0, "<");
  // Parameters go before any "?headers" part of the URI.
  const std::size_t paramsEnd = std::min(uri.find('?', contact.uri.hostPortEnd), uri.size());
  std::string param = ";" + std::string(kAliasParam) + "=" + aliasValue(alias);
  if (!contact.bracketed && paramsEnd == uri.size()) param += ">";
  edited = edited && message.editText(contact.uriBegin + paramsEnd, 0, param);
  if (!contact.bracketed && paramsEnd != uri.size()) {
    edited = edited && message.editText(contact.uriEnd, 0, ">");
  }
  return edited ? FixOutcome::Done : FixOutcome::Failed;
}

FixOutcome addReceivedParam(SipMessage& message, const SourceAddress& source, bool inUri) {
  const std::string text = message.receivedText();
  const std::vector<ContactText> contacts = firstContactField(text);
  if (contacts.empty()) return FixOutcome::Failed;
  const std::string uri = sourceUri(source, false);
  for (const ContactText& contact : contacts) {
    const bool edited = inUri ? message.editText(contact.uriEnd, 0, ";received=" + uri)
                              : message.editText(contact.end, 0, ";received=\"" + uri + "\"");
    if (!edited) return FixOutcome::Failed;
  }
  return FixOutcome::Done;
}

FixOutcome handleRuriAlias(MessageContext& ctx) {
  SipMessage& message = *ctx.message;
  std::string ruri = message.requestUri();
  auto parts = UriParts::parse(ruri);
  if (!parts) return FixOutcome::Failed;
  auto param = findUriParam(ruri, parts->hostPortEnd, kAliasParam);
  if (!param) return FixOutcome::Unchanged;
  auto alias = parseAlias(param->value);
  if (!alias) return FixOutcome::Failed;
  ctx.dstUri = sourceUri(*alias, false);
  ruri.erase(param->begin, param->end - param->begin);
  return message.setRequestUri(ruri) ? FixOutcome::Done : FixOutcome::Failed;
}

std::optional<std::string> contactAliasUri(const SipMessage& message) {
  const std::string text = message.receivedText();
  const std::vector<ContactText> contacts = firstContactField(text);
  if (contacts.empty()) return std::nullopt;
  const ContactText& contact = contacts.front();
  const std::string_view uri = viewAt(text, contact.uriBegin, contact.uriEnd);
  auto param = findUriParam(uri, contact.uri.hostPortEnd, kAliasParam);
  if (!param) return std::nullopt;
  auto alias = parseAlias(param->value);
  if (!alias) return std::nullopt;
  return sourceUri(*alias, true);
}

}  // namespace kemid::nathelper
