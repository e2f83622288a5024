#pragma once
// The kamailio.cfg preprocessor: turns the files into one
// stream of tokens for the parser. It runs the #! directives (defines,
// #!ifdef regions, #!subst rules, includes), replaces defined identifiers by
// their values and follows include_file/import_file.
//
// Where kemid is deliberately stricter than Kamailio 5.6:
// - #!ifdef/#!endif must balance within each file, a stray #!else is an
//   error (Kamailio warns), and text after `#!ifdef NAME` other than a
//   comment is an error (Kamailio prints it and goes on);
// - a define met again inside its own expansion stays an identifier instead
//   of expanding forever;
// - any identifier can be a define, including words Kamailio reserves as
//   keywords (yes/no/on/off... are numbers and never substituted);
// - #!substdef values are literal: `$` is not evaluated as a pseudo-variable.

#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "config/cfg_lexer.h"
#include "config/config_loader.h"

namespace kemid::cfg {

class Preprocessor {
 public:
  // Defines the predefined names (KEMID, KAMAILIO_5, KAMAILIO_5_6) and the
  // command line's -A defines; a -A name defined twice is a ConfigError.
  explicit Preprocessor(const std::vector<PreprocessorDefine>& commandLineDefines);

  // Starts reading `path`; throws ConfigError if it cannot be read.
  void openMainFile(const std::string& path);

  // The next token after preprocessing; End (repeatedly) once the main file
  // is exhausted. Throws ConfigError for preprocessor errors.
  Token next();
  // The token next() will return, without consuming it.
  const Token& peek();

  bool isDefined(const std::string& name) const { return defines_.count(name) > 0; }
  // Defines `name` without a value unless it already exists (MOD_<module>
  // after a loadmodule, as Kamailio does).
  void defineIfAbsent(const std::string& name);
  // Every name defined now, with its value ("" for none).
  std::map<std::string, std::string, std::less<>> definedValues() const;

 private:
  struct Define {
    std::optional<std::string> value;
    std::string origin;  // "predefined", "-A", or "file:line"
  };

  // An open #!ifdef/#!ifndef.
  struct Conditional {
    SourceLocation where;
    std::string directive;  // "#!ifdef NAME", for messages
    bool condition;         // the test's result
    bool parentTaking;      // whether the enclosing region is read
    bool seenElse = false;
    bool taking() const { return parentTaking && (seenElse ? !condition : condition); }
  };

  // A file being read or a define's value being rescanned.
  struct Source {
    Lexer lexer;
    std::string file;                       // as opened (files only)
    std::filesystem::path canonical;        // for include loop detection (files only)
    std::string expanding;                  // the define's name (expansions only)
    std::vector<Conditional> conditionals;  // open #!ifdefs of this file
    bool isFile() const { return expanding.empty(); }
  };

  struct SubstRule {
    std::regex pattern;
    std::string format;  // std::regex_replace format
    bool global;
  };

  enum class DefineMode { Strict, IfAbsent, Replace };

  Token produce();
  bool taking() const;
  void handleDirective(const Directive& d);
  void handleConditional(const Directive& d);
  void handleDefine(const Directive& d, DefineMode mode);
  void handleDefenv(const Directive& d);
  void handleSubst(const Directive& d);
  void include(const std::string& path, bool mustExist, const SourceLocation& where);
  void define(const std::string& name, std::optional<std::string> value, DefineMode mode,
              const std::string& origin, const SourceLocation& where);
  std::string applySubst(std::string text) const;
  // The one string argument of an #!include_file/#!subst... line.
  std::string stringArgument(const Directive& d);
  void closeFile(const Source& source);

  std::map<std::string, Define> defines_;
  std::vector<SubstRule> substRules_;
  std::vector<Source> sources_;
  std::optional<Token> peeked_;
  SourceLocation endWhere_;
};

}  // namespace kemid::cfg
