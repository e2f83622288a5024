#pragma once
// SIPp from tests: scenario runs with their call counts, and the messages
// that crossed the wire (-trace_msg).

#include <chrono>
#include <string>
#include <vector>

#include "support/process.h"

namespace kemid::test {

struct SippResult {
  int exitCode = -1;
  int successfulCalls = -1;
  int failedCalls = -1;
  std::string output;    // SIPp's screen (stdout + stderr)
  std::string messages;  // the -trace_msg log: every message sent and received
};

struct SippOptions {
  std::string scenario;            // "uac", "uas" (built in) or the path of an XML scenario
  std::string target;              // "127.0.0.1:5060" for a UAC; empty for a UAS
  int localPort = 0;               // -p
  int calls = 1;                   // -m
  int rate = 10;                   // -r calls per second
  std::vector<std::string> extra;  // more sipp arguments
};

// A callee on `port` answering with `scenario` until the test ends.
SippOptions calleeOptions(const std::string& scenario, int port);
// A caller placing `calls` calls at `rate`/s through `target` from `port`.
SippOptions callerOptions(const std::string& scenario, const std::string& target, int port,
                          int calls, int rate);

// Runs SIPp to completion (at most `timeout`) in `workDir`.
SippResult runSipp(const SippOptions& options, const std::string& workDir,
                   std::chrono::seconds timeout = std::chrono::seconds(120));

// A SIPp that runs in the background (a UAS) until destroyed.
class BackgroundSipp {
 public:
  BackgroundSipp(const SippOptions& options, const std::string& workDir);
  // The messages it traced so far.
  std::string messages() const;
  // How often `needle` occurs in the trace once it reaches `count` or
  // `timeout` passes: SIPp writes its trace a little after the exchange.
  int waitForCount(const std::string& needle, int count, std::chrono::milliseconds timeout) const;
  BackgroundProcess& process() { return process_; }

 private:
  std::string traceFile_;
  BackgroundProcess process_;
};

std::vector<std::string> sippArguments(const SippOptions& options, const std::string& traceFile);

// How many times `needle` occurs in `haystack`.
int countOccurrences(const std::string& haystack, const std::string& needle);

}  // namespace kemid::test
