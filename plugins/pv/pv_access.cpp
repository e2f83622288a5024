#include "pv_access.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/log.h"
#include "core/message_context.h"
#include "message_data.h"
#include "name_addr_edit.h"
#include "provided_vars.h"
#include "pv_module.h"
#include "sip/ascii.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"

namespace kemid::pv {

namespace {

constexpr Logger kLog{"pv"};

PvValue textOrNull(std::string_view text) {
  return text.empty() ? PvValue() : PvValue::string(std::string(text));
}

PvValue optionalText(std::optional<std::string> text) {
  return text ? PvValue::string(std::move(*text)) : PvValue();
}

// Kamailio shows an IPv6 host as a reference, in brackets.
std::string hostText(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return "[" + std::string(host) + "]";
  return std::string(host);
}

const SipMessage* requestOf(const MessageContext& ctx) {
  return ctx.message != nullptr && ctx.message->isRequest() ? ctx.message : nullptr;
}

std::optional<SipUri> requestUri(const MessageContext& ctx) {
  const SipMessage* m = requestOf(ctx);
  if (m == nullptr) return std::nullopt;
  auto uri = SipUri::parse(m->requestUri());
  if (!uri) kLog.err("failed to parse the R-URI");
  return uri;
}

// $rp when the URI has no port: 5061 for sips: or transport=tls (RFC 3261 §19.1.2).
std::uint16_t defaultPortOf(const SipUri& uri) {
  if (sip::iequals(uri.scheme, "sips")) return 5061;
  const SipParam* transport = findParam(uri.params, "transport");
  if (transport != nullptr && transport->value && sip::iequals(*transport->value, "tls")) {
    return 5061;
  }
  return 5060;
}

PvValue readRequestUriPart(PvKind kind, const MessageContext& ctx) {
  auto uri = requestUri(ctx);
  if (!uri) return {};
  switch (kind) {
    case PvKind::RequestUser:
      return textOrNull(uri->user);
    case PvKind::RequestHost:
      return textOrNull(hostText(uri->host));
    case PvKind::RequestPort: {
      const std::uint16_t port = uri->port.value_or(defaultPortOf(*uri));
      return PvValue::stringWithInt(std::to_string(port), port);
    }
    case PvKind::RequestScheme:
      return textOrNull(uri->scheme);
    default:
      return {};
  }
}

PvValue readNameAddr(PvKind kind, const SipMessage& m) {
  const bool from = kind <= PvKind::FromTag;
  const NameAddrView view = from ? m.from() : m.to();
  switch (kind) {
    case PvKind::FromUri:
    case PvKind::ToUri:
      return textOrNull(from ? m.fromUri() : m.toUri());
    case PvKind::FromUser:
    case PvKind::ToUser:
      return textOrNull(view.user);
    case PvKind::FromHost:
    case PvKind::ToHost:
      return view.host.empty() ? PvValue() : PvValue::string(hostText(view.host));
    case PvKind::FromName:
    case PvKind::ToName:
      return textOrNull(view.displayName);
    case PvKind::FromTag:
    case PvKind::ToTag:
      return textOrNull(view.tag);
    default:
      return {};
  }
}

PvValue readHeader(const PvSpec& spec, const SipMessage& m) {
  switch (spec.index.kind) {
    case PvIndex::Kind::None:
      return optionalText(m.header(spec.name));
    case PvIndex::Kind::Number: {
      auto values = m.headers(spec.name);
      const auto count = static_cast<int>(values.size());
      const int at = spec.index.number < 0 ? count + spec.index.number : spec.index.number;
      if (at < 0 || at >= count) return {};
      return PvValue::string(std::move(values[static_cast<std::size_t>(at)]));
    }
    case PvIndex::Kind::All: {
      auto values = m.headers(spec.name);
      if (values.empty()) return {};
      std::string joined;
      for (const auto& v : values) {
        if (!joined.empty()) joined += ',';
        joined += v;
      }
      return PvValue::string(std::move(joined));
    }
  }
  return {};
}

struct Now {
  std::int64_t seconds;
  std::int64_t microseconds;
};

Now now() {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return {micros / 1'000'000, micros % 1'000'000};
}

PvValue readTimeValue(std::string_view what, const MessageContext& ctx) {
  if (what == "s") return PvValue::integer(messageData(ctx).seconds);
  if (what == "u") return PvValue::integer(messageData(ctx).microseconds);
  const Now t = now();
  if (what == "sn") return PvValue::integer(t.seconds);
  if (what == "un") return PvValue::integer(t.microseconds);
  char text[64];
  if (what == "Sn") {
    std::snprintf(text, sizeof text, "%lld.%06lld", static_cast<long long>(t.seconds),
                  static_cast<long long>(t.microseconds));
    return PvValue::string(text);
  }
  // "Fn": local time with microseconds.
  std::tm local{};
  const std::time_t seconds = static_cast<std::time_t>(t.seconds);
  localtime_r(&seconds, &local);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &local);
  std::snprintf(text, sizeof text, "%s.%06lld", date, static_cast<long long>(t.microseconds));
  return PvValue::string(text);
}

PvValue readVar(const PvSpec& spec, PvModule& module) {
  const PvValue* value = module.threadVars().find(spec.name);
  if (value != nullptr) return *value;
  return spec.kind == PvKind::Var ? PvValue::integer(0) : PvValue();
}

// $branch(attr) and $(branch(attr)[i]): the destination set's i-th entry
// (0 without an index), null past the end or where the entry has no such
// value; `count` is null for an empty set, as Kamailio shows it.
PvValue readBranch(const PvSpec& spec, const DestinationSet& set) {
  if (spec.name == "count") {
    return set.empty() ? PvValue() : PvValue::integer(static_cast<std::int64_t>(set.size()));
  }
  int index = spec.index.kind == PvIndex::Kind::Number ? spec.index.number : 0;
  if (index < 0) index += static_cast<int>(set.size());
  if (index < 0 || static_cast<std::size_t>(index) >= set.size()) return {};
  const DestinationBranch& branch = set[static_cast<std::size_t>(index)];
  if (spec.name == "uri") return textOrNull(branch.uri);
  if (spec.name == "dst_uri") return textOrNull(branch.dstUri);
  if (spec.name == "path") return textOrNull(branch.path);
  if (spec.name == "q") return branch.q < 0 ? PvValue() : PvValue::integer(branch.q);
  if (spec.name == "flags") return PvValue::integer(branch.flags);
  if (spec.name == "send_socket") return textOrNull(branch.socket);
  if (spec.name == "ruid") return textOrNull(branch.ruid);
  if (spec.name == "instance") return textOrNull(branch.instance);
  if (spec.name == "location_ua") return textOrNull(branch.userAgent);
  return {};
}

// ---- writes -----------------------------------------------------------------

// An integer given as text ("5060"), or the integer itself.
std::optional<std::int64_t> integerOf(const PvValue& value) {
  if (value.isInt()) return value.number();
  if (!value.isStr()) return std::nullopt;
  const std::string& text = value.text();
  std::string_view digits = text;
  const bool negative = digits.starts_with('-');
  if (negative) digits.remove_prefix(1);
  auto parsed = sip::parseDigits(digits, INT64_MAX);
  if (!parsed) return std::nullopt;
  return negative ? -static_cast<std::int64_t>(*parsed) : static_cast<std::int64_t>(*parsed);
}

WriteOutcome editRequestUri(MessageContext& ctx, const std::function<bool(SipUri&)>& edit) {
  SipMessage* m = ctx.message;
  if (m == nullptr || !m->isRequest()) return WriteOutcome::Refused;
  messageData(ctx);  // $ou keeps the Request-URI as it was before the first change
  auto uri = SipUri::parse(m->requestUri());
  if (!uri) {
    kLog.err("failed to parse the R-URI");
    return WriteOutcome::Refused;
  }
  if (uri->scheme != "sip" && uri->scheme != "sips") return WriteOutcome::Refused;
  if (!edit(*uri)) return WriteOutcome::Refused;
  return m->setRequestUri(uri->toString()) ? WriteOutcome::Done : WriteOutcome::Refused;
}

WriteOutcome writeRequestUri(MessageContext& ctx, const PvValue& value) {
  SipMessage* m = ctx.message;
  // $ru takes a string only (seti fails) and cannot be unset.
  if (!value.isStr() || m == nullptr || !m->isRequest()) return WriteOutcome::Refused;
  messageData(ctx);
  if (!m->setRequestUri(value.text())) {
    kLog.err("cannot set the R-URI to \"", value.text(), "\": not a URI");
    return WriteOutcome::Refused;
  }
  return WriteOutcome::Done;
}

WriteOutcome writeRequestUser(MessageContext& ctx, const PvValue& value) {
  if (value.isInt()) return WriteOutcome::Refused;
  // "" and unset remove the user part.
  return editRequestUri(ctx, [&](SipUri& uri) {
    uri.user = value.isNull() ? std::string() : value.text();
    if (uri.user.empty()) uri.password.clear();
    return true;
  });
}

WriteOutcome writeRequestHost(MessageContext& ctx, const PvValue& value) {
  if (!value.isStr() || value.text().empty()) return WriteOutcome::Refused;
  std::string host = value.text();
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return editRequestUri(ctx, [&](SipUri& uri) {
    uri.host = host;
    return true;
  });
}

WriteOutcome writeRequestPort(MessageContext& ctx, const PvValue& value) {
  // Unset and "" remove the port; anything else must be a port number
  // (Kamailio would write any text into the URI and break it).
  std::optional<std::uint16_t> port;
  if (!value.isNull() && !(value.isStr() && value.text().empty())) {
    auto number = integerOf(value);
    if (!number || *number < 0 || *number > 65535) {
      kLog.err("cannot set the R-URI port to \"", value.toText(), "\"");
      return WriteOutcome::Refused;
    }
    port = static_cast<std::uint16_t>(*number);
  }
  return editRequestUri(ctx, [&](SipUri& uri) {
    uri.port = port;
    return true;
  });
}

WriteOutcome writeDstUri(MessageContext& ctx, const PvValue& value) {
  if (value.isInt()) return WriteOutcome::Refused;
  // As Kamailio, any text is taken; an unusable one fails when relaying.
  ctx.dstUri = value.isNull() ? std::string() : value.text();
  return WriteOutcome::Done;
}

WriteOutcome writeFlags(std::uint32_t& flags, const PvValue& value) {
  auto number = integerOf(value);
  if (!number) return WriteOutcome::Refused;
  flags = static_cast<std::uint32_t>(*number);
  return WriteOutcome::Done;
}

WriteOutcome writeNameAddr(PvKind kind, MessageContext& ctx, const PvValue& value) {
  if (ctx.message == nullptr || value.isInt()) return WriteOutcome::Refused;
  const bool from = kind <= PvKind::FromName;
  NameAddrPart part = NameAddrPart::Uri;
  switch (kind) {
    case PvKind::FromUser:
    case PvKind::ToUser:
      part = NameAddrPart::User;
      break;
    case PvKind::FromHost:
    case PvKind::ToHost:
      part = NameAddrPart::Host;
      break;
    case PvKind::FromName:
    case PvKind::ToName:
      part = NameAddrPart::DisplayName;
      break;
    default:
      break;
  }
  // Kamailio ignores unset on the URI and host, and removes user or display name.
  if (value.isNull() && (part == NameAddrPart::Uri || part == NameAddrPart::Host)) {
    return WriteOutcome::ReadOnly;
  }
  const std::string text = value.isNull() ? std::string() : value.text();
  return editNameAddr(*ctx.message, from ? "From" : "To", part, text) ? WriteOutcome::Done
                                                                      : WriteOutcome::Refused;
}

// Writes one attribute of an existing destination set entry (`count`
// cannot be written); null clears a text attribute.
WriteOutcome writeBranch(const PvSpec& spec, DestinationSet& set, const PvValue& value) {
  int index = spec.index.kind == PvIndex::Kind::Number ? spec.index.number : 0;
  if (index < 0) index += static_cast<int>(set.size());
  if (index < 0 || static_cast<std::size_t>(index) >= set.size()) return WriteOutcome::Refused;
  DestinationBranch& branch = set[static_cast<std::size_t>(index)];
  if (spec.name == "flags") return writeFlags(branch.flags, value);
  if (spec.name == "q") {
    auto q = integerOf(value);
    if (!q || *q < -1 || *q > 1000) return WriteOutcome::Refused;
    branch.q = static_cast<int>(*q);
    return WriteOutcome::Done;
  }
  std::string* text = spec.name == "uri"           ? &branch.uri
                      : spec.name == "dst_uri"     ? &branch.dstUri
                      : spec.name == "path"        ? &branch.path
                      : spec.name == "send_socket" ? &branch.socket
                      : spec.name == "ruid"        ? &branch.ruid
                      : spec.name == "instance"    ? &branch.instance
                      : spec.name == "location_ua" ? &branch.userAgent
                                                   : nullptr;
  if (text == nullptr || value.isInt() || (spec.name == "uri" && value.isNull())) {
    return WriteOutcome::Refused;
  }
  *text = value.isNull() ? std::string() : value.text();
  return WriteOutcome::Done;
}

}  // namespace

