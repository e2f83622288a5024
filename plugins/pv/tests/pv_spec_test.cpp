// Parsing of pseudo-variable names, and the per-thread cache.

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "pv_cache.h"
#include "pv_spec.h"

namespace kemid::pv {
namespace {

std::optional<PvSpec> parse(std::string_view text) {
  std::string error;
  auto spec = parsePvSpec(text, error);
  if (!spec) {
    EXPECT_FALSE(error.empty()) << text;
  }
  return spec;
}

TEST(PvSpec, SimpleNamesAndAliases) {
  EXPECT_EQ(parse("$ru")->kind, PvKind::RequestUri);
  EXPECT_EQ(parse("$ruri")->kind, PvKind::RequestUri);
  EXPECT_EQ(parse("$ruri.user")->kind, PvKind::RequestUser);
  EXPECT_EQ(parse("$rU")->kind, PvKind::RequestUser);
  EXPECT_EQ(parse("$rd")->kind, PvKind::RequestHost);
  EXPECT_EQ(parse("$duri")->kind, PvKind::DstUri);
  EXPECT_EQ(parse("$from.domain")->kind, PvKind::FromHost);
  EXPECT_EQ(parse("$cT")->kind, PvKind::ContentType);
  EXPECT_EQ(parse("$ct")->kind, PvKind::Contact);
  EXPECT_EQ(parse("$?")->kind, PvKind::ReturnCode);
  EXPECT_EQ(parse("$T_reply_code")->kind, PvKind::TmReplyCode);
  EXPECT_EQ(parse("$err.class")->kind, PvKind::Null);
}

TEST(PvSpec, NamesInParentheses) {
  auto var = parse("$var(x)");
  ASSERT_TRUE(var);
  EXPECT_EQ(var->kind, PvKind::Var);
  EXPECT_EQ(var->name, "x");
  EXPECT_EQ(parse("$vz(x)")->kind, PvKind::Var);
  EXPECT_EQ(parse("$hdr(X-Foo)")->name, "X-Foo");
  EXPECT_EQ(parse("$avp(s:caller)")->name, "caller");  // s: is the default
  EXPECT_EQ(parse("$avp(i:3)")->name, "i:3");
  EXPECT_EQ(parse("$TV(Sn)")->name, "Sn");
  EXPECT_EQ(parse("$shv(count)")->kind, PvKind::Shared);
}

TEST(PvSpec, Indexes) {
  auto nth = parse("$(hdr(Via)[1])");
  ASSERT_TRUE(nth);
  EXPECT_EQ(nth->kind, PvKind::Header);
  EXPECT_EQ(nth->name, "Via");
  EXPECT_EQ(nth->index, (PvIndex{PvIndex::Kind::Number, 1}));
  EXPECT_EQ(parse("$(hdr(Via)[-1])")->index, (PvIndex{PvIndex::Kind::Number, -1}));
  EXPECT_EQ(parse("$(avp(x)[*])")->index.kind, PvIndex::Kind::All);
  EXPECT_EQ(parse("$(ru)")->kind, PvKind::RequestUri);
}

TEST(PvSpec, Refused) {
  for (std::string_view bad :
       {"", "ru", "$", "$bogus", "$os", "$ru junk", "$ru(x)", "$var", "$var()", "$var(x",
        "$(hdr(Via)[x])", "$(hdr(Via)[1]", "$hdr(Via)[1]", "$(ru[1])", "$TV(q)", "$branch(bogus)",
        "$(var(x)[0])", "$(avp(x)[])"}) {
    std::string error;
    EXPECT_FALSE(parsePvSpec(bad, error)) << bad;
  }
}

TEST(PvCache, ParsesOncePerThread) {
  const PvSpec* first = lookupPvSpec("$ru");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(lookupPvSpec("$ru"), first);
  EXPECT_EQ(lookupPvSpec("$bogus"), nullptr);
  EXPECT_EQ(lookupPvSpec("$bogus"), nullptr);
  const PvSpec* other = nullptr;
  std::thread([&] { other = lookupPvSpec("$ru"); }).join();
  EXPECT_NE(other, first);  // another thread, another cache
}

TEST(PvCache, StaysBounded) {
  const PvSpec* ru = lookupPvSpec("$ru");
  ASSERT_NE(ru, nullptr);
  for (std::size_t i = 0; i <= kCacheLimit; ++i) {
    ASSERT_NE(lookupPvSpec("$var(v" + std::to_string(i) + ")"), nullptr);
  }
  const PvSpec* again = lookupPvSpec("$ru");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->kind, PvKind::RequestUri);
}

}  // namespace
}  // namespace kemid::pv
