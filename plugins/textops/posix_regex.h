#pragma once
// POSIX extended regular expressions (<regex.h>), as Kamailio compiles
// them: textops' patterns are case-insensitive and newline-aware
// (kTextopsFlags); a sed-like expression chooses its own flags.

#include <regex.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::textops {

inline constexpr int kTextopsFlags = REG_EXTENDED | REG_ICASE | REG_NEWLINE;

struct RegexMatch {
  std::size_t offset = 0;  // into the searched text
  std::size_t length = 0;
  // The parenthesised groups, 1 to 9; nullopt for a group that took no part.
  std::vector<std::optional<std::pair<std::size_t, std::size_t>>> groups;
  std::size_t end() const { return offset + length; }
};

class PosixRegex {
 public:
  // nullopt, with regerror()'s text in `error`, when regcomp refuses it.
  static std::optional<PosixRegex> compile(std::string_view pattern, int flags, std::string& error);

  // The first match in text[from, to) (to = npos: the end). The text before
  // `from` only tells whether a line starts there ("^").
  std::optional<RegexMatch> find(std::string_view text, std::size_t from = 0,
                                 std::size_t to = std::string_view::npos) const;
  // Every match, left to right, not overlapping; an empty match moves on by
  // one character.
  std::vector<RegexMatch> findAll(std::string_view text, std::size_t from = 0,
                                  std::size_t to = std::string_view::npos) const;
  bool matches(std::string_view text) const { return find(text).has_value(); }
  // The first match's whole span (index 0) and every parenthesised group,
  // however many the pattern has; nullopt for a group that took no part.
  using Span = std::optional<std::pair<std::size_t, std::size_t>>;
  std::optional<std::vector<Span>> submatches(std::string_view text) const;

 private:
  struct Free {
    void operator()(regex_t* re) const;
  };
  explicit PosixRegex(std::unique_ptr<regex_t, Free> re) : re_(std::move(re)) {}
  std::shared_ptr<regex_t> re_;
};

}  // namespace kemid::textops
