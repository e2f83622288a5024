#include "command_format.h"

namespace kemid::ndb_redis {

std::optional<CommandWords> formatCommand(std::string_view text,
                                          std::span<const std::string_view> params,
                                          std::string& error) {
  CommandWords words;
  std::string word;
  bool started = false;  // a word is open, even if empty ("%s" of "")
  std::size_t next = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ') {
      if (started) words.push_back(std::move(word));
      word.clear();
      started = false;
      continue;
    }
    started = true;
    if (c != '%' || i + 1 == text.size()) {
      word += c;
      continue;
    }
    const char spec = text[++i];
    if (spec == 's' || spec == 'b') {
      if (next == params.size()) {
        error = "the command has more %s than parameters";
        return std::nullopt;
      }
      word += params[next++];
    } else if (spec == '%') {
      word += '%';
    } else {
      word += c;
      word += spec;
    }
  }
  if (started) words.push_back(std::move(word));
  if (words.empty()) {
    error = "empty redis command";
    return std::nullopt;
  }
  return words;
}

bool hasArgumentSpecifier(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '%' && (text[i + 1] == 's' || text[i + 1] == 'b')) return true;
  }
  return false;
}

}  // namespace kemid::ndb_redis
