#pragma once
// kemid as the integration tests run it: in the foreground with its log on
// stderr (-DD -E), started from a configuration in the test's directory,
// stopped with SIGTERM at the end of the test.

#include <filesystem>
#include <memory>
#include <string>

#include "support/process.h"

namespace kemid::test {

// Starts `binary -DD -E -f cfg` in `dir` and waits (10 s at most) until it
// says it started. On failure the calling test fails with kemid's log and
// null is returned: ASSERT_TRUE(kemid_ = startKemid(...)).
std::unique_ptr<BackgroundProcess> startKemid(const std::string& binary,
                                              const std::filesystem::path& cfg,
                                              const std::filesystem::path& dir);

// Stops a kemid startKemid started (nothing when it is null): it must still
// run, and exit with 0 within 10 s of SIGTERM.
void stopKemid(const std::unique_ptr<BackgroundProcess>& kemid);

}  // namespace kemid::test
