#include "config/cfg_lexer.h"

#include <array>
#include <charconv>

#include "core/config_error.h"

namespace kemid::cfg {

namespace {

constexpr std::array<std::string_view, 19> kDirectiveWords = {
    "define",  "def",       "trydef",     "trydefine",    "redefine",   "redef",     "ifdef",
    "ifndef",  "else",      "endif",      "subst",        "substdef",   "substdefs", "defenv",
    "defenvs", "trydefenv", "trydefenvs", "include_file", "import_file"};

constexpr std::array<std::string_view, 4> kConditionalWords = {"ifdef", "ifndef", "else", "endif"};

// Kamailio reads these words as the numbers 1 and 0 wherever a number may stand.
constexpr std::array<std::string_view, 4> kTrueWords = {"yes", "true", "on", "enable"};
constexpr std::array<std::string_view, 4> kFalseWords = {"no", "false", "off", "disable"};

bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isIdentChar(char c) {
  return isIdentStart(c) || isDigit(c);
}
bool isOctal(char c) {
  return c >= '0' && c <= '7';
}
bool isHex(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
  for (auto w : words) {
    if (w == word) return true;
  }
  return false;
}

// Parses `digits` in `base`; false when empty, not all valid, or too large.
bool parseInteger(std::string_view digits, int base, std::int64_t& out) {
  if (digits.empty()) return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out, base);
  return ec == std::errc() && end == digits.data() + digits.size();
}

// Sets token.kind to Number (with its value) or BadNumber (with the reason)
// for a word that starts with a digit.
void classifyNumber(Token& token) {
  std::string_view s = token.text;
  std::int64_t value = 0;
  bool ok = false;
  std::string problem;
  bool allDigits = s.find_first_not_of("0123456789") == std::string_view::npos;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    ok = parseInteger(s.substr(2), 16, value);
    problem = "invalid hexadecimal number";
  } else if (s.size() > 1 && s.back() == 'b' &&
             s.substr(0, s.size() - 1).find_first_not_of("01") == std::string_view::npos) {
    ok = parseInteger(s.substr(0, s.size() - 1), 2, value);
    problem = "binary number too large";
  } else if (s.size() > 1 && s[0] == '0' && allDigits) {
    ok = parseInteger(s.substr(1), 8, value);
    problem = "invalid octal number: a leading 0 makes it octal";
  } else if (allDigits) {
    ok = parseInteger(s, 10, value);
    problem = "number too large";
  } else {
    problem = "not a number";
  }
  if (ok) {
    token.kind = TokenKind::Number;
    token.number = value;
  } else {
    token.kind = TokenKind::BadNumber;
    token.problem = std::move(problem);
  }
}

std::string quoteForMessage(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      if (c == quote || c == '\\') out += '\\';
      out += c;
    }
  }
  out += quote;
  return out;
}

}  // namespace

std::string describeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::End:
      return "end of file";
    case TokenKind::String:
      return "string " + quoteForMessage(token.text, token.singleQuoted ? '\'' : '"');
    case TokenKind::Number:
      return "number " + token.text;
    case TokenKind::BadNumber:
      return "'" + token.text + "' (" + token.problem + ")";
    case TokenKind::Identifier:
    case TokenKind::Punct:
      return "'" + token.text + "'";
  }
  return "'" + token.text + "'";
}

Lexer::Lexer(std::string text, SourceLocation start, Mode mode, bool spaceBefore)
    : text_(std::move(text)),
      file_(start.file),
      mode_(mode),
      fixedWhere_(start),
      firstSpaceBefore_(spaceBefore) {
  pos_.line = start.line > 0 ? start.line : 1;
  pos_.column = start.column > 0 ? start.column : 1;
}

char Lexer::peekChar(std::size_t ahead) const {
  std::size_t at = pos_.offset + ahead;
  return at < text_.size() ? text_[at] : '\0';
}

void Lexer::advance() {
  if (atEnd()) return;
  if (text_[pos_.offset] == '\n') {
    ++pos_.line;
    pos_.column = 1;
  } else {
    ++pos_.column;
  }
  ++pos_.offset;
}

SourceLocation Lexer::here() const {
  if (mode_ == Mode::Expansion) return fixedWhere_;
  return SourceLocation{file_, pos_.line, pos_.column};
}

std::size_t Lexer::directiveWordLength(bool conditionalsOnly) const {
  char c0 = peekChar(0);
  if (!((c0 == '#' || c0 == '!') && peekChar(1) == '!')) return 0;
  std::size_t start = pos_.offset + 2;
  std::size_t end = start;
  while (end < text_.size() && isIdentChar(text_[end])) ++end;
  std::string_view word(text_.data() + start, end - start);
  bool known =
      conditionalsOnly ? contains(kConditionalWords, word) : contains(kDirectiveWords, word);
  return known ? word.size() : 0;
}

Directive Lexer::readDirective(std::size_t wordLength) {
  Directive d;
  d.where = here();
  advance();
  advance();
  d.name = text_.substr(pos_.offset, wordLength);
  for (std::size_t i = 0; i < wordLength; ++i) advance();
  d.argumentWhere = here();
  while (!atEnd() && peekChar() != '\n') {
    if (peekChar() == '\\' && peekChar(1) == '\n') {
      advance();
      advance();
      continue;
    }
    d.argument += peekChar();
    advance();
  }
  return d;
}

