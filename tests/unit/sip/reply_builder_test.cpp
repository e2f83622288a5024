#include "sip/reply_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sample_messages.h"
#include "sip/sip_message.h"
#include "sip/via.h"

namespace kemid::sip {
namespace {

using test::parseOk;

std::vector<std::string> lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\r\n", start)) != std::string_view::npos;
       start = end + 2) {
    out.emplace_back(text.substr(start, end - start));
  }
  EXPECT_EQ(start, text.size()) << "text after the last CRLF";
  return out;
}

TEST(BuildReply, LineByLine) {
  auto request = parseOk(test::invite());
  ASSERT_NE(request, nullptr);
  std::string reply =
      buildReply(*request, 404, "Not Here", {.toTag = "t1", .serverHeader = "Server: kemid"});
  EXPECT_EQ(lines(reply),
            (std::vector<std::string>{
                "SIP/2.0 404 Not Here",
                "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
                "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8;received=192.0.2.3",
                "From: Alice <sip:alice@atlanta.example.com:5062>;tag=1928301774",
                "To: Bob <sip:bob@biloxi.example.com>;tag=t1",
                "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
                "CSeq: 314159 INVITE",
                "Server: kemid",
                "Content-Length: 0",
                "",
            }));
}

TEST(BuildReply, ViasAsReceivedWithReceivedAndRport) {
  auto request = parseOk(test::invite());
  ASSERT_NE(request, nullptr);
  addReceivedAndRport(*request, "192.0.2.101", 5060);
  auto reply = lines(buildReply(*request, 100, "Trying"));
  ASSERT_GE(reply.size(), 3u);
  EXPECT_EQ(reply[1],
            "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport=5060;"
            "received=192.0.2.101");
  EXPECT_EQ(reply[2], "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8;received=192.0.2.3");
}

TEST(BuildReply, TryingHasNoToTagAndCopiesTimestamp) {
  auto request = parseOk(test::invite());
  ASSERT_NE(request, nullptr);
  auto reply = lines(buildReply(*request, 100, "Trying"));
  EXPECT_EQ(reply[0], "SIP/2.0 100 Trying");
  EXPECT_EQ(reply[4], "To: Bob <sip:bob@biloxi.example.com>");
  EXPECT_EQ(reply[7], "Timestamp: 54");
  EXPECT_EQ(reply[8], "Content-Length: 0");
}

TEST(BuildReply, ExistingToTagIsKept) {
  std::string text = test::invite();
  text.replace(text.find("To: Bob <sip:bob@biloxi.example.com>"), 36,
               "To: Bob <sip:bob@biloxi.example.com>;tag=dialog1");
  auto request = parseOk(text);
  ASSERT_NE(request, nullptr);
  std::string reply = buildReply(*request, 200, "OK", {.toTag = "ignored"});
  EXPECT_NE(reply.find("\r\nTo: Bob <sip:bob@biloxi.example.com>;tag=dialog1\r\n"),
            std::string::npos)
      << reply;
  EXPECT_EQ(reply.find("ignored"), std::string::npos);
}

TEST(BuildReply, RecordRouteOnlyForDialogCreatingCodes) {
  auto request = parseOk(test::invite());
  ASSERT_NE(request, nullptr);
  for (int code : {180, 183, 200, 299}) {
    EXPECT_NE(buildReply(*request, code, "x")
                  .find("\r\nRecord-Route: <sip:p1.example.com;lr>\r\n"
                        "Record-Route: <sip:p2.example.com;lr>\r\n"),
              std::string::npos)
        << code;
  }
  for (int code : {100, 302, 404, 603}) {
    EXPECT_EQ(buildReply(*request, code, "x").find("Record-Route"), std::string::npos) << code;
  }
}

