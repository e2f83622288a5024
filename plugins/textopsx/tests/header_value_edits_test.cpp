// The *_hf_value(2) edits on the text sent; each expectation is what
// Kamailio 5.6 sent for the same call and header fields.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "header_value_edits.h"
#include "sip/sip_message.h"

namespace kemid::textopsx {
namespace {

constexpr std::string_view kStart =
    "MESSAGE sip:bob@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1\r\n"
    "From: <sip:alice@example.com>;tag=1\r\n"
    "To: <sip:bob@example.com>\r\n"
    "Call-ID: hf-values-1\r\n"
    "CSeq: 1 MESSAGE\r\n";
constexpr std::string_view kEnd = "Content-Length: 0\r\n";

// The fields after CSeq and before Content-Length, as sent, after `edit`
// with `hf` (empty when the selector did not parse) and its outcome.
struct Result {
  std::string fields;
  HfEdit outcome = HfEdit::NotFound;
};

template <typename Edit>
Result run(std::string_view fields, std::string_view hf, Edit edit) {
  std::string text = std::string(kStart) + std::string(fields) + std::string(kEnd) + "\r\n";
  std::string error;
  auto message = SipMessage::parse(text, error);
  EXPECT_NE(message, nullptr) << error;
  auto selector = parseHeaderSelector(hf);
  if (!selector) return {};
  Result result;
  result.outcome = edit(*message, *selector);
  std::string wire = message->wireText();
  const std::size_t from = wire.find("CSeq: 1 MESSAGE\r\n") + 17;
  const std::size_t to = wire.find(kEnd);
  // The fields before Content-Length, then those added after it, without
  // the empty line.
  result.fields = wire.substr(from, to - from) + wire.substr(to + kEnd.size());
  result.fields.resize(result.fields.size() - 2);
  return result;
}

Result append(std::string_view fields, std::string_view hf, std::string_view value) {
  return run(fields, hf, [&](SipMessage& m, const HeaderSelector& s) {
    return appendHeaderValue(m, s, value);
  });
}
Result insert(std::string_view fields, std::string_view hf, std::string_view value) {
  return run(fields, hf, [&](SipMessage& m, const HeaderSelector& s) {
    return insertHeaderValue(m, s, value);
  });
}
Result assign(std::string_view fields, std::string_view hf, std::string_view value) {
  return run(fields, hf, [&](SipMessage& m, const HeaderSelector& s) {
    return assignHeaderValue(m, s, value);
  });
}
Result remove(std::string_view fields, std::string_view hf) {
  return run(fields, hf,
             [&](SipMessage& m, const HeaderSelector& s) { return removeHeaderValue(m, s); });
}
Result assign2(std::string_view fields, std::string_view hf, std::string_view value) {
  return run(fields, hf, [&](SipMessage& m, const HeaderSelector& s) {
    return assignHeaderValue2(m, s, value);
  });
}
Result remove2(std::string_view fields, std::string_view hf, std::string_view value) {
  return run(fields, hf, [&](SipMessage& m, const HeaderSelector& s) {
    return removeHeaderValue2(m, s, value);
  });
}

constexpr std::string_view kTwo = "Foo: a, b\r\nFoo: c\r\n";
constexpr std::string_view kSpaced = "Foo:  a ;p=1 ,  b;q  \r\nFoo: c\r\n";

void expectDone(const Result& result, std::string_view fields) {
  EXPECT_EQ(result.outcome, HfEdit::Done);
  EXPECT_EQ(result.fields, fields);
}

void expectNothing(const Result& result, std::string_view fields) {
  EXPECT_EQ(result.outcome, HfEdit::NotFound);
  EXPECT_EQ(result.fields, fields);
}

TEST(HeaderSelector, Parses) {
  auto s = parseHeaderSelector(" foo [ -2 ] . bar ");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "foo");
  EXPECT_EQ(s->index, HeaderSelector::Index::Number);
  EXPECT_EQ(s->number, -2);
  EXPECT_EQ(s->param, "bar");
  s = parseHeaderSelector("foo[*]");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, HeaderSelector::Index::All);
  EXPECT_FALSE(parseHeaderSelector(""));
  EXPECT_FALSE(parseHeaderSelector("foo[x]"));
  EXPECT_FALSE(parseHeaderSelector("foo[1"));
  EXPECT_FALSE(parseHeaderSelector("foo."));
}