void Lexer::skipBlockComment() {
  SourceLocation opened = here();
  advance();
  advance();
  int depth = 1;
  while (depth > 0) {
    if (atEnd()) {
      // Kamailio accepts this with a log line; kemid refuses, because the
      // comment silently swallows the rest of the file.
      throw ConfigError(opened, "unterminated block comment: '/*' has no matching '*/'");
    }
    if (peekChar() == '/' && peekChar(1) == '*') {
      ++depth;
      advance();
      advance();
    } else if (peekChar() == '*' && peekChar(1) == '/') {
      --depth;
      advance();
      advance();
    } else {
      advance();
    }
  }
}

bool Lexer::skipSpace() {
  bool skipped = false;
  for (;;) {
    char c = peekChar();
    if (atEnd()) return skipped;
    if (isBlank(c)) {
      advance();
    } else if (c == '\\' && peekChar(1) == '\n') {
      advance();
      advance();
    } else if (c == '#' || (c == '/' && peekChar(1) == '/')) {
      if (mode_ == Mode::File && directiveWordLength(false) > 0) return skipped;
      while (!atEnd() && peekChar() != '\n') advance();
    } else if (c == '/' && peekChar(1) == '*') {
      skipBlockComment();
    } else {
      return skipped;
    }
    skipped = true;
  }
}

Lexeme Lexer::next() {
  bool space = skipSpace() || firstSpaceBefore_;
  firstSpaceBefore_ = false;
  Token token;
  token.spaceBefore = space;
  token.where = here();
  if (atEnd()) return token;
  if (mode_ == Mode::File) {
    if (std::size_t length = directiveWordLength(false)) return readDirective(length);
  }
  char c = peekChar();
  if (isIdentChar(c)) {
    Token word = scanWord();
    word.spaceBefore = space;
    word.where = token.where;
    return word;
  }
  if (c == '"') {
    Token s = scanDoubleQuoted();
    s.spaceBefore = space;
    s.where = token.where;
    return s;
  }
  if (c == '\'') {
    Token s = scanSingleQuoted();
    s.spaceBefore = space;
    s.where = token.where;
    return s;
  }
  if (c > ' ' && c < 127) {
    token.kind = TokenKind::Punct;
    token.text = std::string(1, c);
    advance();
    return token;
  }
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  auto byte = static_cast<unsigned char>(c);
  throw ConfigError(token.where, std::string("unexpected character '\\x") + kHexDigits[byte >> 4] +
                                     kHexDigits[byte & 0xf] + "'");
}

Token Lexer::scanWord() {
  Token token;
  bool startsWithDigit = isDigit(peekChar());
  while (!atEnd() && isIdentChar(peekChar())) {
    token.text += peekChar();
    advance();
  }
  if (startsWithDigit) {
    classifyNumber(token);
  } else if (contains(kTrueWords, token.text) || contains(kFalseWords, token.text)) {
    token.kind = TokenKind::Number;
    token.number = contains(kTrueWords, token.text) ? 1 : 0;
  } else {
    token.kind = TokenKind::Identifier;
  }
  return token;
}

Token Lexer::scanDoubleQuoted() {
  SourceLocation opened = here();
  Token token;
  token.kind = TokenKind::String;
  advance();
  for (;;) {
    if (atEnd()) throw ConfigError(opened, "unterminated string: missing closing '\"'");
    char c = peekChar();
    if (c == '"') {
      advance();
      // "a" "b" is one string "ab" when only whitespace separates them.
      Position afterQuote = pos_;
      while (!atEnd() && isBlank(peekChar())) advance();
      if (peekChar() == '"') {
        advance();
        continue;
      }
      pos_ = afterQuote;
      return token;
    }
    if (c != '\\') {
      token.text += c;
      advance();
      continue;
    }
    char e = peekChar(1);
    if (e == '\n') {
      advance();
      advance();
      continue;
    }
    char simple = 0;
    switch (e) {
      case 'n':
        simple = '\n';
        break;
      case 'r':
        simple = '\r';
        break;
      case 't':
        simple = '\t';
        break;
      case 'a':
        simple = '\a';
        break;
      case '"':
        simple = '"';
        break;
      case '\\':
        simple = '\\';
        break;
      default:
        break;
    }
    if (simple != 0) {
      token.text += simple;
      advance();
      advance();
    } else if (e == 'x' && isHex(peekChar(2))) {
      std::size_t digits = isHex(peekChar(3)) ? 2 : 1;
      std::int64_t value = 0;
      parseInteger(std::string_view(text_).substr(pos_.offset + 2, digits), 16, value);
      token.text += static_cast<char>(value);
      for (std::size_t i = 0; i < digits + 2; ++i) advance();
    } else if (isOctal(e) && isOctal(peekChar(2))) {
      // Two or three octal digits; a single digit is not an escape.
      std::size_t digits = 2;
      if (isOctal(peekChar(3)) && e <= '3') digits = 3;
      std::int64_t value = 0;
      parseInteger(std::string_view(text_).substr(pos_.offset + 1, digits), 8, value);
      token.text += static_cast<char>(value);
      for (std::size_t i = 0; i < digits + 1; ++i) advance();
    } else {
      // Unknown escapes keep their backslash: "\d" stays \d, handy in regexes.
      token.text += '\\';
      advance();
    }
  }
}

Token Lexer::scanSingleQuoted() {
  SourceLocation opened = here();
  Token token;
  token.kind = TokenKind::String;
  token.singleQuoted = true;
  advance();
  while (peekChar() != '\'') {
    if (atEnd()) throw ConfigError(opened, "unterminated string: missing closing \"'\"");
    token.text += peekChar();
    advance();
  }
  advance();
  return token;
}

std::optional<Directive> Lexer::nextConditional() {
  while (!atEnd()) {
    if (std::size_t length = directiveWordLength(true)) return readDirective(length);
    advance();
  }
  return std::nullopt;
}

}  // namespace kemid::cfg
