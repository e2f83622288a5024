#pragma once
// SIP texts shared by the sip tests, in the style of RFC 3665's call flows.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "sip/sip_message.h"

namespace kemid::test {

// `head` (start line and header fields, each ending in CRLF) followed by a
// correct Content-Length, the empty line and `body`.
inline std::string withBody(std::string_view head, std::string_view body) {
  std::string text(head);
  text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  text += body;
  return text;
}

inline constexpr std::string_view kSdp =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.101\r\n"
    "t=0 0\r\n"
    "m=audio 49172 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

inline std::string invite() {
  return withBody(
      "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"
      "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8;received=192.0.2.3\r\n"
      "Max-Forwards: 70\r\n"
      "To: Bob <sip:bob@biloxi.example.com>\r\n"
      "From: Alice <sip:alice@atlanta.example.com:5062>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
      "CSeq: 314159 INVITE\r\n"
      "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
      "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
      "Timestamp: 54\r\n"
      "User-Agent: SIPp/3.7\r\n"
      "X-Custom-Header: Some Value\r\n"
      "Content-Type: application/sdp\r\n",
      kSdp);
}

inline std::string registerRequest() {
  return "REGISTER sip:registrar.biloxi.example.com SIP/2.0\r\n"
         "v: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7\r\n"
         "Max-Forwards: 70\r\n"
         "t: Bob <sip:bob@biloxi.example.com>\r\n"
         "f: Bob <sip:bob@biloxi.example.com>;tag=456248\r\n"
         "i: 843817637684230@998sdasdh09\r\n"
         "CSeq: 1826 REGISTER\r\n"
         "m: <sip:bob@192.0.2.4>\r\n"
         "k: path, outbound\r\n"
         "s: hello\r\n"
         "Expires: 7200\r\n"
         "l: 0\r\n"
         "\r\n";
}

inline std::string ringing() {
  return "SIP/2.0 180 Ringing\r\n"
         "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKproxy1\r\n"
         "Via: SIP/2.0/UDP "
         "pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.101\r\n"
         "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
         "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
         "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
         "CSeq: 314159 INVITE\r\n"
         "Contact: <sip:bob@192.0.2.4>\r\n"
         "Content-Length: 0\r\n"
         "\r\n";
}

// Parses `text`, failing the test (with libosip2's reason) when it is refused.
inline std::unique_ptr<SipMessage> parseOk(std::string_view text) {
  std::string error;
  auto message = SipMessage::parse(text, error);
  EXPECT_NE(message, nullptr) << error;
  return message;
}

// The error `text` is refused with, or "(accepted)".
inline std::string refusal(std::string_view text) {
  std::string error;
  auto message = SipMessage::parse(text, error);
  return message ? std::string("(accepted)") : error;
}

}  // namespace kemid::test