TEST(BuildReply, ExtraHeadersAndDefaultReason) {
  auto request = parseOk(test::registerRequest());
  ASSERT_NE(request, nullptr);
  std::string reply =
      buildReply(*request, 200, "",
                 {.toTag = "reg1",
                  .extraHeaders = "Contact: <sip:bob@192.0.2.4>;expires=3600\r\nX-Count: 1",
                  .serverHeader = "Server: kemid 0.1\r\n"});
  auto got = lines(reply);
  EXPECT_EQ(got[0], "SIP/2.0 200 OK");
  EXPECT_EQ(got[2], "From: Bob <sip:bob@biloxi.example.com>;tag=456248");
  EXPECT_EQ(got[3], "To: Bob <sip:bob@biloxi.example.com>;tag=reg1");
  EXPECT_EQ(got[4], "Call-ID: 843817637684230@998sdasdh09");
  EXPECT_EQ(got[5], "CSeq: 1826 REGISTER");
  EXPECT_EQ(got[6], "Contact: <sip:bob@192.0.2.4>;expires=3600");
  EXPECT_EQ(got[7], "X-Count: 1");
  EXPECT_EQ(got[8], "Server: kemid 0.1");
  EXPECT_EQ(got[9], "Content-Length: 0");
  EXPECT_EQ(lines(buildReply(*request, 404, ""))[0], "SIP/2.0 404 Not Found");
}

TEST(BuildReply, ABodyAfterItsLength) {
  auto request = parseOk(test::invite());
  ASSERT_NE(request, nullptr);
  std::string reply =
      buildReply(*request, 200, "", {.extraHeaders = "Content-Type: text/plain\r\n", .body = "hi"});
  EXPECT_TRUE(reply.ends_with("\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"))
      << reply;
}

TEST(BuildReply, ParsesBackAsTheReplyToTheRequest) {
  auto request = parseOk(test::invite());
  ASSERT_NE(request, nullptr);
  auto reply = parseOk(buildReply(*request, 486, "Busy Here"));
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->statusCode(), 486);
  EXPECT_EQ(reply->reason(), "Busy Here");
  EXPECT_EQ(reply->callId(), request->callId());
  EXPECT_EQ(reply->cseqNumber(), request->cseqNumber());
  EXPECT_EQ(reply->method(), "INVITE");
  EXPECT_EQ(reply->from().tag, request->from().tag);
  EXPECT_EQ(reply->to().tag, stableToTag(*request));
  EXPECT_EQ(reply->headers("Via"), request->headers("Via"));
  EXPECT_EQ(reply->body(), "");
}

TEST(BuildReply, RefusesBadCodeOrReason) {
  auto request = parseOk(test::invite());
  ASSERT_NE(request, nullptr);
  EXPECT_THROW(buildReply(*request, 99, "x"), std::invalid_argument);
  EXPECT_THROW(buildReply(*request, 700, "x"), std::invalid_argument);
  EXPECT_THROW(buildReply(*request, 400, "Bad\r\nX-Injected: 1"), std::invalid_argument);
}

TEST(StableToTag, SameForARetransmissionDifferentForAnotherRequest) {
  auto first = parseOk(test::invite());
  auto retransmission = parseOk(test::invite());
  std::string tag = stableToTag(*first);
  EXPECT_EQ(stableToTag(*retransmission), tag);
  EXPECT_EQ(buildReply(*first, 404, "x"), buildReply(*retransmission, 404, "x"));
  auto dash = tag.find('-');
  ASSERT_NE(dash, std::string::npos) << tag;
  EXPECT_GT(dash, 0u);
  EXPECT_LT(dash + 1, tag.size());

  std::string nextCseq = test::invite();
  nextCseq.replace(nextCseq.find("314159 INVITE"), 13, "314160 INVITE");
  EXPECT_NE(stableToTag(*parseOk(nextCseq)), tag);

  std::string otherCall = test::invite();
  otherCall.replace(otherCall.find("a84b4c76e66710"), 14, "b84b4c76e66710");
  auto other = parseOk(otherCall);
  EXPECT_NE(stableToTag(*other), tag);
  // The same per-process prefix.
  EXPECT_EQ(stableToTag(*other).substr(0, dash + 1), tag.substr(0, dash + 1));
}

}  // namespace
}  // namespace kemid::sip
