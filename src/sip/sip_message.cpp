#include "sip/sip_message.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "sip/ascii.h"
#include "sip/header_names.h"
#include "sip/header_spans.h"
#include "sip/osip_support.h"
#include "sip/raw_scan.h"

namespace kemid {

namespace sip {
void OsipMessageFree::operator()(osip_message* message) const {
  osip_message_free(message);
}
}  // namespace sip

namespace {

using namespace std::string_view_literals;
using sip::forEachOsip;
using sip::iequals;
using sip::printOsip;
using sip::view;

// ---- the header fields libosip2 keeps in typed members ----------------------

struct KnownHeader {
  std::string_view name;
  void (*collect)(const osip_message_t& message, std::vector<std::string>& out, bool firstOnly);
};

// The header type T of a libosip2 free function void(T*).
template <typename F>
struct FreedType;
template <typename T>
struct FreedType<void (*)(T*)> {
  using Type = T;
};

template <osip_list_t osip_message::*List, auto ToStr, auto Free>
constexpr KnownHeader listHeader(std::string_view name) {
  using T = typename FreedType<decltype(Free)>::Type;
  return KnownHeader{
      name, [](const osip_message_t& message, std::vector<std::string>& out, bool firstOnly) {
        forEachOsip<const T>(message.*List, [&](const T* header) {
          if (auto text = printOsip(ToStr, header)) out.push_back(std::move(*text));
          return !firstOnly;
        });
      }};
}

template <auto Field, auto ToStr>
constexpr KnownHeader singleHeader(std::string_view name) {
  return KnownHeader{
      name, [](const osip_message_t& message, std::vector<std::string>& out, bool /*firstOnly*/) {
        if (auto text = printOsip(ToStr, message.*Field)) out.push_back(std::move(*text));
      }};
}

// Several libosip2 names below are macros for a shared implementation
// (osip_allow_to_str is osip_content_length_to_str, ...).
constexpr std::array kKnownHeaders{
    listHeader<&osip_message::accepts, osip_accept_to_str, osip_accept_free>("Accept"),
    listHeader<&osip_message::accept_encodings, osip_accept_encoding_to_str,
               osip_accept_encoding_free>("Accept-Encoding"),
    listHeader<&osip_message::accept_languages, osip_accept_language_to_str,
               osip_accept_language_free>("Accept-Language"),
    listHeader<&osip_message::alert_infos, osip_call_info_to_str, osip_call_info_free>(
        "Alert-Info"),
    listHeader<&osip_message::allows, osip_allow_to_str, osip_allow_free>("Allow"),
    listHeader<&osip_message::authentication_infos, osip_authentication_info_to_str,
               osip_authentication_info_free>("Authentication-Info"),
    listHeader<&osip_message::authorizations, osip_authorization_to_str, osip_authorization_free>(
        "Authorization"),
    singleHeader<&osip_message::call_id, osip_call_id_to_str>("Call-ID"),
    listHeader<&osip_message::call_infos, osip_call_info_to_str, osip_call_info_free>("Call-Info"),
    listHeader<&osip_message::contacts, osip_contact_to_str, osip_contact_free>("Contact"),
    listHeader<&osip_message::content_encodings, osip_content_encoding_to_str,
               osip_content_encoding_free>("Content-Encoding"),
    singleHeader<&osip_message::content_type, osip_content_type_to_str>("Content-Type"),
    singleHeader<&osip_message::cseq, osip_cseq_to_str>("CSeq"),
    listHeader<&osip_message::error_infos, osip_call_info_to_str, osip_call_info_free>(
        "Error-Info"),
    singleHeader<&osip_message::from, osip_from_to_str>("From"),
    singleHeader<&osip_message::mime_version, osip_content_length_to_str>("MIME-Version"),
    listHeader<&osip_message::proxy_authenticates, osip_www_authenticate_to_str,
               osip_www_authenticate_free>("Proxy-Authenticate"),
    listHeader<&osip_message::proxy_authentication_infos, osip_authentication_info_to_str,
               osip_authentication_info_free>("Proxy-Authentication-Info"),
    listHeader<&osip_message::proxy_authorizations, osip_authorization_to_str,
               osip_authorization_free>("Proxy-Authorization"),
    listHeader<&osip_message::record_routes, osip_record_route_to_str, osip_record_route_free>(
        "Record-Route"),
    listHeader<&osip_message::routes, osip_route_to_str, osip_route_free>("Route"),
    singleHeader<&osip_message::to, osip_to_to_str>("To"),
    listHeader<&osip_message::vias, osip_via_to_str, osip_via_free>("Via"),
    listHeader<&osip_message::www_authenticates, osip_www_authenticate_to_str,
               osip_www_authenticate_free>("WWW-Authenticate"),
};

const KnownHeader* findKnownHeader(std::string_view name) {
  std::string_view full = sip::expandCompactName(name);
  for (const auto& known : kKnownHeaders) {
    if (iequals(known.name, full)) return &known;
  }
  return nullptr;
}

bool isContentLength(std::string_view name) {
  return sip::sameHeaderName(name, "Content-Length");
}

// ---- the others: libosip2's list of (name, value) pairs ---------------------

osip_header_t* firstGenericHeader(const osip_message_t& message, std::string_view name) {
  osip_header_t* found = nullptr;
  forEachOsip<osip_header_t>(message.headers, [&](osip_header_t* header) {
    if (sip::sameHeaderName(view(header->hname), name)) found = header;
    return found == nullptr;
  });
  return found;
}

void collectValues(const osip_message_t& message, std::string_view name,
                   std::vector<std::string>& out, bool firstOnly) {
  if (const KnownHeader* known = findKnownHeader(name)) {
    known->collect(message, out, firstOnly);
    if (firstOnly && !out.empty()) return;
  }
  forEachOsip<const osip_header_t>(message.headers, [&](const osip_header_t* header) {
    if (!sip::sameHeaderName(view(header->hname), name)) return true;
    out.emplace_back(view(header->hvalue));
    return !firstOnly;
  });
}

// libosip2 keeps the names of the fields it does not know lowercased; the
// sender's spelling is put back (same letters, same length) so a relayed
// message keeps it.
void restoreNameSpelling(osip_message_t& message, std::string_view datagram) {
  osip_list_iterator_t it;
  auto* header = static_cast<osip_header_t*>(osip_list_get_first(&message.headers, &it));
  sip::RawHeaderScanner scanner(datagram);
  while (header != nullptr) {
    auto field = scanner.next();
    if (!field) return;
    // libosip2 splits some comma-separated fields: one line, several entries.
    while (header != nullptr && iequals(field->name, view(header->hname))) {
      std::memcpy(header->hname, field->name.data(), field->name.size());
      header = static_cast<osip_header_t*>(osip_list_get_next(&it));
    }
  }
}

// ---- checks beyond libosip2's ------------------------------------------------

// A value quoted in an error message: bounded, control bytes shown as '?'.
std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxShown = 64;
  std::string out = "'";
  for (char c : text.substr(0, kMaxShown)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  if (text.size() > kMaxShown) out += "...";
  out += '\'';
  return out;
}

// RFC 3261 §7.2: Status-Code is 3DIGIT; §21 defines 100..699. libosip2
// wraps larger numbers around (4294967301 becomes 5).
std::optional<std::string> checkStatusLine(std::string_view statusLine) {
  std::size_t space = statusLine.find(' ');
  if (space == std::string_view::npos) return "malformed status line " + quoted(statusLine);
  std::string_view code = statusLine.substr(space + 1);
  code = code.substr(0, code.find(' '));
  auto value = sip::parseDigits(code, 999);
  if (code.size() != 3 || !value || *value < 100 || *value > 699) {
    return "status code " + quoted(code) + " is not in 100..699";
  }
  return std::nullopt;
}

// libosip2 stops at a NUL byte. RFC 3261 §25.1 allows one only as a
// quoted-pair inside a quoted string ("\" NUL); there it becomes "\ " so the
// rest of the field is parsed. Anywhere else it makes the message invalid.
bool neutraliseQuotedNuls(std::string& head) {
  bool inQuotes = false;
  for (std::size_t i = 0; i < head.size(); ++i) {
    char c = head[i];
    if (c == '\n') {
      bool continuation = i + 1 < head.size() && (head[i + 1] == ' ' || head[i + 1] == '\t');
      if (!continuation) inQuotes = false;
    } else if (c == '\0') {
      return false;
    } else if (inQuotes && c == '\\' && i + 1 < head.size() && head[i + 1] != '\r' &&
               head[i + 1] != '\n') {
      if (head[i + 1] == '\0') head[i + 1] = ' ';
      ++i;
    } else if (c == '"') {
      inQuotes = !inQuotes;
    }
  }
  return true;
}

// RFC 3261 §8.1.1 (what every message carries) and the range checks libosip2
// leaves out.
std::optional<std::string> checkMessage(const osip_message_t& message, bool reply) {
  if (reply != (message.status_code != 0)) return "malformed start line";
  if (!iequals(view(message.sip_version), "SIP/2.0")) {
    return "unsupported SIP version " + quoted(view(message.sip_version));
  }
  if (!reply && message.sip_method == nullptr) return "missing request method";
  if (!reply && message.req_uri == nullptr) return "missing Request-URI";
  if (osip_list_size(&message.vias) == 0) return "missing Via header";
  if (message.from == nullptr) return "missing From header";
  if (message.to == nullptr) return "missing To header";
  if (message.call_id == nullptr) return "missing Call-ID header";
  if (message.cseq == nullptr) return "missing CSeq header";
  // §8.1.1.5: the sequence number is a 32-bit unsigned integer.
  std::string_view number = view(message.cseq->number);
  if (!sip::parseDigits(number, std::numeric_limits<std::uint32_t>::max())) {
    return "CSeq number " + quoted(number) + " is not a 32-bit unsigned integer";
  }
  std::string_view cseqMethod = view(message.cseq->method);
  if (cseqMethod.empty()) return "CSeq has no method";
  // §8.1.1.5: methods are case-sensitive and must match.
  if (!reply && cseqMethod != view(message.sip_method)) {
    return "CSeq method " + quoted(cseqMethod) + " does not match request method " +
           quoted(view(message.sip_method));
  }
  // libosip2 accepts Vias it cannot print back in a form it parses; such a
  // message cannot be relayed as it is.
  bool viasUsable = true;
  forEachOsip<const osip_via_t>(message.vias, [&](const osip_via_t* via) {
    viasUsable = !view(via->host).empty() && !view(via->protocol).empty() &&
                 (via->port == nullptr || sip::parsePort(via->port));
    return viasUsable;
  });
  if (!viasUsable) return "a Via has no transport, no host or an invalid port";
  // RFC 3581 §4: replies go to the top Via's rport.
  const auto* top = static_cast<const osip_via_t*>(osip_list_get(&message.vias, 0));
  const osip_generic_param_t* rport = sip::findOsipParam(top->via_params, "rport");
  if (rport != nullptr && rport->gvalue != nullptr && !sip::parsePort(rport->gvalue)) {
    return "top Via rport " + quoted(rport->gvalue) + " is not a port number";
  }
  // §20.22: Max-Forwards is an integer in 0..255.
  if (const osip_header_t* maxForwards = firstGenericHeader(message, "Max-Forwards")) {
    std::string_view value = view(maxForwards->hvalue);
    if (!sip::parseDigits(value, 255)) {
      return "Max-Forwards value " + quoted(value) + " is not an integer in 0..255";
    }
  }
  return std::nullopt;
}

// libosip2 unescapes URIs into C strings, so an escaped NUL ("%00", which
// RFC 4475 §3.1.1.5 shows is valid) would cut a user part short. libosip2
// is handed "%2500" instead, which it unescapes to the text "%00" and prints
// back as "%2500"; what the message prints is mapped back.
constexpr std::string_view kEscapedNul = "%00";
constexpr std::string_view kShieldedNul = "%2500";

void replaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

std::unique_ptr<SipMessage> refuse(std::string& error, std::string text) {
  error = std::move(text);
  return nullptr;
}

NameAddrView nameAddr(const osip_from_t* field) {
  NameAddrView out;
  if (field == nullptr) return out;
  out.displayName = view(field->displayname);
  if (const osip_uri_t* uri = field->url) {
    out.scheme = view(uri->scheme);
    out.user = view(uri->username);
    out.host = view(uri->host);
    if (uri->port != nullptr) out.port = sip::parsePort(uri->port);
  }
  if (const osip_generic_param_t* tag = sip::findOsipParam(field->gen_params, "tag")) {
    out.tag = view(tag->gvalue);
  }
  return out;
}

std::string uriOf(const osip_from_t* field) {
  if (field == nullptr) return {};
  return printOsip(osip_uri_to_str, field->url).value_or(std::string());
}

// RFC 3261 §7.3.1 token characters suffice for a name; no value may carry a
// line break (it would inject header fields).
bool acceptableName(std::string_view name) {
  return !name.empty() && name.find_first_of(": \t\r\n\0"sv) == std::string_view::npos;
}
bool acceptableValue(std::string_view value) {
  return value.find_first_of("\r\n\0"sv) == std::string_view::npos;
}

}  // namespace

SipMessage::SipMessage(SharedFields message, std::string head, std::string body, bool shieldedNul)
    : message_(std::move(message)),
      head_(std::move(head)),
      body_(std::move(body)),
      shieldedNul_(shieldedNul) {}

SipMessage::~SipMessage() = default;

std::unique_ptr<SipMessage> SipMessage::parse(std::string_view datagram, std::string& error) {
  sip::ensureOsipReady();
  sip::RawHeaderScanner scanner(datagram);
  std::string_view startLine = scanner.startLine();
  if (startLine.empty()) return refuse(error, "empty message");
  bool reply = sip::istartsWith(startLine, "SIP/");
  if (reply) {
    if (auto problem = checkStatusLine(startLine)) return refuse(error, *std::move(problem));
  }

  // libosip2 gets the head without Content-Length and no body: the body is
  // kept here as received, and its length checked here.
  std::string head;
  head.reserve(datagram.size());
  head.append(startLine).append("\r\n");
  std::optional<std::string_view> contentLength;
  while (auto field = scanner.next()) {
    if (isContentLength(field->name)) {
      if (contentLength) return refuse(error, "more than one Content-Length header");
      contentLength = field->value;
      continue;
    }
    head.append(field->line);
  }
  if (!scanner.complete()) return refuse(error, "header section not ended by an empty line");
  head.append(scanner.emptyLine());
  // RFC 3261 §7: lines end in CRLF. libosip2 also ends a line at a lone CR,
  // where the scan above does not: refused, so both see the same fields.
  for (std::size_t cr = head.find('\r'); cr != std::string::npos; cr = head.find('\r', cr + 1)) {
    if (cr + 1 == head.size() || head[cr + 1] != '\n') {
      return refuse(error, "CR without LF in the header section");
    }
  }
  if (head.find('\0') != std::string::npos && !neutraliseQuotedNuls(head)) {
    return refuse(error, "NUL byte outside a quoted string in the header section");
  }
  bool shieldedNul = head.find(kEscapedNul) != std::string::npos;
  if (shieldedNul) {
    if (head.find(kShieldedNul) != std::string::npos) {
      return refuse(error, "both %00 and %2500 in the header section");
    }
    replaceAll(head, kEscapedNul, kShieldedNul);
  }

  // RFC 3261 §18.3: over UDP a missing Content-Length means the rest of the
  // datagram; bytes beyond it are discarded; fewer bytes than it says make
  // the message invalid.
  std::string_view body = datagram.substr(scanner.bodyOffset());
  if (contentLength) {
    auto length = sip::parseDigits(*contentLength, std::numeric_limits<std::size_t>::max());
    if (!length) {
      return refuse(error,
                    "Content-Length " + quoted(*contentLength) + " is not a non-negative integer");
    }
    if (*length > body.size()) {
      return refuse(error, "Content-Length " + std::to_string(*length) + " exceeds the " +
                               std::to_string(body.size()) + " bytes of body received");
    }
    body = body.substr(0, *length);
  }

  osip_message_t* raw = nullptr;
  if (osip_message_init(&raw) != 0) return refuse(error, "out of memory");
  OsipMessagePtr message(raw);
  {
    sip::OsipErrorCapture capture;
    if (osip_message_parse(message.get(), head.data(), head.size()) != 0) {
      return refuse(error, capture.text().empty() ? std::string("malformed message")
                                                  : "malformed message: " + capture.text());
    }
  }
  // libosip2 was given no body: if it found one, it ended the header
  // section elsewhere than the scan did.
  if (osip_list_size(&message->bodies) != 0) {
    return refuse(error, "malformed message: ambiguous end of the header section");
  }
  if (auto problem = checkMessage(*message, reply)) return refuse(error, *std::move(problem));
  restoreNameSpelling(*message, datagram);
  std::size_t headStart = static_cast<std::size_t>(startLine.data() - datagram.data());
  std::string receivedHead(datagram.substr(headStart, scanner.bodyOffset() - headStart));
  return std::unique_ptr<SipMessage>(
      new SipMessage(SharedFields(message.release(), sip::OsipMessageFree{}),
                     std::move(receivedHead), std::string(body), shieldedNul));
}

std::unique_ptr<SipMessage> SipMessage::clone() const {
  std::unique_ptr<SipMessage> twin(new SipMessage(message_, head_, body_, shieldedNul_));
  twin->newRequestUri_ = newRequestUri_;
  twin->edits_ = edits_;
  twin->bodyEdits_ = bodyEdits_;
  return twin;
}

osip_message& SipMessage::ownFields() {
  // Only the holders of a clone can add references, and this thread holds
  // this one: a count of 1 stays 1 meanwhile.
  if (message_.use_count() > 1) {
    osip_message_t* copy = nullptr;
    if (osip_message_clone(message_.get(), &copy) != 0) throw std::bad_alloc();
    message_ = SharedFields(copy, sip::OsipMessageFree{});
  }
  return *message_;
}

std::string SipMessage::unshield(std::string text) const {
  if (shieldedNul_) replaceAll(text, kShieldedNul, kEscapedNul);
  return text;
}

// ---- start line and the fields every message has ----------------------------

bool SipMessage::isRequest() const {
  return message_->status_code == 0;
}

std::string_view SipMessage::method() const {
  return isRequest() ? view(message_->sip_method) : cseqMethod();
}

int SipMessage::statusCode() const {
  return message_->status_code;
}

std::string_view SipMessage::reason() const {
  return isRequest() ? std::string_view() : view(message_->reason_phrase);
}

std::string SipMessage::requestUri() const {
  if (!isRequest()) return {};
  if (newRequestUri_) return *newRequestUri_;
  return unshield(printOsip(osip_uri_to_str, message_->req_uri).value_or(std::string()));
}

bool SipMessage::setRequestUri(std::string_view uri) {
  if (!isRequest() || !acceptableValue(uri) || uri.find_first_of(" \t") != std::string_view::npos) {
    return false;
  }
  std::string copy(uri);
  osip_uri_t* raw = nullptr;
  if (osip_uri_init(&raw) != 0) return false;
  sip::OsipUri parsed(raw);
  if (osip_uri_parse(parsed.get(), copy.c_str()) != 0) return false;
  newRequestUri_ = std::move(copy);
  return true;
}

std::string SipMessage::callId() const {
  return unshield(printOsip(osip_call_id_to_str, message_->call_id).value_or(std::string()));
}

std::uint32_t SipMessage::cseqNumber() const {
  std::string_view number = message_->cseq ? view(message_->cseq->number) : std::string_view();
  return static_cast<std::uint32_t>(
      sip::parseDigits(number, std::numeric_limits<std::uint32_t>::max()).value_or(0));
}

std::string_view SipMessage::cseqMethod() const {
  return message_->cseq ? view(message_->cseq->method) : std::string_view();
}

NameAddrView SipMessage::from() const {
  return nameAddr(message_->from);
}
NameAddrView SipMessage::to() const {
  return nameAddr(message_->to);
}
std::string SipMessage::fromUri() const {
  return unshield(uriOf(message_->from));
}
std::string SipMessage::toUri() const {
  return unshield(uriOf(message_->to));
}

// ---- any header field -----------------------------------------------------------

std::optional<std::string> SipMessage::header(std::string_view name) const {
  if (isContentLength(name)) return std::to_string(body_.size());
  std::vector<std::string> values;
  collectValues(*message_, name, values, true);
  if (values.empty()) return std::nullopt;
  return unshield(std::move(values.front()));
}

std::vector<std::string> SipMessage::headers(std::string_view name) const {
  if (isContentLength(name)) return {std::to_string(body_.size())};
  std::vector<std::string> values;
  collectValues(*message_, name, values, false);
  for (auto& value : values) value = unshield(std::move(value));
  return values;
}

std::optional<int> SipMessage::maxForwards() const {
  const osip_header_t* header = firstGenericHeader(*message_, "Max-Forwards");
  if (header == nullptr) return std::nullopt;
  // Blanks as maxfwd's in-place edit leaves them (" 9").
  auto value = sip::parseDigits(sip::trimLws(view(header->hvalue)), 255);
  if (!value) return std::nullopt;
  return static_cast<int>(*value);
}

void SipMessage::setMaxForwards(int value) {
  std::string digits = std::to_string(std::clamp(value, 0, 255));
  auto fields = sip::findFields(head_, "Max-Forwards");
  if (fields.empty()) {
    insertField(sip::firstFieldOffset(head_), "Max-Forwards", digits);
    return;
  }
  sip::Span span = fields.front().value;
  if (digits.size() > span.length) {
    edits_.replace(span.offset, span.length, std::move(digits));
    return;
  }
  // In place, as Kamailio: the tree and the received text change together.
  std::string padded = std::string(span.length - digits.size(), ' ') + digits;
  head_.replace(span.offset, span.length, padded);
  if (osip_header_t* header = firstGenericHeader(ownFields(), "Max-Forwards")) {
    osip_free(header->hvalue);
    header->hvalue = sip::osipCopy(padded);
  }
}

// ---- Via -------------------------------------------------------------------------

std::size_t SipMessage::viaCount() const {
  return static_cast<std::size_t>(osip_list_size(&message_->vias));
}

std::optional<ViaHeader> SipMessage::topVia() const {
  const auto* top = static_cast<const osip_via_t*>(osip_list_get(&message_->vias, 0));
  if (top == nullptr) return std::nullopt;
  return sip::toViaHeader(*top);
}

std::optional<ViaHeader> SipMessage::via(std::size_t index) const {
  const auto* at = static_cast<const osip_via_t*>(
      osip_list_get(&message_->vias, static_cast<int>(std::min<std::size_t>(index, INT32_MAX))));
  if (at == nullptr) return std::nullopt;
  return sip::toViaHeader(*at);
}

bool SipMessage::setTopViaSource(std::optional<std::string_view> received,
                                 std::optional<std::uint16_t> rport) {
  auto vias = sip::findFields(head_, "Via");
  if (osip_list_size(&message_->vias) == 0 || vias.empty() || !edits_.empty()) return false;
  auto* top = static_cast<osip_via_t*>(osip_list_get(&ownFields().vias, 0));
  auto topElement = [&] { return sip::listElements(head_, vias.front().value).front(); };
  // In the text as received (what is sent on): values in place, what is
  // new after the sent-by. In libosip2's list (what header() reads and
  // local replies copy): values in place, what is new at the end, an rport
  // before a received added earlier (force_rport() after the core).
  auto setParam = [&](std::string_view name, std::string_view value, std::string& added) {
    const std::string param = ";" + std::string(name) + "=" + std::string(value);
    if (auto existing = sip::findParam(head_, topElement(), name)) {
      head_.replace(existing->offset, existing->length, param);
      vias = sip::findFields(head_, "Via");
    } else {
      added += param;
    }
    sip::setOsipParam(top->via_params, name, value, name == "rport" ? "received" : "");
  };
  std::string added;
  if (rport) setParam("rport", std::to_string(*rport), added);
  if (received) setParam("received", *received, added);
  if (!added.empty()) {
    // The sent-by ends at the first ';' (RFC 3261 §20.42: none before it).
    const sip::Span element = topElement();
    const std::string_view text = std::string_view(head_).substr(element.offset, element.length);
    head_.insert(element.offset + std::min(text.find(';'), text.size()), added);
  }
  return true;
}

// ---- edits -----------------------------------------------------------------------

bool SipMessage::acceptableNewField(std::string_view name, std::string_view value) const {
  for (std::string_view single : {"From"sv, "To"sv, "Call-ID"sv, "CSeq"sv}) {
    if (sip::sameHeaderName(name, single) && header(single)) return false;
  }
  return acceptableField(name, value);
}

bool SipMessage::acceptableField(std::string_view name, std::string_view value) {
  if (!acceptableName(name) || !acceptableValue(value) || isContentLength(name)) return false;
  // What libosip2 cannot parse would make the message unusable downstream.
  osip_message_t* scratch = nullptr;
  if (osip_message_init(&scratch) != 0) return false;
  OsipMessagePtr owned(scratch);
  std::string hname(name);
  std::string hvalue(value);
  return osip_message_set_multiple_header(scratch, hname.data(), hvalue.data()) == 0;
}

bool SipMessage::insertField(std::size_t offset, std::string_view name, std::string_view value) {
  if (!acceptableNewField(name, value)) return false;
  std::string line;
  line.reserve(name.size() + value.size() + 4);
  line.append(name).append(": ").append(value).append("\r\n");
  return edits_.insert(offset, std::move(line));
}

bool SipMessage::appendHeader(std::string_view name, std::string_view value) {
  return insertField(sip::headerEndOffset(head_), name, value);
}

bool SipMessage::insertHeader(std::string_view name, std::string_view value) {
  return insertField(sip::firstFieldOffset(head_), name, value);
}

bool SipMessage::appendHeaderAfter(std::string_view anchor, std::string_view name,
                                   std::string_view value) {
  auto fields = sip::findFields(head_, anchor);
  if (fields.empty()) return appendHeader(name, value);
  return insertField(fields.front().line.end(), name, value);
}

bool SipMessage::insertHeaderBefore(std::string_view anchor, std::string_view name,
                                    std::string_view value) {
  auto fields = sip::findFields(head_, anchor);
  if (fields.empty()) return insertHeader(name, value);
  return insertField(fields.front().line.offset, name, value);
}

std::size_t SipMessage::removeHeader(std::string_view name) {
  std::size_t removed = 0;
  for (const auto& field : sip::findFields(head_, name)) {
    if (edits_.remove(field.line.offset, field.line.length)) ++removed;
  }
  return removed;
}

bool SipMessage::replaceHeaderValue(std::string_view name, std::string_view value) {
  auto fields = sip::findFields(head_, name);
  if (fields.empty()) return appendHeader(name, value);
  if (!acceptableField(name, value)) return false;
  sip::Span span = fields.front().value;
  // A later change of the same value replaces the earlier one ($fU, then $fd).
  if (sip::TextEdit* earlier = edits_.find(span.offset, span.length);
      earlier != nullptr && earlier->length > 0) {
    earlier->text = value;
    return true;
  }
  return edits_.replace(span.offset, span.length, std::string(value));
}

std::optional<std::string> SipMessage::pendingHeaderValue(std::string_view name) const {
  auto fields = sip::findFields(head_, name);
  if (fields.empty()) return std::nullopt;
  const sip::TextEdit* edit = edits_.find(fields.front().value.offset, fields.front().value.length);
  if (edit == nullptr || edit->length == 0) return std::nullopt;
  return edit->text;
}

bool SipMessage::changeInsertedHeader(std::string_view name, std::string_view value,
                                      std::optional<std::string_view> newValue) {
  std::string line;
  line.append(name).append(": ").append(value).append("\r\n");
  sip::TextEdit* edit = edits_.findInsertion(sip::firstFieldOffset(head_), line);
  if (edit == nullptr) return false;
  if (!newValue) {
    edits_.erase(edit);
    return true;
  }
  if (!acceptableField(name, *newValue)) return false;
  edit->text.clear();
  edit->text.append(name).append(": ").append(*newValue).append("\r\n");
  return true;
}

std::vector<std::string_view> SipMessage::headerElements(std::string_view name) const {
  std::vector<std::string_view> elements;
  for (const auto& field : sip::findFields(head_, name)) {
    for (const sip::Span& element : sip::listElements(head_, field.value)) {
      elements.push_back(std::string_view(head_).substr(element.offset, element.length));
    }
  }
  return elements;
}

bool SipMessage::removeHeaderElements(std::string_view name,
                                      std::span<const std::size_t> positions) {
  auto isRemoved = [&](std::size_t position) {
    return std::find(positions.begin(), positions.end(), position) != positions.end();
  };
  std::vector<sip::Span> removals;
  std::size_t base = 0;  // position of the field's first element
  for (const auto& field : sip::findFields(head_, name)) {
    auto elements = sip::listElements(head_, field.value);
    const std::size_t count = elements.size();
    std::size_t removed = 0;
    for (std::size_t i = 0; i < count; ++i) removed += isRemoved(base + i) ? 1 : 0;
    if (removed == count && count > 0) {
      removals.push_back(field.line);
    } else {
      // Each run of removed elements goes with the comma after it, or the
      // one before it when the run ends the field.
      for (std::size_t i = 0; i < count;) {
        if (!isRemoved(base + i)) {
          ++i;
          continue;
        }
        std::size_t last = i;
        while (last + 1 < count && isRemoved(base + last + 1)) ++last;
        if (last + 1 < count) {
          removals.push_back({elements[i].offset, elements[last + 1].offset - elements[i].offset});
        } else {
          std::size_t from = elements[i - 1].end();
          removals.push_back({from, elements[last].end() - from});
        }
        i = last + 1;
      }
    }
    base += count;
  }
  bool all = true;
  for (const sip::Span& span : removals) all = edits_.remove(span.offset, span.length) && all;
  return all;
}

bool SipMessage::removeTopVia() {
  auto vias = sip::findFields(head_, "Via");
  if (vias.empty()) return false;
  auto elements = sip::listElements(head_, vias.front().value);
  if (elements.size() == 1)
    return edits_.remove(vias.front().line.offset, vias.front().line.length);
  // "Via: ours, theirs": the element, its comma and the blanks after it.
  return edits_.remove(elements[0].offset, elements[1].offset - elements[0].offset);
}

bool SipMessage::replaceViasWith(const SipMessage& source) {
  auto own = sip::findFields(head_, "Via");
  auto theirs = sip::findFields(source.head_, "Via");
  if (own.empty() || theirs.empty()) return false;
  std::string lines;
  for (const auto& field : theirs) {
    lines.append(source.head_, field.line.offset, field.line.length);
  }
  // A line the script removed already is gone either way.
  for (const auto& field : own) edits_.remove(field.line.offset, field.line.length);
  return edits_.insert(own.front().line.offset, std::move(lines));
}

bool SipMessage::editText(std::size_t offset, std::size_t length, std::string text) {
  const std::size_t end = offset + length;
  if (end > head_.size() + body_.size()) return false;
  if (offset >= head_.size()) {
    return bodyEdits_.replace(offset - head_.size(), length, std::move(text));
  }
  if (end <= head_.size()) return edits_.replace(offset, length, std::move(text));
  edits_.refuseOne();  // across the end of the head
  return false;
}

bool SipMessage::replaceBody(std::string body, std::string_view contentType) {
  const sip::TextEdit whole{0, body_.size(), {}};
  const auto typeFields = sip::findFields(head_, "Content-Type");
  const std::size_t end = sip::headerEndOffset(head_);
  bool clash = bodyEdits_.clashes(whole);
  if (!contentType.empty()) {
    if (!acceptableValue(contentType)) return false;
    for (const auto& field : typeFields) {
      clash = clash || edits_.clashes({field.line.offset, field.line.length, {}});
    }
    clash = clash || edits_.clashes({end, 0, {}});
  }
  if (clash) {
    bodyEdits_.refuseOne();
    return false;
  }
  bodyEdits_.replace(0, body_.size(), std::move(body));
  if (contentType.empty()) return true;
  for (const auto& field : typeFields) edits_.remove(field.line.offset, field.line.length);
  edits_.insert(end, "Content-Type: " + std::string(contentType) + "\r\n");
  return true;
}

bool SipMessage::hasPendingEdits() const {
  return !edits_.empty() || !bodyEdits_.empty();
}

std::size_t SipMessage::refusedEdits() const {
  return edits_.refused() + bodyEdits_.refused();
}

bool SipMessage::applyChanges() {
  if (!hasPendingEdits() && !newRequestUri_) return true;
  return replaceText(wireText());
}

bool SipMessage::replaceText(std::string_view text) {
  std::string error;
  auto replacement = parse(text, error);
  if (!replacement) return false;
  std::swap(message_, replacement->message_);
  std::swap(head_, replacement->head_);
  std::swap(body_, replacement->body_);
  shieldedNul_ = replacement->shieldedNul_;
  newRequestUri_.reset();
  edits_.clear();
  bodyEdits_.clear();
  return true;
}

// ---- wire form -------------------------------------------------------------------

std::string SipMessage::receivedText() const {
  return head_ + body_;
}

std::string SipMessage::wireText(std::string_view ownVia) const {
  std::vector<sip::TextEdit> extra;
  if (newRequestUri_) {
    if (auto span = sip::requestUriSpan(head_)) {
      extra.push_back({span->offset, span->length, *newRequestUri_});
    }
  }
  // One scan of the head, not one per question: this runs for every message sent.
  const sip::HeadLayout layout = sip::headLayout(head_);
  if (!ownVia.empty()) {
    extra.push_back({layout.ownViaOffset, 0, "Via: " + std::string(ownVia) + "\r\n"});
  }
  const std::string editedBody = bodyEdits_.empty() ? std::string() : bodyEdits_.apply(body_);
  const std::string& body = bodyEdits_.empty() ? body_ : editedBody;
  // RFC 3261 §18.3: a datagram may leave it out; kemid always sends it.
  if (!layout.contentLength) {
    extra.push_back({layout.end, 0, "Content-Length: " + std::to_string(body.size()) + "\r\n"});
  } else if (body.size() != body_.size()) {
    extra.push_back(
        {layout.contentLength->offset, layout.contentLength->length, std::to_string(body.size())});
  }
  std::string out = edits_.apply(head_, extra);
  out.append(body);
  return out;
}

}  // namespace kemid
