// main() of the unit test binaries: GoogleTest's, with every error line
// logged (no RateLimitedLog budget), since tests check them one by one.

#include <gtest/gtest.h>

#include "core/log.h"

int main(int argc, char** argv) {
  kemid::logging::setRateLimits(false);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
