// The parts of a multipart body as Kamailio 5.6's textops reads and
// changes them (measured; the conformance case textops/body_parts compares
// the wire).

#include "body_parts.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sip/sip_message.h"

namespace kemid::textops {
namespace {

constexpr std::string_view kBody =
    "--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
    "--b1\r\nContent-Type: application/x-test\r\n"
    "Content-Disposition: signal;handling=optional\r\n\r\nxyz\r\n"
    "--b1--\r\n";

std::unique_ptr<SipMessage> message(std::string_view contentType, std::string_view body) {
  std::string text =
      "MESSAGE sip:bob@example.org SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n"
      "From: <sip:alice@example.org>;tag=1\r\n"
      "To: <sip:bob@example.org>\r\n"
      "Call-ID: parts@x\r\n"
      "CSeq: 1 MESSAGE\r\n"
      "Content-Type: " +
      std::string(contentType) + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
      std::string(body);
  std::string error;
  auto parsed = SipMessage::parse(text, error);
  EXPECT_NE(parsed, nullptr) << error;
  return parsed;
}

std::string bodySent(const SipMessage& m) {
  const std::string wire = m.wireText();
  return wire.substr(wire.find("\r\n\r\n") + 4);
}

TEST(BodyParts, PartTextAsKamailioGivesIt) {
  auto m = message("multipart/mixed;boundary=b1", kBody);
  EXPECT_EQ(bodyPartText(*m, "text/plain", false), "\r\nhello\r\n");
  EXPECT_EQ(bodyPartText(*m, "TEXT/PLAIN", false), "\r\nhello\r\n");
  EXPECT_EQ(bodyPartText(*m, "application/x-test", false),
            "Content-Disposition: signal;handling=optional\r\n\r\nxyz\r\n");
  EXPECT_EQ(bodyPartText(*m, "text/plain", true),
            "Content-Type: text/plain\r\n\r\nhello\r\n--b1\r\n");
  EXPECT_EQ(bodyPartText(*m, "application/x-test", true),
            "Content-Type: application/x-test\r\n"
            "Content-Disposition: signal;handling=optional\r\n\r\nxyz\r\n--b1--\r\n");
  EXPECT_FALSE(bodyPartText(*m, "application/sdp", false));
  EXPECT_FALSE(bodyPartText(*m, "text/*", false));
}

TEST(BodyParts, ABodyThatIsNotMultipartIsOnePart) {
  auto m = message("text/plain", "hello there\r\n");
  EXPECT_EQ(bodyPartText(*m, "text/plain", false), "hello there\r\n");
  EXPECT_FALSE(bodyPartText(*m, "application/sdp", false));
  EXPECT_EQ(removeBodyPart(*m, "text/plain"), EditOutcome::NotFound);
  EXPECT_EQ(appendBodyPart(*m, "x", "text/x-new", ""), EditOutcome::NotFound);
}

TEST(BodyParts, RemoveTakesThePartWithItsDelimiterLine) {
  auto m = message("multipart/mixed;boundary=\"b1\"", kBody);
  EXPECT_EQ(removeBodyPart(*m, "application/sdp"), EditOutcome::NotFound);
  EXPECT_EQ(removeBodyPart(*m, "application/x-test"), EditOutcome::Done);
  EXPECT_EQ(bodySent(*m), "--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1--\r\n");
}

TEST(BodyParts, AppendGoesBeforeTheClosingDelimiter) {
  auto m = message("multipart/mixed;boundary=b1", kBody);
  EXPECT_EQ(appendBodyPart(*m, "new part", "text/x-new", "render"), EditOutcome::Done);
  EXPECT_EQ(bodySent(*m), std::string(kBody.substr(0, kBody.size() - 8)) +
                              "--b1\r\nContent-Type: text/x-new\r\nContent-Disposition: "
                              "render\r\n\r\nnew part\r\n--b1--\r\n");
}

TEST(BodyParts, SetMultipartBodyMakesOnePartWithoutClosingDelimiter) {
  auto m = message("text/plain", "hello there\r\n");
  EXPECT_EQ(setMultipartBody(*m, "new text", "text/x-y", "delim"), EditOutcome::Done);
  const std::string wire = m->wireText();
  EXPECT_NE(wire.find("Content-Type: multipart/mixed;boundary=\"delim\"\r\nMime-Version: 1.0\r\n"),
            std::string::npos)
      << wire;
  EXPECT_EQ(bodySent(*m), "--delim\r\nContent-Type: text/x-y\r\n\r\nnew text\r\n--delim\r\n");
}

TEST(BodyParts, ConvertWrapsTheBodyThereIs) {
  auto plain = message("text/plain", "hello there\r\n");
  EXPECT_EQ(convertToMultipart(*plain, kDefaultBoundary), EditOutcome::Done);
  EXPECT_EQ(bodySent(*plain),
            "--unique-boundary-1\r\nContent-Type: text/plain\r\n\r\nhello there\r\n\r\n"
            "--unique-boundary-1\r\n");
  auto empty = message("text/plain", "");
  EXPECT_EQ(convertToMultipart(*empty, "b"), EditOutcome::NotFound);
  auto multipart = message("multipart/mixed;boundary=b1", kBody);
  EXPECT_EQ(convertToMultipart(*multipart, "b"), EditOutcome::Done);
  EXPECT_EQ(bodySent(*multipart), kBody);
}

TEST(BodyParts, HexContent) {
  EXPECT_EQ(decodeHexContent("6b 61 6d 61 69 6c 69 6f"), "kamailio");
  EXPECT_EQ(decodeHexContent("6B61"), "ka");
  EXPECT_FALSE(decodeHexContent("6b 6"));
  EXPECT_FALSE(decodeHexContent("6 b"));
  EXPECT_FALSE(decodeHexContent("zz"));
}

}  // namespace
}  // namespace kemid::textops
