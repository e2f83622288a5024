#pragma once

#include <Poco/Util/ServerApplication.h>

#include <array>
#include <csignal>
#include <optional>
#include <string>

#include "app/command_line.h"
#include "app/daemon.h"

namespace kemid {

// The signals kemid takes through sigwait in its main thread: blocked in
// every thread (main() blocks them before any thread exists), so none of
// them can end the process by its default action.
inline constexpr std::array kHandledSignals{SIGINT,  SIGTERM, SIGHUP, SIGQUIT,
                                            SIGUSR1, SIGUSR2, SIGALRM};

struct Config;
class ModuleSet;

// The kemid process: command line, config, plugins, then serve until
// SIGTERM/SIGINT. Poco's ServerApplication gives the daemon mode.
class KemidApp : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override;
  void handleOption(const std::string& name, const std::string& value) override;
  int main(const std::vector<std::string>& args) override;

 private:
  void printHelp() const;
  // Kamailio's `-c` report: listen sockets, aliases, and (kemid's addition)
  // the modules that were loaded.
  void printCheckReport(const Config& config, const ModuleSet& modules) const;
  int serve(const Config& config, ModuleSet& modules);
  // A startup error: on stderr, and in the log when that goes elsewhere.
  void reportStartupError(const Config& config, const std::string& text) const;

  CommandLine commandLine_;
  Daemon daemon_;
  // --dump-config[=yaml|cfg]: "yaml" or "cfg"; unset when not given.
  std::optional<std::string> dumpConfig_;
};

}  // namespace kemid
