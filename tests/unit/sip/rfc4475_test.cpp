// RFC 4475's torture messages, one file each, byte-exact, in
// tests/data/rfc4475 (see its README.md). Every message must parse or be refused
// with an error, never crash; the valid ones must parse; the invalid ones a
// proxy must not relay as they are must be refused.

#include <gtest/gtest.h>

#include <osipparser2/osip_parser.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <sstream>
#include <string>

#include "sip/raw_scan.h"
#include "sip/reply_builder.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"
#include "sip/via.h"

namespace kemid {
namespace {

const std::filesystem::path kDir = KEMID_RFC4475_DIR;

std::string readMessage(const std::string& name) {
  std::ifstream file(kDir / (name + ".dat"), std::ios::binary);
  EXPECT_TRUE(file.good()) << name;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// What libosip2 alone says of the bytes (the table below records it).
bool osipAccepts(const std::string& text) {
  std::string error;
  SipMessage::parse("", error);  // parser_init() through kemid_sip, once
  osip_message_t* message = nullptr;
  osip_message_init(&message);
  bool accepted = osip_message_parse(message, text.data(), text.size()) == 0;
  osip_message_free(message);
  return accepted;
}

// Touches everything a proxy reads or writes, so the sanitizer build sees it.
void exercise(SipMessage& m) {
  (void)m.method();
  (void)m.requestUri();
  (void)SipUri::parse(m.requestUri());
  (void)m.callId();
  (void)m.from();
  (void)m.to();
  (void)m.fromUri();
  (void)m.toUri();
  (void)m.headers("Contact");
  (void)m.headers("Route");
  (void)m.header("X-Absent");
  (void)m.maxForwards();
  (void)sip::statelessBranch(m);
  if (m.isRequest()) {
    (void)sip::buildReply(m, 400, "Bad Request");
    sip::addReceivedAndRport(m, "192.0.2.200", 5060);
    m.setMaxForwards(m.maxForwards().value_or(70) - 1);
  } else if (m.viaCount() > 1) {
    m.removeTopVia();
    (void)sip::replyNextHop(m, 1);
  }
  std::string ownVia;
  if (m.isRequest()) {
    ownVia = sip::makeOwnVia(Transport::Udp, "192.0.2.1", 5060, sip::generateBranch()).toString();
  }
  std::string wire = m.wireText(ownVia);
  std::string error;
  auto again = SipMessage::parse(wire, error);
  EXPECT_NE(again, nullptr) << "re-parse of kemid's own output failed: " << error << "\n" << wire;
  if (again) {
    EXPECT_EQ(again->callId(), m.callId());
    EXPECT_EQ(again->body(), m.body());
  }
}

class Rfc4475 : public ::testing::Test {
 protected:
  void SetUp() override {
    // The corpus is part of the repository: missing, it is a failure.
    ASSERT_TRUE(std::filesystem::is_directory(kDir)) << kDir << " is absent";
  }
};

TEST_F(Rfc4475, EveryMessageParsesOrIsRefusedWithAnError) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    if (entry.path().extension() != ".dat") continue;
    ++files;
    std::string name = entry.path().stem().string();
    std::string text = readMessage(name);
    (void)sip::findCallId(text);
    std::string error;
    auto m = SipMessage::parse(text, error);
    if (!m) {
      EXPECT_FALSE(error.empty()) << name;
      continue;
    }
    SCOPED_TRACE(name);
    exercise(*m);
  }
  EXPECT_EQ(files, 49);
}

// RFC 4475 §3.1.1: valid messages a proxy must parse and relay.
struct Valid {
  const char* name;
  const char* callId;
  const char* method;
  int statusCode;
};

TEST_F(Rfc4475, ValidMessagesParse) {
  const Valid valid[] = {
      {"wsinv", "wsinv.ndaksdj@192.0.2.1", "INVITE", 0},
      {"intmeth", "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
       "!interesting-Method0123456789_*+`.%indeed'~", 0},
      {"esc01", "esc01.239409asdfakjkn23onasd0-3234", "INVITE", 0},
      {"escnull", "escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd", "REGISTER", 0},
      {"esc02", "esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf", "RE%47IST%45R", 0},
      {"lwsdisp", "lwsdisp.1234abcd@funky.example.com", "OPTIONS", 0},
      {"longreq",
       "longreq.onereallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreally"
       "reallyreallyreallyreallyreallyreallyreallyreallylongcallid",
       "INVITE", 0},
      {"dblreq", "dblreq.0ha0isndaksdj99sdfafnl3lk233412", "REGISTER", 0},
      {"semiuri", "semiuri.0ha0isndaksdj", "OPTIONS", 0},
      {"transports", "transports.kijh4akdnaqjkwendsasfdj", "OPTIONS", 0},
      {"mpart01", "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..", "MESSAGE", 0},
      {"unreason", "unreason.1234ksdfak3j2erwedfsASdf", "INVITE", 200},
      {"noreason", "noreason.asndj203insdf99223ndf", "INVITE", 100},
  };
  for (const auto& v : valid) {
    std::string text = readMessage(v.name);
    std::string error;
    auto m = SipMessage::parse(text, error);
    ASSERT_NE(m, nullptr) << v.name << ": " << error;
    EXPECT_EQ(m->callId(), v.callId) << v.name;
    EXPECT_EQ(m->method(), v.method) << v.name;
    EXPECT_EQ(m->statusCode(), v.statusCode) << v.name;
    EXPECT_EQ(sip::findCallId(text).has_value(), true) << v.name;
  }
}

TEST_F(Rfc4475, ValidMessageDetails) {
  std::string error;
  auto wsinv = SipMessage::parse(readMessage("wsinv"), error);
  ASSERT_NE(wsinv, nullptr) << error;
  EXPECT_EQ(wsinv->maxForwards(), 68);
  EXPECT_EQ(wsinv->cseqNumber(), 9u);
  EXPECT_EQ(wsinv->viaCount(), 3u);
  EXPECT_EQ(wsinv->to().tag, "1918181833n");
  EXPECT_EQ(wsinv->body().size(), 150u);
  EXPECT_EQ(wsinv->header("NewFangledHeader").has_value(), true);

  // The multipart body is relayed byte for byte (libosip2 alone re-prints it).
  std::string mpartText = readMessage("mpart01");
  auto mpart = SipMessage::parse(mpartText, error);
  ASSERT_NE(mpart, nullptr) << error;
  EXPECT_EQ(mpart->body().size(), 553u);
  EXPECT_TRUE(mpartText.ends_with(mpart->body()));
  EXPECT_TRUE(mpart->wireText().ends_with(mpart->body()));

  // Only the first of two requests in one datagram counts.
  auto dblreq = SipMessage::parse(readMessage("dblreq"), error);
  ASSERT_NE(dblreq, nullptr) << error;
  EXPECT_EQ(dblreq->body(), "");

  auto transports = SipMessage::parse(readMessage("transports"), error);
  ASSERT_NE(transports, nullptr) << error;
  EXPECT_EQ(transports->viaCount(), 5u);

  auto longreq = SipMessage::parse(readMessage("longreq"), error);
  ASSERT_NE(longreq, nullptr) << error;
  EXPECT_EQ(longreq->viaCount(), 34u);

  auto esc02 = SipMessage::parse(readMessage("esc02"), error);
  ASSERT_NE(esc02, nullptr) << error;
  EXPECT_EQ(esc02->headers("Contact").size(), 2u);  // "C%6Fntact" is another field
  EXPECT_EQ(esc02->header("C%6Fntact"), "<sip:alias2@host2.example.com>");

  // Escaped NULs are not where a user part ends (RFC 4475 §3.1.1.5).
  auto escnull = SipMessage::parse(readMessage("escnull"), error);
  ASSERT_NE(escnull, nullptr) << error;
  EXPECT_EQ(escnull->to().user, "null-%00-null");
  EXPECT_EQ(escnull->fromUri(), "sip:null-%00-null@example.com");
  EXPECT_EQ(
      escnull->headers("Contact"),
      (std::vector<std::string>{"<sip:%00@host5.example.com>", "<sip:%00%00@host5.example.com>"}));
  std::string relayed = escnull->wireText();
  // Relayed byte for byte as received.
  EXPECT_EQ(relayed, readMessage("escnull"));

  // The NUL of a quoted-pair reads as a space (libosip2 works on C strings).
  auto intmeth = SipMessage::parse(readMessage("intmeth"), error);
  ASSERT_NE(intmeth, nullptr) << error;
  EXPECT_EQ(intmeth->to().displayName, "\"BEL:\\\x07 NUL:\\  DEL:\\\x7f\"");

  auto semiuri = SipMessage::parse(readMessage("semiuri"), error);
  ASSERT_NE(semiuri, nullptr) << error;
  auto uri = SipUri::parse(semiuri->requestUri());
  ASSERT_TRUE(uri.has_value());
  EXPECT_EQ(uri->user, "user;par=u@example.net");
  EXPECT_EQ(uri->host, "example.com");
  EXPECT_EQ(semiuri->headers("Accept").size(), 6u);  // folded, comma-separated
}

// RFC 4475 §3.1.2 (invalid) and what happens to each: libosip2 alone, and
// kemid (libosip2 plus SipMessage::parse's checks). The RFC allows escruri,
// baddate, regbadct, badaspec and baddn to be processed; every other one
// must be refused.
struct Verdict {
  const char* name;
  bool osipAccepts;
  bool kemidAccepts;
  const char* why;  // kemid's error, start of it
};

const Verdict kInvalid[] = {
    {"badinv01", false, false, "malformed message"},
    {"clerr", false, false, "Content-Length 9999 exceeds the 154 bytes of body received"},
    {"ncl", true, false, "Content-Length '-999' is not a non-negative integer"},
    {"scalar02", true, false, "CSeq number '36893488147419103232' is not a 32-bit"},
    {"scalarlg", true, false, "CSeq number '9292394834772304023312' is not a 32-bit"},
    {"quotbal", false, false, "malformed message"},
    {"ltgtruri", false, false, "malformed message"},
    {"lwsruri", false, false, "malformed message"},
    {"lwsstart", false, false, "malformed message"},
    {"trws", false, false, "malformed message"},
    {"escruri", true, true, ""},
    {"baddate", true, true, ""},
    {"regbadct", true, true, ""},
    {"badaspec", false, false, "malformed message"},
    {"baddn", false, false, "malformed message"},
    {"badvers", true, false, "unsupported SIP version 'SIP/7.0'"},
    {"mismatch01", true, false, "CSeq method 'INVITE' does not match request method 'OPTIONS'"},
    {"mismatch02", true, false, "CSeq method 'INVITE' does not match request method 'NEWMETHOD'"},
    {"bigcode", true, false, "status code '4294967301' is not in 100..699"},
};

// §3.2 to §3.4: transaction and application layer cases, RFC 2543. Parsing
// is not where they are judged; recorded so a change shows.
const Verdict kOthers[] = {
    {"badbranch", true, true, ""},
    {"insuf", true, false, "missing From header"},
    {"unkscm", true, true, ""},
    {"novelsc", false, false, "malformed message"},
    {"unksm2", true, true, ""},
    {"bext01", true, true, ""},
    {"invut", true, true, ""},
    {"regaut01", true, true, ""},
    {"multi01", false, false, "malformed message"},
    {"mcl01", false, false, "more than one Content-Length header"},
    {"bcast", true, true, ""},
    {"zeromf", true, true, ""},
    {"cparam01", true, true, ""},
    {"cparam02", true, true, ""},
    {"regescrt", true, true, ""},
    {"sdp01", true, true, ""},
    {"inv2543", true, true, ""},
};

void checkVerdicts(std::span<const Verdict> verdicts) {
  for (const auto& v : verdicts) {
    std::string text = readMessage(v.name);
    EXPECT_EQ(osipAccepts(text), v.osipAccepts)
        << v.name << ": libosip2's verdict changed; update the table";
    std::string error;
    auto m = SipMessage::parse(text, error);
    EXPECT_EQ(m != nullptr, v.kemidAccepts) << v.name << ": " << error;
    if (!v.kemidAccepts) {
      EXPECT_TRUE(error.starts_with(v.why)) << v.name << ": " << error;
    }
  }
}

TEST_F(Rfc4475, InvalidMessages) {
  checkVerdicts(kInvalid);
}

TEST_F(Rfc4475, TransactionAndApplicationLayerMessages) {
  checkVerdicts(kOthers);
}

TEST_F(Rfc4475, ZeroMaxForwardsAndRfc2543ParseAsTheyAre) {
  std::string error;
  auto zeromf = SipMessage::parse(readMessage("zeromf"), error);
  ASSERT_NE(zeromf, nullptr) << error;
  EXPECT_EQ(zeromf->maxForwards(), 0);
  auto inv2543 = SipMessage::parse(readMessage("inv2543"), error);
  ASSERT_NE(inv2543, nullptr) << error;
  EXPECT_FALSE(inv2543->maxForwards().has_value());
  EXPECT_EQ(inv2543->topVia()->branch, "");
  EXPECT_TRUE(inv2543->body().starts_with("v=0\r\n"));  // no Content-Length: the rest
}

}  // namespace
}  // namespace kemid
