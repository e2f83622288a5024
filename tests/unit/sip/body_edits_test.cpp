// Text and body edits (SipMessage::editText, replaceBody): pending until
// sent, Content-Length following the body sent.

#include <gtest/gtest.h>

#include <string>

#include "sample_messages.h"
#include "sip/sip_message.h"

namespace kemid {
namespace {

using test::parseOk;

constexpr std::string_view kHead =
    "MESSAGE sip:bob@b.example SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
    "From: <sip:alice@a.example>;tag=1\r\n"
    "To: <sip:bob@b.example>\r\n"
    "Call-ID: edits-1\r\n"
    "CSeq: 1 MESSAGE\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 5\r\n"
    "\r\n";

std::unique_ptr<SipMessage> message() {
  return parseOk(std::string(kHead) + "Hello");
}

TEST(BodyEdits, ABodyEditIsSentWithItsContentLengthAndReadAfterApply) {
  auto m = message();
  const std::size_t at = m->headSize();
  ASSERT_TRUE(m->editText(at, 5, "Goodbye"));
  EXPECT_EQ(m->body(), "Hello");  // reads see the message as received
  EXPECT_TRUE(m->wireText().ends_with("\r\nContent-Length: 7\r\n\r\nGoodbye")) << m->wireText();
  ASSERT_TRUE(m->applyChanges());
  EXPECT_EQ(m->body(), "Goodbye");
  EXPECT_EQ(m->header("Content-Length"), "7");
}

TEST(BodyEdits, AHeadEditThroughEditTextIsAHeaderEdit) {
  auto m = message();
  std::string text = m->receivedText();
  std::size_t at = text.find("text/plain");
  ASSERT_TRUE(m->editText(at, 10, "text/html"));
  EXPECT_EQ(m->header("Content-Type"), "text/plain");
  EXPECT_NE(m->wireText().find("\r\nContent-Type: text/html\r\nContent-Length: 5\r\n"),
            std::string::npos);
}

TEST(BodyEdits, AnEditAcrossTheEndOfTheHeadIsRefusedAndCounted) {
  auto m = message();
  EXPECT_FALSE(m->editText(m->headSize() - 2, 4, "x"));
  EXPECT_EQ(m->refusedEdits(), 1u);
  EXPECT_FALSE(m->hasPendingEdits());
  EXPECT_FALSE(m->editText(m->headSize() + 4, 2, "x"));  // past the end
}

TEST(BodyEdits, OverlappingBodyEditsKeepTheFirst) {
  auto m = message();
  const std::size_t at = m->headSize();
  ASSERT_TRUE(m->editText(at, 5, ""));
  EXPECT_FALSE(m->editText(at + 1, 2, "EL"));
  EXPECT_EQ(m->refusedEdits(), 1u);
  EXPECT_TRUE(m->wireText().ends_with("\r\nContent-Length: 0\r\n\r\n"));
}

TEST(BodyEdits, ReplaceBodyReplacesContentType) {
  auto m = message();
  ASSERT_TRUE(m->replaceBody("v=0\r\n", "application/sdp"));
  EXPECT_EQ(m->wireText(),
            "MESSAGE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
            "From: <sip:alice@a.example>;tag=1\r\n"
            "To: <sip:bob@b.example>\r\n"
            "Call-ID: edits-1\r\n"
            "CSeq: 1 MESSAGE\r\n"
            "Content-Length: 5\r\n"
            "Content-Type: application/sdp\r\n"
            "\r\n"
            "v=0\r\n");
  // A second body replacement overlaps the first.
  EXPECT_FALSE(m->replaceBody("x", "text/plain"));
  EXPECT_EQ(m->refusedEdits(), 1u);
}

TEST(BodyEdits, ReplaceBodyOfAMessageWithoutBodyAddsContentLength) {
  auto m = parseOk(
      "OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK2\r\n"
      "From: <sip:a@h>;tag=2\r\nTo: <sip:b@h>\r\nCall-ID: edits-2\r\nCSeq: 2 OPTIONS\r\n\r\n");
  ASSERT_TRUE(m->replaceBody("abc", ""));
  EXPECT_TRUE(m->wireText().ends_with("CSeq: 2 OPTIONS\r\nContent-Length: 3\r\n\r\nabc"));
}

TEST(BodyEdits, AnInsertionAtTheStartOfTheBodyIsABodyEdit) {
  auto m = message();
  ASSERT_TRUE(m->editText(m->headSize(), 0, ">> "));
  EXPECT_TRUE(m->wireText().ends_with("Content-Length: 8\r\n\r\n>> Hello"));
}

TEST(BodyEdits, ACloneKeepsPendingBodyEdits) {
  auto m = message();
  ASSERT_TRUE(m->editText(m->headSize(), 1, "J"));
  auto copy = m->clone();
  EXPECT_TRUE(copy->wireText().ends_with("\r\n\r\nJello"));
}

}  // namespace
}  // namespace kemid
