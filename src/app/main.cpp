#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <signal.h>

#include <string>
#include <vector>

#include "app/command_line.h"
#include "app/kemid_app.h"

int main(int argc, char** argv) {
  // Block the signals kemid handles before any thread exists, so that every
  // thread inherits the mask and only the main thread's sigwait sees them.
  sigset_t handled;
  sigemptyset(&handled);
  for (int sig : kemid::kHandledSignals) sigaddset(&handled, sig);
  pthread_sigmask(SIG_BLOCK, &handled, nullptr);

  std::vector<std::string> args =
      kemid::expandRepeatedFlags(std::vector<std::string>(argv + 1, argv + argc));
  std::vector<char*> pocoArgv{argv[0]};
  for (auto& arg : args) pocoArgv.push_back(arg.data());
  pocoArgv.push_back(nullptr);

  kemid::KemidApp app;
  // Poco reports command-line errors through the application's logger.
  Poco::AutoPtr<Poco::FormattingChannel> usageErrors(new Poco::FormattingChannel(
      new Poco::PatternFormatter("ERROR: %t (see kemid -h)"), new Poco::ConsoleChannel));
  app.logger().setChannel(usageErrors);
  return app.run(static_cast<int>(pocoArgv.size() - 1), pocoArgv.data());
}
