#include "sip/reply_builder.h"

#include <stdexcept>

#include <osipparser2/osip_parser.h>

#include "sip/hashing.h"
#include "sip/sip_message.h"

namespace kemid::sip {

namespace {

void appendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

void appendLines(std::string& out, std::string_view lines) {
  if (lines.empty()) return;
  out.append(lines);
  if (!lines.ends_with("\r\n")) out.append("\r\n");
}

}  // namespace

std::string buildReply(const SipMessage& request, int code, std::string_view reason,
                       const ReplyOptions& options) {
  if (code < 100 || code > 699) {
    throw std::invalid_argument("reply code " + std::to_string(code) + " is not in 100..699");
  }
  if (reason.find_first_of("\r\n") != std::string_view::npos) {
    throw std::invalid_argument("reply reason contains a line break");
  }
  if (reason.empty()) {
    // libosip2's table of RFC 3261 reason phrases; it answers for any code.
    const char* standard = osip_message_get_reason(code);
    reason = standard != nullptr ? standard : "";
  }

  std::string out;
  out.reserve(512 + options.extraHeaders.size() + options.serverHeader.size());
  out.append("SIP/2.0 ").append(std::to_string(code)).append(" ").append(reason).append("\r\n");
  for (const auto& via : request.headers("Via")) appendField(out, "Via", via);
  if (code >= 180 && code < 300) {
    for (const auto& route : request.headers("Record-Route")) {
      appendField(out, "Record-Route", route);
    }
  }
  if (auto from = request.header("From")) appendField(out, "From", *from);
  if (auto to = request.header("To")) {
    if (code > 100 && request.to().tag.empty()) {
      to->append(";tag=");
      to->append(options.toTag.empty() ? stableToTag(request) : std::string(options.toTag));
    }
    appendField(out, "To", *to);
  }
  appendField(out, "Call-ID", request.callId());
  if (auto cseq = request.header("CSeq")) appendField(out, "CSeq", *cseq);
  if (code == 100) {
    if (auto timestamp = request.header("Timestamp")) appendField(out, "Timestamp", *timestamp);
  }
  appendLines(out, options.extraHeaders);
  appendLines(out, options.serverHeader);
  out.append("Content-Length: ").append(std::to_string(options.body.size())).append("\r\n\r\n");
  out.append(options.body);
  return out;
}

std::string stableToTag(const SipMessage& request) {
  static const std::string prefix = [] {
    std::string text;
    appendHex(text, processSalt(), 8);
    return text;
  }();
  StableHash hash;
  hash.add(request.callId()).add(request.from().tag).add(request.cseqNumber());
  auto via = request.topVia();
  hash.add(via ? std::string_view(via->branch) : std::string_view());
  std::string tag = prefix;
  tag += '-';
  appendHex(tag, hash.value(), 8);
  return tag;
}

}  // namespace kemid::sip
