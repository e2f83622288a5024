#include "hop_requests.h"

#include <optional>

#include "sip/header_names.h"
#include "sip/raw_scan.h"
#include "sip/sip_message.h"

namespace kemid::tm {

namespace {

void appendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

// The first element of a comma-separated Via field value: the topmost Via.
std::string_view firstElement(std::string_view value) {
  bool quoted = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '"') quoted = !quoted;
    if (value[i] == ',' && !quoted) return value.substr(0, i);
  }
  return value;
}

std::string_view cseqNumber(std::string_view cseq) {
  std::size_t end = 0;
  while (end < cseq.size() && cseq[end] >= '0' && cseq[end] <= '9') ++end;
  return cseq.substr(0, end);
}

// `method` SP Request-URI SP SIP-Version from the sent request's start line.
std::string startLine(std::string_view sentStartLine, std::string_view method) {
  auto space = sentStartLine.find(' ');
  std::string line(method);
  if (space != std::string_view::npos) line.append(sentStartLine.substr(space));
  line.append("\r\n");
  return line;
}

std::string build(std::string_view sentRequest, std::string_view method,
                  std::optional<std::string_view> to, std::string_view extraHeaders) {
  sip::RawHeaderScanner scanner(sentRequest);
  std::string out = startLine(scanner.startLine(), method);
  bool viaDone = false;
  while (auto field = scanner.next()) {
    auto name = sip::expandCompactName(field->name);
    if (sip::sameHeaderName(name, "Via")) {
      if (!viaDone) appendField(out, "Via", firstElement(field->value));
      viaDone = true;
    } else if (sip::sameHeaderName(name, "To")) {
      appendField(out, "To", to ? *to : field->value);
    } else if (sip::sameHeaderName(name, "CSeq")) {
      std::string value(cseqNumber(field->value));
      value.append(" ").append(method);
      appendField(out, "CSeq", value);
    } else if (sip::sameHeaderName(name, "From") || sip::sameHeaderName(name, "Call-ID") ||
               sip::sameHeaderName(name, "Route") || sip::sameHeaderName(name, "Max-Forwards")) {
      appendField(out, name, field->value);
    }
  }
  // After Content-Length, where Kamailio puts a CANCEL's Reason.
  out.append("Content-Length: 0\r\n");
  out.append(extraHeaders);
  out.append("\r\n");
  return out;
}

}  // namespace

std::string buildCancel(std::string_view sentRequest, std::string_view extraHeaders) {
  return build(sentRequest, "CANCEL", std::nullopt, extraHeaders);
}

std::string buildNegativeAck(std::string_view sentRequest, const SipMessage& reply) {
  auto to = reply.header("To");
  return build(sentRequest, "ACK", to ? std::optional<std::string_view>(*to) : std::nullopt, "");
}

}  // namespace kemid::tm
