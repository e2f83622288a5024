#pragma once
// Kamailio's sed-like substitutions, "/re/replacement/flags": any character
// after the first separates the parts ("#a#b#" works), a backslash escapes
// it. Patterns are newline-aware ('.' and "[^x]" stop at a line end, '^'
// and '$' match at each line) unless flag s says otherwise; flags i ignore
// case, g replaces every match, not only the first. In the
// replacement, \0 to \9 are the match and its groups, \u the Request-URI,
// \n \r \t \\ and \$ what they say. Kamailio also expands pseudo-variables
// ($var) there: kemid does not, a '$' is kept as written.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "posix_regex.h"

namespace kemid::textops {

// A piece of text to put in place of text[offset, offset + length).
struct Replacement {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
};

class SubstExpression {
 public:
  // nullopt, with what is wrong in `error`, for a malformed expression.
  static std::optional<SubstExpression> parse(std::string_view expression, std::string& error);

  // The replacements the expression makes in text[from, to): the first
  // match's, or every match's with the g flag. `uri` is what \u stands for.
  std::vector<Replacement> replacements(std::string_view text, std::string_view uri,
                                        std::size_t from = 0,
                                        std::size_t to = std::string_view::npos) const;
  // `text` with the replacements made (subst_uri, subst_user).
  std::optional<std::string> applyTo(std::string_view text, std::string_view uri = {}) const;

 private:
  struct Piece {
    std::string literal;
    int group = -1;    // >= 0: the match (0) or a group, instead of the literal
    bool uri = false;  // the Request-URI, instead of the literal
  };
  SubstExpression(PosixRegex regex, std::vector<Piece> pieces, bool global)
      : regex_(std::move(regex)), pieces_(std::move(pieces)), global_(global) {}
  std::string expand(std::string_view text, const RegexMatch& match, std::string_view uri) const;

  PosixRegex regex_;
  std::vector<Piece> pieces_;
  bool global_;
};

}  // namespace kemid::textops