TEST(AppendHfValue, AfterTheValueCountedOverEveryField) {
  expectDone(append(kTwo, "foo[1]", "gogo"), "Foo: a,gogo, b\r\nFoo: c\r\n");
  expectDone(append(kTwo, "foo[2]", "gogo"), "Foo: a, b,gogo\r\nFoo: c\r\n");
  expectDone(append(kTwo, "foo[-1]", "gogo"), "Foo: a, b\r\nFoo: c,gogo\r\n");
  expectDone(append(kTwo, "foo[0]", "gogo"), "Foo: a, b\r\nFoo: c,gogo\r\n");
  expectDone(append(kSpaced, "foo[2]", "gogo"), "Foo:  a ;p=1 ,  b;q  ,gogo\r\nFoo: c\r\n");
  expectDone(append("Foo: <sip:x,y>, c\r\n", "foo[1]", "gogo"), "Foo: <sip:x,gogo,y>, c\r\n");
  expectDone(append("Foo: \"a,b\" <sip:x>, c\r\n", "foo[1]", "gogo"),
             "Foo: \"a,b\" <sip:x>,gogo, c\r\n");
}

TEST(AppendHfValue, NewFieldAtTheEnd) {
  expectDone(append(kTwo, "foo", "gogo"), "Foo: a, b\r\nFoo: c\r\nfoo: gogo\r\n");
  expectDone(append(kTwo, "foo[4]", "gogo"), "Foo: a, b\r\nFoo: c\r\nfoo: gogo\r\n");
  expectDone(append("X: y\r\n", "foo[1]", "gogo"), "X: y\r\nfoo: gogo\r\n");
  expectNothing(append(kTwo, "foo[*]", "gogo"), kTwo);
  expectNothing(append(kTwo, "foo.bar", "gogo"), kTwo);
}

TEST(InsertHfValue, BeforeTheValueOrTheFirstField) {
  expectDone(insert(kTwo, "foo[1]", "gogo"), "Foo: gogo,a, b\r\nFoo: c\r\n");
  expectDone(insert(kTwo, "foo[3]", "gogo"), "Foo: a, b\r\nFoo: gogo,c\r\n");
  expectDone(insert(kTwo, "foo[-3]", "gogo"), "Foo: gogo,a, b\r\nFoo: c\r\n");
  expectDone(insert(kTwo, "foo[0]", "gogo"), "Foo: gogo,a, b\r\nFoo: c\r\n");
  expectDone(insert(kSpaced, "foo[2]", "gogo"), "Foo:  a ;p=1 ,gogo,  b;q  \r\nFoo: c\r\n");
  expectDone(insert("X: y\r\nFoo: a\r\n", "foo", "gogo"), "X: y\r\nfoo: gogo\r\nFoo: a\r\n");
  expectDone(insert("X: y\r\n", "foo", "gogo"), "X: y\r\nfoo: gogo\r\n");
  expectNothing(insert(kTwo, "foo[4]", "gogo"), kTwo);
  expectNothing(insert(kTwo, "foo[-4]", "gogo"), kTwo);
}

TEST(AssignHfValue, ReplacesTheValue) {
  expectDone(assign(kTwo, "foo", "gogo"), "Foo: gogo, b\r\nFoo: c\r\n");
  expectDone(assign(kTwo, "foo[-2]", "gogo"), "Foo: a, gogo\r\nFoo: c\r\n");
  expectDone(assign(kSpaced, "foo[1]", "gogo"), "Foo:  gogo ,  b;q  \r\nFoo: c\r\n");
  expectDone(assign("Foo: ,a,,b\r\n", "foo[3]", "gogo"), "Foo: ,a,gogo,b\r\n");
  expectNothing(assign(kTwo, "foo[4]", "gogo"), kTwo);
  expectNothing(assign(kTwo, "foo[*]", "gogo"), kTwo);
  expectNothing(assign("X: y\r\n", "foo", "gogo"), "X: y\r\n");
}

TEST(AssignHfValue, Parameters) {
  expectDone(assign(kSpaced, "foo.p", "x"), "Foo:  a ;p=x ,  b;q  \r\nFoo: c\r\n");
  expectDone(assign(kSpaced, "foo[2].p", "x"), "Foo:  a ;p=1 ,  b;q;p=x  \r\nFoo: c\r\n");
  expectDone(assign(kSpaced, "foo[2].q", "x"), "Foo:  a ;p=1 ,  b;q=x  \r\nFoo: c\r\n");
  expectDone(assign("Foo: a ; p = 1 ;r, b\r\n", "foo.P", "x"), "Foo: a ; p=x ;r, b\r\n");
  expectDone(assign("Foo: <sip:a;p=1>;p=2 , b\r\n", "foo.p", "x"), "Foo: <sip:a;p=1>;p=x , b\r\n");
  expectDone(assign("Foo: a;p=1, b\r\nFoo: c;p=2\r\n", "foo[*].p", "x"),
             "Foo: a;p=x, b;p=x\r\nFoo: c;p=x\r\n");
  expectDone(assign("Foo: a;p=1;q=2, b\r\n", "foo.p", ""), "Foo: a;q=2, b\r\n");
  expectDone(assign("Foo: a;p=1, b\r\n", "foo[*].p", ""), "Foo: a, b\r\n");
  expectNothing(assign("Foo: a, b\r\n", "foo[*].p", ""), "Foo: a, b\r\n");
  expectNothing(assign("Foo: a, b\r\n", "foo.z", ""), "Foo: a, b\r\n");
}

