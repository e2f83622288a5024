#pragma once
// Tokens of the kamailio.cfg language. The lexer knows
// comments, strings, numbers and punctuation; it recognises preprocessor
// directives but leaves their meaning to the Preprocessor.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/config.h"

namespace kemid::cfg {

enum class TokenKind {
  End,
  Identifier,  // [A-Za-z_][A-Za-z0-9_]*
  Number,      // decimal, 0x hex, 0NN octal, 101b binary, or yes/no/true/false/on/off/...
  BadNumber,   // starts with a digit but is no valid number ("08", "5060x"); see `problem`
  String,      // "..." (escapes decoded, adjacent ones joined) or '...' (raw)
  Punct,       // one punctuation character: = ; , : . ( ) [ ] { } - ...
};

struct Token {
  TokenKind kind = TokenKind::End;
  // The spelling as written; for String, the decoded value.
  std::string text;
  std::int64_t number = 0;
  bool singleQuoted = false;
  // Whitespace or a comment separates this token from the previous one. A
  // socket such as udp:127.0.0.1:5060 is a run of tokens without spaces.
  bool spaceBefore = false;
  std::string problem;  // BadNumber: why it is not a number
  SourceLocation where;

  bool isPunct(char c) const {
    return kind == TokenKind::Punct && text.size() == 1 && text[0] == c;
  }
  bool isIdentifier(std::string_view name) const {
    return kind == TokenKind::Identifier && text == name;
  }
};

// How a token is named in an error: `string "4"`, `number 5`, `'='`, `end of file`.
std::string describeToken(const Token& token);

// A `#!name` or `!!name` preprocessor line.
struct Directive {
  std::string name;      // "define", "ifdef", "include_file", ...
  std::string argument;  // the rest of the line; a backslash-newline joins the next one
  SourceLocation where;  // of the `#!`
  SourceLocation argumentWhere;
};

using Lexeme = std::variant<Token, Directive>;

class Lexer {
 public:
  enum class Mode {
    File,       // a config file: directives are recognised
    Fragment,   // the argument of a directive: no directives
    Expansion,  // a define's value: no directives, every token located at the define's use
  };

  // `start` is the location of the first character (for Expansion: of every
  // token); `spaceBefore` is reported on the first token.
  Lexer(std::string text, SourceLocation start, Mode mode, bool spaceBefore = false);

  // The next token or directive; an End token at the end of the text.
  // Throws ConfigError on an unterminated string or block comment or a
  // character that cannot start a token.
  Lexeme next();

  // Inside a false #!ifdef region: skips everything up to the next
  // #!ifdef/#!ifndef/#!else/#!endif, which it returns; nullopt at the end.
  std::optional<Directive> nextConditional();

 private:
  struct Position {
    std::size_t offset = 0;
    int line = 1;
    int column = 1;
  };

  bool atEnd() const { return pos_.offset >= text_.size(); }
  char peekChar(std::size_t ahead = 0) const;
  void advance();
  SourceLocation here() const;
  // Skips blanks, comments and line continuations; true if anything was skipped.
  bool skipSpace();
  void skipBlockComment();
  // Length of the directive word at the cursor (`#!define` -> 6), 0 if none.
  std::size_t directiveWordLength(bool conditionalsOnly) const;
  Directive readDirective(std::size_t wordLength);
  Token scanWord();
  Token scanDoubleQuoted();
  Token scanSingleQuoted();

  std::string text_;
  Position pos_;
  std::string file_;
  Mode mode_;
  SourceLocation fixedWhere_;
  bool firstSpaceBefore_;
};

}  // namespace kemid::cfg
