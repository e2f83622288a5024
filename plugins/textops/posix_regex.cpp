#include "posix_regex.h"

#include <array>

namespace kemid::textops {

void PosixRegex::Free::operator()(regex_t* re) const {
  regfree(re);
  delete re;
}

std::optional<PosixRegex> PosixRegex::compile(std::string_view pattern, int flags,
                                              std::string& error) {
  auto re = std::make_unique<regex_t>();
  const std::string text(pattern);
  if (int code = regcomp(re.get(), text.c_str(), flags | REG_EXTENDED); code != 0) {
    std::array<char, 256> message{};
    regerror(code, re.get(), message.data(), message.size());
    error = message.data();
    return std::nullopt;
  }
  return PosixRegex(std::unique_ptr<regex_t, Free>(re.release()));
}

std::optional<RegexMatch> PosixRegex::find(std::string_view text, std::size_t from,
                                           std::size_t to) const {
  if (to > text.size()) to = text.size();
  if (from > to) return std::nullopt;
  // regexec reads a C string: the searched part, copied.
  const std::string part(text.substr(from, to - from));
  std::array<regmatch_t, 10> found{};
  int eflags = 0;
  if (from > 0 && text[from - 1] != '\n') eflags |= REG_NOTBOL;
  if (regexec(re_.get(), part.c_str(), found.size(), found.data(), eflags) != 0) {
    return std::nullopt;
  }
  RegexMatch match;
  match.offset = from + static_cast<std::size_t>(found[0].rm_so);
  match.length = static_cast<std::size_t>(found[0].rm_eo - found[0].rm_so);
  for (std::size_t i = 1; i < found.size(); ++i) {
    if (found[i].rm_so < 0) {
      match.groups.emplace_back();
    } else {
      match.groups.emplace_back(
          std::pair{from + static_cast<std::size_t>(found[i].rm_so),
                    static_cast<std::size_t>(found[i].rm_eo - found[i].rm_so)});
    }
  }
  return match;
}

std::optional<std::vector<PosixRegex::Span>> PosixRegex::submatches(std::string_view text) const {
  const std::string copy(text);
  std::vector<regmatch_t> found(re_->re_nsub + 1);
  if (regexec(re_.get(), copy.c_str(), found.size(), found.data(), 0) != 0) return std::nullopt;
  std::vector<Span> spans;
  for (const regmatch_t& one : found) {
    if (one.rm_so < 0) {
      spans.emplace_back();
    } else {
      spans.emplace_back(std::pair{static_cast<std::size_t>(one.rm_so),
                                   static_cast<std::size_t>(one.rm_eo - one.rm_so)});
    }
  }
  return spans;
}

std::vector<RegexMatch> PosixRegex::findAll(std::string_view text, std::size_t from,
                                            std::size_t to) const {
  if (to > text.size()) to = text.size();
  std::vector<RegexMatch> all;
  while (from <= to) {
    auto match = find(text, from, to);
    if (!match) break;
    from = match->length == 0 ? match->end() + 1 : match->end();
    all.push_back(std::move(*match));
  }
  return all;
}

}  // namespace kemid::textops