TEST(RemoveHfValue, CutsTheValueWithOneComma) {
  expectDone(remove(kTwo, "foo"), "Foo:  b\r\nFoo: c\r\n");
  expectDone(remove(kTwo, "foo[2]"), "Foo: a\r\nFoo: c\r\n");
  expectDone(remove(kTwo, "foo[3]"), "Foo: a, b\r\n");  // the field's only value
  expectDone(remove(kTwo, "foo[*]"), "");
  expectDone(remove("Foo:  a ;p=1 ,  b;q  , c \r\n", "foo[2]"), "Foo:  a ;p=1 , c \r\n");
  expectDone(remove("Foo:  a ;p=1 ,  b;q  , c \r\n", "foo[1]"), "Foo:    b;q  , c \r\n");
  expectNothing(remove(kTwo, "foo[4]"), kTwo);
  expectNothing(remove("X: y\r\n", "foo[*]"), "X: y\r\n");
}

TEST(RemoveHfValue, Parameters) {
  expectDone(remove("Foo:  a ; p = 1 ;r, b\r\n", "foo.p"), "Foo:  a  ;r, b\r\n");
  expectDone(remove("Foo: a;p=1, b;p\r\nFoo: c;p=2\r\n", "foo[*].p"), "Foo: a, b\r\nFoo: c\r\n");
  expectNothing(remove(kTwo, "foo.z"), kTwo);
}

constexpr std::string_view kDigest = "Foo: Digest a=1, p=\"x\", q=2\r\n";

TEST(AssignHfValue2, WholeFieldsAndCommaParameters) {
  expectDone(assign2(kTwo, "foo", "gogo"), "Foo: gogo\r\nFoo: c\r\n");
  expectDone(assign2(kTwo, "foo[-1]", "gogo"), "Foo: a, b\r\nFoo: gogo\r\n");
  expectDone(assign2("Foo:  a ,  b \r\n", "foo", "gogo"), "Foo:  gogo\r\n");
  expectNothing(assign2(kTwo, "foo[3]", "gogo"), kTwo);
  expectNothing(assign2(kTwo, "foo[*]", "gogo"), kTwo);
  expectDone(assign2(kDigest, "foo.p", "x"), "Foo: Digest a=1, p=x, q=2\r\n");
  expectDone(assign2(kDigest, "foo.z", "x"), "Foo: Digest a=1, p=\"x\", q=2,z=x\r\n");
  expectDone(assign2(kDigest, "foo.a", ""), "Foo: Digest  p=\"x\", q=2\r\n");
  expectDone(assign2(kDigest, "foo.p", ""), "Foo: Digest a=1, q=2\r\n");
  expectDone(assign2(kDigest, "foo.q", ""), "Foo: Digest a=1, p=\"x\"\r\n");
  expectDone(assign2("Foo: Digest  a = 1 ,  p = \"x\" , q=2\r\n", "foo.p", "x"),
             "Foo: Digest  a = 1 ,  p =x , q=2\r\n");
  expectDone(assign2("Foo: a=1, p=2\r\n", "foo.a", "x"), "Foo: a=x, p=2\r\n");
  expectDone(assign2("Foo: Digest a\r\n", "foo.a", "x"), "Foo: Digest a a=x\r\n");
  expectNothing(assign2(kDigest, "foo.z", ""), kDigest);
}

TEST(RemoveHfValue2, RemovesFieldsOrAssignsAParameter) {
  expectDone(remove2(kTwo, "foo", "x"), "Foo: c\r\n");
  expectDone(remove2(kTwo, "foo[-1]", "x"), "Foo: a, b\r\n");
  expectDone(remove2(kTwo, "foo[*]", "x"), "");
  expectNothing(remove2(kTwo, "foo[3]", "x"), kTwo);
  expectDone(remove2(kDigest, "foo.q", "x"), "Foo: Digest a=1, p=\"x\", q=x\r\n");
  expectDone(remove2(kDigest, "foo.p", ""), "Foo: Digest a=1, q=2\r\n");
}

}  // namespace
}  // namespace kemid::textopsx