namespace {

std::optional<int> providedIndex(const PvSpec& spec) {
  if (spec.index.kind == PvIndex::Kind::Number) return spec.index.number;
  return std::nullopt;
}

WriteOutcome writeProvided(const PvSpec& spec, MessageContext& ctx, const PvValue& value) {
  const ProvidedVars::Accessors* provided = ProvidedVars::instance().find(spec.provided);
  if (provided == nullptr || !provided->write) return WriteOutcome::ReadOnly;
  return provided->write(spec.name, providedIndex(spec), value, ctx) ? WriteOutcome::Done
                                                                     : WriteOutcome::Refused;
}

}  // namespace

PvValue readProvided(const PvSpec& spec, MessageContext& ctx) {
  const ProvidedVars::Accessors* provided = ProvidedVars::instance().find(spec.provided);
  if (provided == nullptr) return {};
  return provided->read(spec.name, providedIndex(spec), ctx);
}

PvValue readPv(const PvSpec& spec, MessageContext& ctx, PvModule& module) {
  const SipMessage* m = ctx.message;
  switch (spec.kind) {
    case PvKind::RequestUri: {
      const SipMessage* request = requestOf(ctx);
      return request != nullptr ? textOrNull(request->requestUri()) : PvValue();
    }
    case PvKind::RequestUser:
    case PvKind::RequestHost:
    case PvKind::RequestPort:
    case PvKind::RequestScheme:
      return readRequestUriPart(spec.kind, ctx);
    case PvKind::RequestVersion:
      return m != nullptr ? PvValue::string("SIP/2.0") : PvValue();
    case PvKind::OriginalUri:
      return requestOf(ctx) != nullptr ? textOrNull(messageData(ctx).originalUri) : PvValue();
    case PvKind::DstUri:
      return textOrNull(ctx.dstUri);
    case PvKind::FromUri:
    case PvKind::FromUser:
    case PvKind::FromHost:
    case PvKind::FromName:
    case PvKind::FromTag:
    case PvKind::ToUri:
    case PvKind::ToUser:
    case PvKind::ToHost:
    case PvKind::ToName:
    case PvKind::ToTag:
      return m != nullptr ? readNameAddr(spec.kind, *m) : PvValue();
    case PvKind::CallId:
      return m != nullptr ? textOrNull(m->callId()) : PvValue();
    case PvKind::CSeq:
      return m != nullptr ? PvValue::stringWithInt(std::to_string(m->cseqNumber()), m->cseqNumber())
                          : PvValue();
    case PvKind::Method:
      return m != nullptr ? textOrNull(m->method()) : PvValue();
    case PvKind::ReplyStatus:
      return m != nullptr && !m->isRequest() ? PvValue::integer(m->statusCode()) : PvValue();
    case PvKind::ReplyReason:
      return m != nullptr && !m->isRequest() ? PvValue::string(std::string(m->reason()))
                                             : PvValue();
    case PvKind::UserAgent:
      return m != nullptr ? optionalText(m->header("User-Agent")) : PvValue();
    case PvKind::Contact:
      return m != nullptr ? optionalText(m->header("Contact")) : PvValue();
    case PvKind::ContentType:
      return m != nullptr ? optionalText(m->header("Content-Type")) : PvValue();
    case PvKind::ContentLength:
    case PvKind::BodySize:
      return m != nullptr ? PvValue::integer(static_cast<std::int64_t>(m->body().size()))
                          : PvValue();
    case PvKind::Body:
      return m != nullptr ? PvValue::string(std::string(m->body())) : PvValue();
    case PvKind::MessageBuffer:
      return m != nullptr ? PvValue::string(m->receivedText()) : PvValue();
    case PvKind::MessageLength:
      return m != nullptr ? PvValue::integer(static_cast<std::int64_t>(m->receivedText().size()))
                          : PvValue();
    case PvKind::MessageType:
      return m != nullptr ? PvValue::integer(m->isRequest() ? 1 : 2) : PvValue();
    case PvKind::MessageId:
      return PvValue::integer(static_cast<std::int64_t>(messageData(ctx).id));
    case PvKind::Header:
      return m != nullptr ? readHeader(spec, *m) : PvValue();
    case PvKind::HeaderCount:
      return PvValue::integer(m != nullptr ? static_cast<std::int64_t>(m->headers(spec.name).size())
                                           : 0);
    case PvKind::SourceIp:
      return PvValue::string(ctx.received.source.ip);
    case PvKind::SourcePort:
      return PvValue::integer(ctx.received.source.port);
    case PvKind::LocalIp:
      return PvValue::string(ctx.received.local.ip);
    case PvKind::LocalPort:
      return PvValue::integer(ctx.received.local.port);
    case PvKind::Proto:
      return PvValue::string(std::string(transportName(ctx.received.transport)));
    case PvKind::ReturnCode:
      // The return code of the last native cfg action: KEMI calls never set it.
      return PvValue::integer(0);
    case PvKind::ReceivedTime:
      return PvValue::integer(messageData(ctx).seconds);
    case PvKind::CurrentTime:
      return PvValue::integer(now().seconds);
    case PvKind::TimeValue:
      return readTimeValue(spec.name, ctx);
    case PvKind::RouteUri: {
      // The top Route's URI as received.
      auto routes = m != nullptr ? m->headerElements("Route") : std::vector<std::string_view>{};
      return routes.empty() ? PvValue() : textOrNull(nameAddrUri(routes.front()));
    }
    case PvKind::TmReplyCode:
      return PvValue::integer(ctx.replyCode);
    case PvKind::TmBranchIndex:
      return PvValue::integer(ctx.branchIndex);
    case PvKind::MessageFlags:
      return PvValue::integer(ctx.flags);
    case PvKind::BranchFlags:
      return PvValue::integer(ctx.branchFlags);
    case PvKind::Branch:
      return readBranch(spec, ctx.destinations);
    case PvKind::Var:
    case PvKind::VarNullable:
      return readVar(spec, module);
    case PvKind::Avp:
      return messageData(ctx).avps.get(spec.name, spec.index);
    case PvKind::Shared:
      return module.shared().get(spec.name);
    case PvKind::Provided:
      return readProvided(spec, ctx);
    case PvKind::Null:
      return {};
  }
  return {};
}

