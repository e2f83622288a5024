#pragma once
// Where nathelper's inputs lie in the message as received: the URI of each
// Contact and its host and port, and the addresses of the SDP lines it
// checks and rewrites. Offsets are into SipMessage::receivedText(), so that
// the fixes are edits of exactly those bytes (SipMessage::editText).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::nathelper {

// A SIP URI split where the fixes need it; offsets relative to the URI.
struct UriParts {
  std::size_t hostBegin = 0;  // the host, IPv6 brackets included
  std::size_t hostEnd = 0;
  std::size_t hostPortEnd = 0;  // after ":port" when there is one
  std::size_t end = 0;          // the URI's end (parameters included)
  std::string host;             // IPv6 without brackets
  std::optional<unsigned> port;

  // nullopt when `uri` is not "scheme:[user@]host[:port]...".
  static std::optional<UriParts> parse(std::string_view uri);
};

// One contact of a Contact field.
struct ContactText {
  std::size_t begin = 0;  // the element ("name <uri>;params"), in receivedText()
  std::size_t end = 0;
  std::size_t uriBegin = 0;  // the URI
  std::size_t uriEnd = 0;
  bool bracketed = false;  // the URI is written inside <>
  UriParts uri;
};

// The contacts of the first Contact field of `text` (a whole message), in
// order; empty when there is none, "*" or one that is not a URI.
std::vector<ContactText> firstContactField(std::string_view text);

// An address in the SDP body: on a c= line, an o= line or an a=rtcp line.
struct SdpAddress {
  enum class Line { Connection, Origin, Rtcp };
  Line line;
  std::size_t begin = 0;  // the address, in the message text
  std::size_t end = 0;
  std::string address;
};

// The addresses of an SDP body starting at `bodyOffset` of `text`.
std::vector<SdpAddress> sdpAddresses(std::string_view text, std::size_t bodyOffset);

// Where each media description of the SDP body ends (the offset after its
// last line, in the message text); empty when there is no m= line.
std::vector<std::size_t> sdpMediaEnds(std::string_view text, std::size_t bodyOffset);

// Whether the message's Content-Type is application/sdp (a missing one counts
// when there is a body, as in Kamailio).
bool hasSdpBody(std::string_view text);

}  // namespace kemid::nathelper
