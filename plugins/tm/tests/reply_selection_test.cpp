// §16.7 step 6: which final reply answers the caller.

#include "reply_selection.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

namespace kemid::tm {
namespace {

std::vector<Branch> branches(std::initializer_list<int> codes) {
  std::vector<Branch> out;
  for (int code : codes) out.emplace_back().finalCode = code;
  return out;
}

std::optional<int> best(std::initializer_list<int> codes) {
  auto list = branches(codes);
  auto index = pickBestBranch(list);
  if (!index) return std::nullopt;
  return list[*index].finalCode;
}

TEST(ReplySelectionTest, SixHundredsWinOverOtherFailures) {
  EXPECT_EQ(best({486, 603, 302}), 603);
}

TEST(ReplySelectionTest, LowestClassOtherwise) {
  EXPECT_EQ(best({500, 404, 302}), 302);
  EXPECT_EQ(best({503, 404}), 404);
  EXPECT_EQ(best({404, 200}), 200);
}

TEST(ReplySelectionTest, ActionableFourHundredsFirst) {
  EXPECT_EQ(best({404, 407}), 407);
  EXPECT_EQ(best({486, 401}), 401);
  EXPECT_EQ(best({408, 484}), 484);
  EXPECT_EQ(best({486, 404}), 404);  // otherwise the lower code
  EXPECT_EQ(best({408, 480}), 408);
}

TEST(ReplySelectionTest, PendingAndIgnoredBranchesDoNotCount) {
  auto list = branches({0, 404, 486});
  list[1].ignored = true;
  auto index = pickBestBranch(list);
  ASSERT_TRUE(index);
  EXPECT_EQ(*index, 2u);
  EXPECT_FALSE(best({0}));
}

TEST(ReplySelectionTest, FirstWinsATie) {
  auto list = branches({486, 486});
  EXPECT_EQ(pickBestBranch(list), 0u);
}

}  // namespace
}  // namespace kemid::tm
