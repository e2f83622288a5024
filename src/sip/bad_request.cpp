#include "sip/bad_request.h"

#include <array>

#include "sip/header_names.h"
#include "sip/raw_scan.h"

namespace kemid::sip {

namespace {

// The fields a reply copies (RFC 3261 §8.2.6.2), in the order it writes them.
enum Field { kFrom, kTo, kCallId, kCseq, kFieldCount };
constexpr std::array<std::string_view, kFieldCount> kFieldNames{"From", "To", "Call-ID", "CSeq"};

// A Warning text may not carry a quote or a line end (RFC 3261 §25.1 quoted-string).
std::string warningText(std::string_view why) {
  std::string text;
  text.reserve(why.size());
  for (char c : why) text.push_back(c == '"' || c == '\r' || c == '\n' || c == '\\' ? '\'' : c);
  return text;
}

}  // namespace

std::optional<std::string> buildBadRequestReply(std::string_view datagram, std::string_view why,
                                                std::string_view serverHeader) {
  RawHeaderScanner scanner(datagram);
  std::string_view startLine = scanner.startLine();
  // A request line "METHOD uri SIP/2.0", never a status line; never an ACK.
  auto space = startLine.find(' ');
  if (space == std::string_view::npos || space == 0 || startLine.starts_with("SIP/") ||
      startLine.substr(0, space) == "ACK") {
    return std::nullopt;
  }
  std::string vias;
  std::array<std::string_view, kFieldCount> fields{};
  while (auto header = scanner.next()) {
    if (header->name.empty()) continue;
    if (sameHeaderName(header->name, "Via")) {
      vias.append("Via: ").append(header->value).append("\r\n");
      continue;
    }
    for (int f = 0; f < kFieldCount; ++f) {
      if (!sameHeaderName(header->name, kFieldNames[f])) continue;
      if (!fields[f].empty()) return std::nullopt;  // twice: which one would we copy?
      fields[f] = header->value;
    }
  }
  if (vias.empty()) return std::nullopt;
  for (auto field : fields) {
    if (field.empty()) return std::nullopt;
  }
  std::string reply = "SIP/2.0 400 Bad Request\r\n" + vias;
  reply.append("From: ").append(fields[kFrom]).append("\r\n");
  reply.append("To: ").append(fields[kTo]);
  if (fields[kTo].find(";tag=") == std::string_view::npos) reply.append(";tag=kemid-bad-request");
  reply.append("\r\nCall-ID: ").append(fields[kCallId]).append("\r\n");
  reply.append("CSeq: ").append(fields[kCseq]).append("\r\n");
  reply.append("Warning: 399 kemid \"").append(warningText(why)).append("\"\r\n");
  if (!serverHeader.empty()) reply.append(serverHeader).append("\r\n");
  reply.append("Content-Length: 0\r\n\r\n");
  return reply;
}

}  // namespace kemid::sip
