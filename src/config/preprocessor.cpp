#include "config/preprocessor.h"

#include "config/text_util.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/config_error.h"

namespace kemid::cfg {

namespace fs = std::filesystem;

namespace {

// Kamailio's limit too; it also stops runaway include chains early.
constexpr std::size_t kMaxIncludeDepth = 10;

bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}
bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isIdentChar(char c) {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

bool isIdentifier(std::string_view s) {
  if (s.empty() || !isIdentStart(s[0])) return false;
  for (char c : s) {
    if (!isIdentChar(c)) return false;
  }
  return true;
}

std::size_t skipBlanks(std::string_view s, std::size_t i) {
  while (i < s.size() && isBlank(s[i])) ++i;
  return i;
}

std::string readName(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  if (i < s.size() && isIdentStart(s[i])) {
    while (i < s.size() && isIdentChar(s[i])) ++i;
  }
  return std::string(s.substr(start, i - start));
}

std::string trim(std::string_view s) {
  std::size_t begin = skipBlanks(s, 0);
  std::size_t end = s.size();
  while (end > begin && isBlank(s[end - 1])) --end;
  return std::string(s.substr(begin, end - begin));
}

// What is left at `i` is nothing but blanks and maybe a comment.
bool onlyCommentLeft(std::string_view s, std::size_t i) {
  i = skipBlanks(s, i);
  return i == s.size() || s[i] == '#' || s.substr(i, 2) == "//";
}

SourceLocation argumentAt(const Directive& d, std::size_t offset) {
  SourceLocation at = d.argumentWhere;
  at.column += static_cast<int>(offset);
  return at;
}

std::string locationText(const SourceLocation& where) {
  return where.file + ":" + std::to_string(where.line);
}

// A sed-like "/regex/replacement/flags" as #!subst takes it.
struct SubstExpression {
  std::string pattern;
  std::string replacement;  // backslash escapes still in place
  std::string flags;
};

std::optional<SubstExpression> splitSubst(std::string_view text) {
  if (text.size() < 4 || isIdentChar(text[0]) || text[0] == '\\') return std::nullopt;
  char separator = text[0];
  std::vector<std::string> parts(1);
  for (std::size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && text[i + 1] == separator) {
      parts.back() += separator;
      ++i;
    } else if (c == separator) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (parts.size() != 3) return std::nullopt;
  return SubstExpression{parts[0], parts[1], parts[2]};
}

// sed's \1 back references become std::regex_replace's $1; a literal $ is $$.
std::string toRegexFormat(std::string_view replacement) {
  std::string out;
  for (std::size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    if (c == '\\' && i + 1 < replacement.size()) {
      char n = replacement[++i];
      if (n >= '0' && n <= '9') {
        out += '$';
        out += n;
      } else if (n == '\\') {
        out += '\\';
      } else {
        out += '\\';
        out += n;
      }
    } else if (c == '$') {
      out += "$$";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Preprocessor::Preprocessor(const std::vector<PreprocessorDefine>& commandLineDefines) {
  for (const char* name : {"KEMID", "KAMAILIO_5", "KAMAILIO_5_6"}) {
    defines_[name] = Define{std::nullopt, "predefined"};
  }
  for (const auto& d : commandLineDefines) {
    if (!isIdentifier(d.name)) {
      throw ConfigError({}, "-A " + d.name + ": a define name must be an identifier");
    }
    auto it = defines_.find(d.name);
    if (it != defines_.end()) {
      throw ConfigError(
          {}, "-A " + d.name + ": '" + d.name + "' is already defined (" + it->second.origin + ")");
    }
    defines_[d.name] = Define{d.value, "defined with -A"};
  }
}

void Preprocessor::openMainFile(const std::string& path) {
  std::string error;
  auto content = readTextFile(path, error);
  if (!content) throw ConfigError({}, "cannot open config file '" + path + "': " + error);
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  sources_.push_back(
      Source{Lexer(std::move(*content), SourceLocation{path, 1, 1}, Lexer::Mode::File),
             path,
             canonical,
             "",
             {}});
  endWhere_ = SourceLocation{path, 1, 1};
}

Token Preprocessor::next() {
  if (peeked_) {
    Token token = std::move(*peeked_);
    peeked_.reset();
    return token;
  }
  return produce();
}

const Token& Preprocessor::peek() {
  if (!peeked_) peeked_ = produce();
  return *peeked_;
}

void Preprocessor::defineIfAbsent(const std::string& name) {
  defines_.try_emplace(name, Define{std::nullopt, "predefined by loadmodule"});
}

std::map<std::string, std::string, std::less<>> Preprocessor::definedValues() const {
  std::map<std::string, std::string, std::less<>> values;
  for (const auto& [name, define] : defines_) values.emplace(name, define.value.value_or(""));
  return values;
}

bool Preprocessor::taking() const {
  const auto& conditionals = sources_.back().conditionals;
  return conditionals.empty() || conditionals.back().taking();
}

Token Preprocessor::produce() {
  for (;;) {
    if (sources_.empty()) {
      Token end;
      end.spaceBefore = true;
      end.where = endWhere_;
      return end;
    }
    Source& top = sources_.back();
    if (top.isFile() && !taking()) {
      auto directive = top.lexer.nextConditional();
      if (!directive) {
        closeFile(top);
        continue;
      }
      handleConditional(*directive);
      continue;
    }
    Lexeme lexeme = top.lexer.next();
    if (auto* directive = std::get_if<Directive>(&lexeme)) {
      handleDirective(*directive);
      continue;
    }
    Token token = std::get<Token>(std::move(lexeme));
    if (token.kind == TokenKind::End) {
      if (top.isFile()) {
        if (sources_.size() == 1) endWhere_ = token.where;
        closeFile(top);
      } else {
        sources_.pop_back();
      }
      continue;
    }
    if (token.kind == TokenKind::Identifier &&
        (token.text == "include_file" || token.text == "import_file")) {
      Lexeme argument = top.lexer.next();
      auto* name = std::get_if<Token>(&argument);
      if (name == nullptr || name->kind != TokenKind::String) {
        SourceLocation at = name ? name->where : std::get<Directive>(argument).where;
        std::string found = name ? describeToken(*name) : "a preprocessor directive";
        throw ConfigError(at,
                          "expected a quoted file name after '" + token.text + "', found " + found);
      }
      include(applySubst(name->text), token.text == "include_file", token.where);
      continue;
    }
    if (token.kind == TokenKind::Identifier) {
      auto it = defines_.find(token.text);
      bool beingExpanded = false;
      for (const auto& source : sources_) beingExpanded |= source.expanding == token.text;
      // A define's value is scanned again in place of its name; a name met
      // again inside its own expansion stays an identifier.
      if (it != defines_.end() && !beingExpanded) {
        sources_.push_back(Source{Lexer(it->second.value.value_or(""), token.where,
                                        Lexer::Mode::Expansion, token.spaceBefore),
                                  "",
                                  {},
                                  token.text,
                                  {}});
        continue;
      }
    }
    if (token.kind == TokenKind::String) token.text = applySubst(std::move(token.text));
    return token;
  }
}

void Preprocessor::closeFile(const Source& source) {
  if (!source.conditionals.empty()) {
    const Conditional& open = source.conditionals.back();
    throw ConfigError(open.where, "'" + open.directive + "' has no matching '#!endif'");
  }
  sources_.pop_back();
}

void Preprocessor::handleDirective(const Directive& d) {
  const std::string& n = d.name;
  if (n == "ifdef" || n == "ifndef" || n == "else" || n == "endif") {
    handleConditional(d);
  } else if (n == "define" || n == "def") {
    handleDefine(d, DefineMode::Strict);
  } else if (n == "trydef" || n == "trydefine") {
    handleDefine(d, DefineMode::IfAbsent);
  } else if (n == "redefine" || n == "redef") {
    handleDefine(d, DefineMode::Replace);
  } else if (n == "subst" || n == "substdef" || n == "substdefs") {
    handleSubst(d);
  } else if (n == "defenv" || n == "defenvs" || n == "trydefenv" || n == "trydefenvs") {
    handleDefenv(d);
  } else {  // include_file, import_file
    include(applySubst(stringArgument(d)), n == "include_file", d.where);
  }
}

void Preprocessor::handleConditional(const Directive& d) {
  auto& conditionals = sources_.back().conditionals;
  std::string_view arg = d.argument;
  std::size_t i = skipBlanks(arg, 0);
  if (d.name == "ifdef" || d.name == "ifndef") {
    bool parentTaking = taking();
    std::string name = readName(arg, i);
    // Inside a skipped region only the nesting matters, as in Kamailio.
    if (parentTaking) {
      if (name.empty()) {
        throw ConfigError(argumentAt(d, i), "expected a name after '#!" + d.name + "'");
      }
      if (!onlyCommentLeft(arg, i)) {
        throw ConfigError(
            argumentAt(d, skipBlanks(arg, i)),
            "unexpected '" + trim(arg.substr(i)) + "' after '#!" + d.name + " " + name + "'");
      }
    }
    bool condition = isDefined(name) == (d.name == "ifdef");
    conditionals.push_back(
        Conditional{d.where, "#!" + d.name + " " + name, condition, parentTaking});
    return;
  }
  if (conditionals.empty()) {
    throw ConfigError(d.where, "'#!" + d.name + "' without a matching '#!ifdef' or '#!ifndef'");
  }
  Conditional& open = conditionals.back();
  if (open.parentTaking && !onlyCommentLeft(arg, i)) {
    throw ConfigError(argumentAt(d, i), "unexpected '" + trim(arg) + "' after '#!" + d.name + "'");
  }
  if (d.name == "endif") {
    conditionals.pop_back();
    return;
  }
  if (open.seenElse) {
    throw ConfigError(d.where, "second '#!else' for '" + open.directive + "' (at " +
                                   locationText(open.where) + ")");
  }
  open.seenElse = true;
}

void Preprocessor::handleDefine(const Directive& d, DefineMode mode) {
  std::string_view arg = d.argument;
  std::size_t i = skipBlanks(arg, 0);
  std::string name = readName(arg, i);
  if (name.empty()) {
    throw ConfigError(argumentAt(d, i), "expected a name after '#!" + d.name + "'");
  }
  if (i < arg.size() && arg[i] == '-') {
    throw ConfigError(argumentAt(d, i),
                      "'-' is not allowed in a define name (after '" + name + "')");
  }
  if (i < arg.size() && !isBlank(arg[i])) {
    throw ConfigError(argumentAt(d, i), "unexpected '" + std::string(1, arg[i]) + "' after '#!" +
                                            d.name + " " + name + "'");
  }
  // The value is the raw rest of the line; it is scanned where the name is used.
  std::string value = trim(arg.substr(i));
  define(name, value.empty() ? std::nullopt : std::optional<std::string>(value), mode,
         "at " + locationText(d.where), d.where);
}

void Preprocessor::handleDefenv(const Directive& d) {
  std::string_view arg = d.argument;
  std::size_t i = skipBlanks(arg, 0);
  std::string name = readName(arg, i);
  std::string variable = name;
  if (i < arg.size() && arg[i] == '=') {
    ++i;
    variable = readName(arg, i);
  }
  if (name.empty() || variable.empty() || !onlyCommentLeft(arg, i)) {
    throw ConfigError(argumentAt(d, 0),
                      "expected 'NAME=VARIABLE' or 'VARIABLE' after '#!" + d.name + "'");
  }
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr) {
    if (d.name.starts_with("try")) return;
    throw ConfigError(d.where, "environment variable '" + variable + "' is not set");
  }
  std::string text = value;
  if (d.name.ends_with("s")) text = "\"" + text + "\"";
  define(name, text, DefineMode::Strict, "at " + locationText(d.where), d.where);
}

void Preprocessor::handleSubst(const Directive& d) {
  std::string text = stringArgument(d);
  auto expression = splitSubst(text);
  if (!expression) {
    throw ConfigError(d.argumentWhere, "expected \"/regex/replacement/flags\" after '#!" + d.name +
                                           "', found \"" + text + "\"");
  }
  bool global = false;
  auto syntax = std::regex::extended;
  for (char flag : expression->flags) {
    if (flag == 'g') {
      global = true;
    } else if (flag == 'i') {
      syntax |= std::regex::icase;
    } else {
      throw ConfigError(d.argumentWhere, "unknown flag '" + std::string(1, flag) + "' in '#!" +
                                             d.name + "' (known: g, i)");
    }
  }
  std::regex pattern;
  try {
    pattern = std::regex(expression->pattern, syntax);
  } catch (const std::regex_error& e) {
    throw ConfigError(d.argumentWhere, "invalid regular expression '" + expression->pattern +
                                           "' in '#!" + d.name + "': " + e.what());
  }
  if (d.name != "subst") {
    // #!substdef also defines the pattern as a name, so it works outside strings too.
    if (!isIdentifier(expression->pattern)) {
      throw ConfigError(
          d.argumentWhere,
          "'#!" + d.name + "' needs an identifier as pattern, found '" + expression->pattern + "'");
    }
    std::string value = expression->replacement;
    if (d.name == "substdefs") value = "\"" + value + "\"";
    define(expression->pattern, value, DefineMode::Strict, "at " + locationText(d.where), d.where);
  }
  substRules_.push_back(
      SubstRule{std::move(pattern), toRegexFormat(expression->replacement), global});
}

std::string Preprocessor::stringArgument(const Directive& d) {
  Lexer lexer(d.argument, d.argumentWhere, Lexer::Mode::Fragment);
  Token token = std::get<Token>(lexer.next());
  if (token.kind != TokenKind::String) {
    throw ConfigError(token.where, "expected a quoted string after '#!" + d.name + "', found " +
                                       describeToken(token));
  }
  Token rest = std::get<Token>(lexer.next());
  if (rest.kind != TokenKind::End) {
    throw ConfigError(rest.where, "unexpected " + describeToken(rest) + " after the string of '#!" +
                                      d.name + "'");
  }
  return token.text;
}

void Preprocessor::define(const std::string& name, std::optional<std::string> value,
                          DefineMode mode, const std::string& origin, const SourceLocation& where) {
  auto it = defines_.find(name);
  if (it != defines_.end()) {
    if (mode == DefineMode::IfAbsent) return;
    if (mode == DefineMode::Strict) {
      throw ConfigError(where, "'" + name + "' is already defined (" + it->second.origin +
                                   "); use #!redefine to replace it or #!trydef to keep it");
    }
  }
  defines_[name] = Define{std::move(value), origin};
}

std::string Preprocessor::applySubst(std::string text) const {
  for (const auto& rule : substRules_) {
    text = std::regex_replace(text, rule.pattern, rule.format,
                              rule.global ? std::regex_constants::format_default
                                          : std::regex_constants::format_first_only);
  }
  return text;
}

void Preprocessor::include(const std::string& path, bool mustExist, const SourceLocation& where) {
  const char* directive = mustExist ? "include_file" : "import_file";
  if (path.empty()) throw ConfigError(where, std::string("empty file name in ") + directive);
  const Source* includer = nullptr;
  std::size_t depth = 0;
  for (const auto& source : sources_) {
    if (!source.isFile()) continue;
    includer = &source;
    ++depth;
  }
  // As Kamailio: the path as given (relative to the working directory), then
  // relative to the directory of the file that includes it.
  std::vector<fs::path> candidates{fs::path(path)};
  fs::path dir = fs::path(includer->file).parent_path();
  if (fs::path(path).is_relative() && !dir.empty()) candidates.push_back(dir / path);
  std::error_code ec;
  const fs::path* chosen = nullptr;
  for (const auto& candidate : candidates) {
    if (fs::exists(candidate, ec)) {
      chosen = &candidate;
      break;
    }
  }
  if (chosen == nullptr) {
    if (!mustExist) return;
    std::string tried = "'" + candidates[0].string() + "'";
    if (candidates.size() > 1) tried += " and '" + candidates[1].string() + "'";
    throw ConfigError(where, "cannot open included file '" + path + "' (tried " + tried + ")");
  }
  fs::path canonical = fs::weakly_canonical(*chosen, ec);
  bool alreadyOpen = std::any_of(sources_.begin(), sources_.end(), [&](const Source& s) {
    return s.isFile() && s.canonical == canonical;
  });
  if (alreadyOpen) {
    std::string chain;
    for (const auto& source : sources_) {
      if (source.isFile()) chain += source.file + " -> ";
    }
    throw ConfigError(where, "include loop: " + chain + chosen->string());
  }
  if (depth > kMaxIncludeDepth) {
    throw ConfigError(where, "include files are nested deeper than " +
                                 std::to_string(kMaxIncludeDepth) + " levels");
  }
  std::string error;
  auto content = readTextFile(*chosen, error);
  if (!content) {
    throw ConfigError(where, "cannot read included file '" + chosen->string() + "': " + error);
  }
  std::string file = chosen->string();
  sources_.push_back(
      Source{Lexer(std::move(*content), SourceLocation{file, 1, 1}, Lexer::Mode::File),
             file,
             canonical,
             "",
             {}});
}

}  // namespace kemid::cfg
