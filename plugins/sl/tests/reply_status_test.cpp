// The status line sl_forward_reply gives its copy, as measured on Kamailio
// 5.6 (the conformance case sl/forward_reply compares the wire).

#include "reply_status.h"

#include <gtest/gtest.h>

namespace kemid::sl {
namespace {

const ReplyStatus kBusy{486, "Busy Here"};

TEST(ForwardedStatus, KeepsWhatIsNotGiven) {
  auto same = forwardedStatus(kBusy, "", "");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->code, 486);
  EXPECT_EQ(same->reason, "Busy Here");
  auto codeOnly = forwardedStatus(kBusy, "480", "");
  ASSERT_TRUE(codeOnly);
  EXPECT_EQ(codeOnly->code, 480);
  EXPECT_EQ(codeOnly->reason, "Busy Here");
}

TEST(ForwardedStatus, ChangesCodeAndReasonWithinTheClass) {
  auto changed = forwardedStatus(kBusy, "404", "Not Here");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->code, 404);
  EXPECT_EQ(changed->reason, "Not Here");
}

TEST(ForwardedStatus, RefusesAnotherClassOrNotACode) {
  EXPECT_FALSE(forwardedStatus(kBusy, "302", "Moved"));
  EXPECT_FALSE(forwardedStatus(kBusy, "abc", "x"));
  EXPECT_FALSE(forwardedStatus(kBusy, "4044", "x"));
  EXPECT_FALSE(forwardedStatus(kBusy, "40", "x"));
}

}  // namespace
}  // namespace kemid::sl
