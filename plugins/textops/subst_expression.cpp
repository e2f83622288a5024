#include "subst_expression.h"

namespace kemid::textops {
namespace {

// The text up to the next unescaped `separator` from `at`; nullopt if none.
std::optional<std::string_view> part(std::string_view expression, std::size_t& at, char separator) {
  const std::size_t start = at;
  for (; at < expression.size(); ++at) {
    if (expression[at] == '\\') {
      ++at;
      continue;
    }
    if (expression[at] == separator) return expression.substr(start, at++ - start);
  }
  return std::nullopt;
}

}  // namespace

std::optional<SubstExpression> SubstExpression::parse(std::string_view expression,
                                                      std::string& error) {
  if (expression.size() < 3) {
    error = "expression too short";
    return std::nullopt;
  }
  const char separator = expression[0];
  std::size_t at = 1;
  auto pattern = part(expression, at, separator);
  auto replacement = pattern ? part(expression, at, separator) : std::nullopt;
  if (!replacement) {
    error = "missing separator '" + std::string(1, separator) + "'";
    return std::nullopt;
  }
  int flags = REG_EXTENDED | REG_NEWLINE;
  bool global = false;
  for (char flag : expression.substr(at)) {
    if (flag == 'i') {
      flags |= REG_ICASE;
    } else if (flag == 'g') {
      global = true;
    } else if (flag == 's') {
      flags &= ~REG_NEWLINE;
    } else {
      error = "unknown flag '" + std::string(1, flag) + "'";
      return std::nullopt;
    }
  }
  // An escaped separator stands for itself in the pattern.
  std::string re;
  for (std::size_t i = 0; i < pattern->size(); ++i) {
    if ((*pattern)[i] == '\\' && i + 1 < pattern->size() && (*pattern)[i + 1] == separator)
      continue;
    re.push_back((*pattern)[i]);
  }
  auto regex = PosixRegex::compile(re, flags, error);
  if (!regex) return std::nullopt;

  std::vector<Piece> pieces(1);
  for (std::size_t i = 0; i < replacement->size(); ++i) {
    char c = (*replacement)[i];
    if (c != '\\') {
      pieces.back().literal.push_back(c);
      continue;
    }
    if (++i == replacement->size()) {
      error = "replacement ends in a backslash";
      return std::nullopt;
    }
    c = (*replacement)[i];
    if (c >= '0' && c <= '9') {
      pieces.push_back({{}, c - '0'});
      pieces.emplace_back();
    } else if (c == 'u') {
      pieces.push_back({{}, -1, true});
      pieces.emplace_back();
    } else if (c == 'n') {
      pieces.back().literal.push_back('\n');
    } else if (c == 'r') {
      pieces.back().literal.push_back('\r');
    } else if (c == 't') {
      pieces.back().literal.push_back('\t');
    } else if (c == '\\' || c == '$' || c == separator) {
      pieces.back().literal.push_back(c);
    } else {
      error = "unknown escape '\\" + std::string(1, c) + "' in the replacement";
      return std::nullopt;
    }
  }
  return SubstExpression(std::move(*regex), std::move(pieces), global);
}

std::string SubstExpression::expand(std::string_view text, const RegexMatch& match,
                                    std::string_view uri) const {
  std::string out;
  for (const Piece& piece : pieces_) {
    if (piece.uri) {
      out.append(uri);
    } else if (piece.group == 0) {
      out.append(text.substr(match.offset, match.length));
    } else if (piece.group > 0) {
      const auto& group = match.groups[static_cast<std::size_t>(piece.group - 1)];
      if (group) out.append(text.substr(group->first, group->second));
    } else {
      out.append(piece.literal);
    }
  }
  return out;
}

std::vector<Replacement> SubstExpression::replacements(std::string_view text, std::string_view uri,
                                                       std::size_t from, std::size_t to) const {
  std::vector<Replacement> out;
  if (global_) {
    for (const RegexMatch& match : regex_.findAll(text, from, to)) {
      out.push_back({match.offset, match.length, expand(text, match, uri)});
    }
  } else if (auto match = regex_.find(text, from, to)) {
    out.push_back({match->offset, match->length, expand(text, *match, uri)});
  }
  return out;
}

std::optional<std::string> SubstExpression::applyTo(std::string_view text,
                                                    std::string_view uri) const {
  auto found = replacements(text, uri);
  if (found.empty()) return std::nullopt;
  std::string out;
  std::size_t copied = 0;
  for (const Replacement& r : found) {
    out.append(text.substr(copied, r.offset - copied)).append(r.text);
    copied = r.offset + r.length;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace kemid::textops
