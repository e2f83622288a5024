#include "sip/raw_scan.h"

#include <gtest/gtest.h>

#include <string>

#include "sample_messages.h"

namespace kemid::sip {
namespace {

std::string withCallIdLine(std::string_view line) {
  return "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n" + std::string(line) +
         "CSeq: 1 INVITE\r\n\r\n";
}

TEST(FindCallId, Forms) {
  EXPECT_EQ(findCallId(withCallIdLine("Call-ID: abc@host\r\n")), "abc@host");
  EXPECT_EQ(findCallId(withCallIdLine("i: compact\r\n")), "compact");
  EXPECT_EQ(findCallId(withCallIdLine("I: upper-compact\r\n")), "upper-compact");
  EXPECT_EQ(findCallId(withCallIdLine("call-id: lower\r\n")), "lower");
  EXPECT_EQ(findCallId(withCallIdLine("CALL-ID: upper\r\n")), "upper");
  EXPECT_EQ(findCallId(withCallIdLine("Call-ID   :    spaced  \r\n")), "spaced");
  EXPECT_EQ(findCallId(withCallIdLine("Call-ID:\tabc\r\n")), "abc");
  EXPECT_EQ(findCallId(withCallIdLine("Call-ID:\r\n   folded\r\n")), "folded");
  EXPECT_EQ(findCallId(withCallIdLine("Call-ID: lf-only\n")), "lf-only");
  EXPECT_EQ(findCallId("\r\n\r\n" + withCallIdLine("Call-ID: after-keepalive\r\n")),
            "after-keepalive");
}

TEST(FindCallId, Missing) {
  EXPECT_FALSE(findCallId(withCallIdLine("")).has_value());
  EXPECT_FALSE(findCallId(withCallIdLine("Call-IDs: not-it\r\nX-Call-ID: nor-this\r\n")));
  EXPECT_FALSE(findCallId("").has_value());
  EXPECT_FALSE(findCallId("\r\n\r\n").has_value());
  // A Call-ID in the body is not a header field.
  EXPECT_FALSE(findCallId(withCallIdLine("") + "Call-ID: in-body\r\n").has_value());
  // Nor is a continuation line that looks like one.
  EXPECT_FALSE(findCallId(withCallIdLine("Subject: x\r\n Call-ID: folded-in\r\n")));
}

TEST(FindCallId, FirstOfSeveral) {
  EXPECT_EQ(findCallId(withCallIdLine("Call-ID: one\r\ni: two\r\n")), "one");
}

TEST(RawHeaderScanner, FieldsAndBody) {
  std::string text = test::withBody(
      "MESSAGE sip:a@b SIP/2.0\r\n"
      "Subject: first\r\n  and folded\r\n"
      "NoColonHere\r\n"
      "X-Empty:\r\n",
      "body");
  RawHeaderScanner scanner(text);
  EXPECT_EQ(scanner.startLine(), "MESSAGE sip:a@b SIP/2.0");
  auto subject = scanner.next();
  ASSERT_TRUE(subject.has_value());
  EXPECT_EQ(subject->name, "Subject");
  EXPECT_EQ(subject->value, "first\r\n  and folded");
  EXPECT_EQ(subject->line, "Subject: first\r\n  and folded\r\n");
  auto noColon = scanner.next();
  ASSERT_TRUE(noColon.has_value());
  EXPECT_EQ(noColon->name, "");
  EXPECT_EQ(noColon->value, "NoColonHere");
  auto empty = scanner.next();
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->name, "X-Empty");
  EXPECT_EQ(empty->value, "");
  auto length = scanner.next();
  ASSERT_TRUE(length.has_value());
  EXPECT_EQ(length->name, "Content-Length");
  EXPECT_FALSE(scanner.next().has_value());
  EXPECT_TRUE(scanner.complete());
  EXPECT_EQ(scanner.emptyLine(), "\r\n");
  EXPECT_EQ(text.substr(scanner.bodyOffset()), "body");
  EXPECT_FALSE(scanner.next().has_value());
}

TEST(RawHeaderScanner, TruncatedHeaderSection) {
  RawHeaderScanner scanner("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nTo: <sip:a@b>");
  EXPECT_EQ(scanner.next()->name, "Via");
  EXPECT_EQ(scanner.next()->value, "<sip:a@b>");
  EXPECT_FALSE(scanner.next().has_value());
  EXPECT_FALSE(scanner.complete());
}

TEST(OutOfDialogRequest, ByStartLineAndToTag) {
  EXPECT_TRUE(isOutOfDialogRequest("INVITE sip:b@h SIP/2.0\r\nTo: <sip:b@h;tag=u>\r\n\r\n"));
  EXPECT_TRUE(isOutOfDialogRequest("OPTIONS sip:b@h SIP/2.0\r\nCall-ID: x\r\n\r\n"));
  EXPECT_FALSE(isOutOfDialogRequest("BYE sip:b@h SIP/2.0\r\nt: <sip:b@h> ; TAG = 9\r\n\r\n"));
  EXPECT_FALSE(isOutOfDialogRequest("BYE sip:b@h SIP/2.0\r\nTo: sip:b@h;tag=9\r\n\r\n"));
  EXPECT_FALSE(isOutOfDialogRequest("SIP/2.0 180 Ringing\r\nTo: <sip:b@h>\r\n\r\n"));
}

}  // namespace
}  // namespace kemid::sip
