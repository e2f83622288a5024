#include "app/command_line.h"

#include <gtest/gtest.h>

namespace kemid {
namespace {

using Args = std::vector<std::string>;

TEST(ExpandRepeatedFlags, SpellsOutKamailioStyleRepeatedLetters) {
  EXPECT_EQ(expandRepeatedFlags({"-DD", "-E"}), (Args{"-D", "-D", "-E"}));
  EXPECT_EQ(expandRepeatedFlags({"-ddd"}), (Args{"-d", "-d", "-d"}));
}

TEST(ExpandRepeatedFlags, LeavesOtherWordsAlone) {
  // "-ff" would be -f with the argument "f"; "--DD" is a long option.
  EXPECT_EQ(expandRepeatedFlags({"-f", "kemid.cfg", "-ff", "--DD", "-D", "-AX"}),
            (Args{"-f", "kemid.cfg", "-ff", "--DD", "-D", "-AX"}));
}

TEST(ParseDefineOption, NameOnlyAndNameWithValue) {
  auto flag = parseDefineOption("WITH_DEBUG");
  EXPECT_EQ(flag.name, "WITH_DEBUG");
  EXPECT_FALSE(flag.value.has_value());

  auto valued = parseDefineOption("DBURL=\"mysql://x\"");
  EXPECT_EQ(valued.name, "DBURL");
  EXPECT_EQ(valued.value, "\"mysql://x\"");

  auto empty = parseDefineOption("EMPTY=");
  EXPECT_EQ(empty.value, "");
}

}  // namespace
}  // namespace kemid