WriteOutcome writePv(const PvSpec& spec, MessageContext& ctx, PvModule& module,
                     const PvValue& value) {
  switch (spec.kind) {
    case PvKind::RequestUri:
      return writeRequestUri(ctx, value);
    case PvKind::RequestUser:
      return writeRequestUser(ctx, value);
    case PvKind::RequestHost:
      return writeRequestHost(ctx, value);
    case PvKind::RequestPort:
      return writeRequestPort(ctx, value);
    case PvKind::DstUri:
      return writeDstUri(ctx, value);
    case PvKind::FromUri:
    case PvKind::FromUser:
    case PvKind::FromHost:
    case PvKind::FromName:
    case PvKind::ToUri:
    case PvKind::ToUser:
    case PvKind::ToHost:
    case PvKind::ToName:
      return writeNameAddr(spec.kind, ctx, value);
    case PvKind::MessageFlags:
      return writeFlags(ctx.flags, value);
    case PvKind::BranchFlags:
      return writeFlags(ctx.branchFlags, value);
    case PvKind::Branch:
      return writeBranch(spec, ctx.destinations, value);
    case PvKind::Var:
      module.threadVars().set(spec.name, value.isNull() ? PvValue::integer(0) : value);
      return WriteOutcome::Done;
    case PvKind::VarNullable:
      module.threadVars().set(spec.name, value);
      return WriteOutcome::Done;
    case PvKind::Avp: {
      AvpStore& avps = messageData(ctx).avps;
      if (value.isNull()) {
        avps.remove(spec.name, spec.index);
        return WriteOutcome::Done;
      }
      return avps.set(spec.name, spec.index, value) ? WriteOutcome::Done : WriteOutcome::Refused;
    }
    case PvKind::Shared:
      module.shared().set(spec.name, value);
      return WriteOutcome::Done;
    case PvKind::Provided:
      return writeProvided(spec, ctx, value);
    default:
      return WriteOutcome::ReadOnly;
  }
}

}  // namespace kemid::pv
