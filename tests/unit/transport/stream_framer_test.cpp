// Cutting a TCP stream into SIP messages (RFC 3261 §18.3) and its
// keep-alives (RFC 5626).

#include "transport/stream_framer.h"

#include <gtest/gtest.h>

#include <string>

namespace kemid {
namespace {

const std::string kOptions =
    "OPTIONS sip:bob@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
    "Call-ID: a\r\nCSeq: 1 OPTIONS\r\n"
    "Content-Length: 5\r\n\r\nhello";

using Result = StreamFramer::Result;

TEST(StreamFramer, AMessageEndsAfterItsContentLength) {
  StreamFramer framer({});
  framer.append(kOptions + kOptions);
  std::string message, error;
  ASSERT_EQ(framer.next(message, error), Result::Message);
  EXPECT_EQ(message, kOptions);
  ASSERT_EQ(framer.next(message, error), Result::Message);
  EXPECT_EQ(message, kOptions);
  EXPECT_EQ(framer.next(message, error), Result::NeedMore);
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(StreamFramer, AMessageSplitAnywhereWaitsForTheRest) {
  for (std::size_t cut = 1; cut < kOptions.size(); ++cut) {
    StreamFramer framer({});
    std::string message, error;
    framer.append(kOptions.substr(0, cut));
    ASSERT_EQ(framer.next(message, error), Result::NeedMore) << cut;
    framer.append(kOptions.substr(cut));
    ASSERT_EQ(framer.next(message, error), Result::Message) << cut;
    EXPECT_EQ(message, kOptions);
  }
}

TEST(StreamFramer, TheCompactFormCountsAndCaseDoesNot) {
  StreamFramer framer({});
  framer.append("MESSAGE sip:b@x SIP/2.0\r\nCall-ID: a\r\nl : 2\r\n\r\nhi");
  framer.append("MESSAGE sip:b@x SIP/2.0\r\nCONTENT-LENGTH:0\r\n\r\n");
  std::string message, error;
  ASSERT_EQ(framer.next(message, error), Result::Message);
  EXPECT_TRUE(message.ends_with("\r\n\r\nhi"));
  ASSERT_EQ(framer.next(message, error), Result::Message);
  EXPECT_TRUE(message.ends_with("CONTENT-LENGTH:0\r\n\r\n"));
}

TEST(StreamFramer, ADoubleCrlfIsAPingAndASingleOneIsSkipped) {
  StreamFramer framer({});
  std::string message, error;
  framer.append("\r\n\r\n");
  EXPECT_EQ(framer.next(message, error), Result::Ping);
  framer.append("\r\n" + kOptions);
  ASSERT_EQ(framer.next(message, error), Result::Message);
  EXPECT_EQ(message, kOptions);
  // Half a ping waits for the rest.
  framer.append("\r\n\r");
  EXPECT_EQ(framer.next(message, error), Result::NeedMore);
  framer.append("\n");
  EXPECT_EQ(framer.next(message, error), Result::Ping);
}

TEST(StreamFramer, NoContentLengthIsAnErrorUnlessAccepted) {
  const std::string noLength = "OPTIONS sip:b@x SIP/2.0\r\nCall-ID: a\r\n\r\n";
  std::string message, error;
  StreamFramer strict({});
  strict.append(noLength);
  EXPECT_EQ(strict.next(message, error), Result::Error);
  EXPECT_EQ(error, "a message without Content-Length");

  StreamFramer lenient({.acceptNoContentLength = true});
  lenient.append(noLength);
  ASSERT_EQ(lenient.next(message, error), Result::Message);
  EXPECT_EQ(message, noLength);
}

TEST(StreamFramer, TooLongOrABadLengthIsAnError) {
  std::string message, error;
  StreamFramer big({.maxMessage = 1000});
  big.append("INVITE sip:b@x SIP/2.0\r\nContent-Length: 10000000\r\n\r\n");
  EXPECT_EQ(big.next(message, error), Result::Error);
  EXPECT_EQ(error, "a message longer than 1000 bytes");

  StreamFramer endless({.maxMessage = 1000});
  endless.append("INVITE sip:b@x SIP/2.0\r\nX: " + std::string(2000, 'a'));
  EXPECT_EQ(endless.next(message, error), Result::Error);
  EXPECT_EQ(error, "a header longer than 1000 bytes");

  StreamFramer bad({});
  bad.append("INVITE sip:b@x SIP/2.0\r\nContent-Length: 12x\r\n\r\n");
  EXPECT_EQ(bad.next(message, error), Result::Error);
  EXPECT_EQ(error, "a Content-Length that is not a number");
}

}  // namespace
}  // namespace kemid
