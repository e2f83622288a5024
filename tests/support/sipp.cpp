#include "support/sipp.h"

#include <filesystem>
#include <regex>
#include <thread>

namespace kemid::test {

namespace {

// SIPp's final screen has rows like "  Successful call  |  0  |  20  ".
int cumulativeCount(const std::string& screen, const std::string& row) {
  std::regex pattern(row + R"(\s*\|\s*\d+\s*\|\s*(\d+))");
  std::smatch last;
  for (auto it = std::sregex_iterator(screen.begin(), screen.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    last = *it;
  }
  return last.empty() ? -1 : std::stoi(last[1]);
}

int traceCounter = 0;

std::string newTraceFile(const std::string& workDir) {
  return (std::filesystem::path(workDir) / ("sipp-msg-" + std::to_string(++traceCounter) + ".log"))
      .string();
}

}  // namespace

std::vector<std::string> sippArguments(const SippOptions& options, const std::string& traceFile) {
  std::vector<std::string> args;
  if (options.scenario == "uac" || options.scenario == "uas") {
    args = {"-sn", options.scenario};
  } else {
    args = {"-sf", options.scenario};
  }
  if (!options.target.empty()) args.push_back(options.target);
  args.insert(args.end(), {"-i", "127.0.0.1", "-p", std::to_string(options.localPort), "-m",
                           std::to_string(options.calls), "-r", std::to_string(options.rate),
                           "-nostdin", "-trace_msg", "-message_file", traceFile});
  args.insert(args.end(), options.extra.begin(), options.extra.end());
  return args;
}

SippOptions calleeOptions(const std::string& scenario, int port) {
  SippOptions options;
  options.scenario = scenario;
  options.localPort = port;
  options.calls = 1000000;  // never the reason it stops
  return options;
}

SippOptions callerOptions(const std::string& scenario, const std::string& target, int port,
                          int calls, int rate) {
  SippOptions options;
  options.scenario = scenario;
  options.target = target;
  options.localPort = port;
  options.calls = calls;
  options.rate = rate;
  return options;
}

SippResult runSipp(const SippOptions& options, const std::string& workDir,
                   std::chrono::seconds timeout) {
  std::string traceFile = newTraceFile(workDir);
  BackgroundProcess sipp("sipp", sippArguments(options, traceFile), workDir);
  SippResult result;
  auto code = sipp.waitExit(timeout);
  result.exitCode = code.value_or(-1);
  result.output = sipp.stdoutText() + sipp.stderrText();
  result.successfulCalls = cumulativeCount(result.output, "Successful call");
  result.failedCalls = cumulativeCount(result.output, "Failed call");
  result.messages = readFile(traceFile);
  return result;
}

BackgroundSipp::BackgroundSipp(const SippOptions& options, const std::string& workDir)
    : traceFile_(newTraceFile(workDir)),
      process_("sipp", sippArguments(options, traceFile_), workDir) {}

std::string BackgroundSipp::messages() const {
  return readFile(traceFile_);
}

int BackgroundSipp::waitForCount(const std::string& needle, int count,
                                 std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int seen = countOccurrences(messages(), needle);
  while (seen < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    seen = countOccurrences(messages(), needle);
  }
  return seen;
}

int countOccurrences(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

}  // namespace kemid::test
