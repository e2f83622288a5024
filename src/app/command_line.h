#pragma once
// kemid's command line, with Kamailio's letters where the same letter exists.

#include <optional>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "core/config.h"

namespace kemid {

struct CommandLine {
  std::string configFile;                   // -f; empty: the default for this build/install
  bool checkOnly = false;                   // -c
  int foreground = 0;                       // number of -D: 1 = no workers' fork, 2 = foreground
  bool logToStderr = false;                 // -E
  int debugIncrease = 0;                    // -d (repeatable)
  std::vector<std::string> extraListen;     // -l
  std::optional<int> children;              // -n
  std::string pidFile;                      // -P
  std::vector<PreprocessorDefine> defines;  // -A ID[=VAL]
  bool showVersion = false;                 // -V, --version
  bool showHelp = false;                    // -h, --help
};

// Poco's option parser takes one letter per word; Kamailio users write
// "-DD" and "-ddd". This spells such words out ("-D", "-D") before parsing.
std::vector<std::string> expandRepeatedFlags(const std::vector<std::string>& args);

// "ID" or "ID=VALUE" from -A.
PreprocessorDefine parseDefineOption(const std::string& text);

}  // namespace kemid
