#include "app/command_line.h"

namespace kemid {

namespace {

// Flags that Kamailio lets users repeat inside one word.
bool isRepeatableFlag(char c) {
  return c == 'D' || c == 'd';
}

}  // namespace

std::vector<std::string> expandRepeatedFlags(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (const auto& arg : args) {
    bool repeated = arg.size() > 2 && arg[0] == '-' && arg[1] != '-' &&
                    arg.find_first_not_of(arg[1], 1) == std::string::npos &&
                    isRepeatableFlag(arg[1]);
    if (!repeated) {
      out.push_back(arg);
      continue;
    }
    for (std::size_t i = 1; i < arg.size(); ++i) out.push_back(std::string("-") + arg[i]);
  }
  return out;
}

PreprocessorDefine parseDefineOption(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos) return {text, std::nullopt};
  return {text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace kemid
