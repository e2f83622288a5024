#include "config/cfg_parser.h"

#include <algorithm>
#include <array>
#include <regex>
#include <set>
#include <stdexcept>
#include <utility>

#include "config/core_params.h"
#include "config/module_rules.h"
#include "core/config_error.h"

namespace kemid::cfg {

namespace {

constexpr std::array<std::string_view, 8> kRouteBlocks = {
    "request_route", "route",       "branch_route", "failure_route",
    "onreply_route", "reply_route", "onsend_route", "event_route"};

// Kamailio statements kemid does not read.
constexpr std::array<std::string_view, 4> kUnsupportedStatements = {"loadmodulex", "modparamx",
                                                                    "flags", "avpflags"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool sameLine(const Token& a, const Token& b) {
  return a.where.file == b.where.file && a.where.line == b.where.line;
}

// A token that can be part of an unquoted address: udp:127.0.0.1:5060, [::1], my-host.
bool isAddressPart(const Token& t) {
  switch (t.kind) {
    case TokenKind::Identifier:
    case TokenKind::Number:
    case TokenKind::BadNumber:
      return true;
    case TokenKind::Punct:
      return std::string_view(":.[]-*%").find(t.text[0]) != std::string_view::npos;
    default:
      return false;
  }
}

// parseListenAddress, with its complaint turned into a ConfigError at `where`.
ListenAddress parseAddress(const std::string& text, const SourceLocation& where,
                           const std::string& statement) {
  try {
    return parseListenAddress(text);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(where, statement + ": " + e.what());
  }
}

[[noreturn]] void fail(const SourceLocation& where, const std::string& text) {
  throw ConfigError(where, text);
}

[[noreturn]] void expected(const Token& found, const std::string& what, const std::string& after) {
  fail(found.where, "expected " + what + " after '" + after + "', found " + describeToken(found));
}

class Parser {
 public:
  Parser(Preprocessor& tokens, Config& config) : tokens_(tokens), config_(config) {}

  void run() {
    for (;;) {
      Token t = tokens_.next();
      if (t.kind == TokenKind::End) return;
      if (t.isPunct(';')) continue;  // an empty statement
      if (t.kind != TokenKind::Identifier) {
        fail(t.where,
             "expected a statement (a core parameter, loadmodule, modparam or cfgengine), found " +
                 describeToken(t));
      }
      statement(t);
    }
  }

 private:
  void statement(const Token& keyword) {
    const std::string& name = keyword.text;
    if (contains(kRouteBlocks, name)) {
      fail(keyword.where,
           "'" + name + "': native routing blocks are not supported; use cfgengine \"lua\"");
    }
    if (contains(kUnsupportedStatements, name)) {
      fail(keyword.where, "'" + name + "' is not supported by kemid");
    }
    if (name == "loadmodule") return loadModule();
    if (name == "modparam") return modparam(keyword);
    if (name == "cfgengine") return cfgengine(keyword);
    if (tokens_.peek().isPunct('.')) return customVariable(keyword);
    if (const CoreParam* param = findCoreParam(name)) return coreParam(keyword, *param);
    if (isIgnoredCoreParam(name)) return ignoredParam(keyword);
    std::string text = "unknown core parameter '" + name + "'";
    if (std::string suggestion = suggestCoreParam(name); !suggestion.empty()) {
      text += "; did you mean '" + suggestion + "'?";
    }
    fail(keyword.where, text);
  }

  // Consumes the '=' after a parameter name; returns how to refer to the
  // place after it in messages ("children =").
  std::string expectEquals(const Token& keyword, bool optional) {
    const Token& t = tokens_.peek();
    if (t.isPunct('=')) {
      tokens_.next();
      return keyword.text + " =";
    }
    if (!optional) expected(t, "'='", keyword.text);
    return keyword.text;
  }

  struct NumberValue {
    std::int64_t value;
    SourceLocation where;
  };

  // A number, with Kamailio's unary minus.
  NumberValue number(const std::string& what, const std::string& after) {
    Token t = tokens_.next();
    SourceLocation where = t.where;
    bool negative = t.isPunct('-');
    if (negative) t = tokens_.next();
    if (t.kind != TokenKind::Number) expected(t, what, after);
    return NumberValue{negative ? -t.number : t.number, where};
  }

  Token quotedString(const std::string& what, const std::string& after) {
    Token t = tokens_.next();
    if (t.kind != TokenKind::String) expected(t, what, after);
    return t;
  }

  // The unquoted address that starts with `first`: it runs on over the
  // tokens written without space after it. `last` becomes its last token.
  std::string address(const Token& first, Token& last) {
    std::string text = first.text;
    last = first;
    for (;;) {
      const Token& n = tokens_.peek();
      if (n.spaceBefore || !sameLine(last, n) || !isAddressPart(n)) return text;
      last = tokens_.next();
      text += last.text;
    }
  }

  // Whether another item of a listen/alias list follows on the same line.
  // Kamailio lets the list run on over the next lines, which swallows a
  // following statement that looks like a host; kemid ends it with the line.
  bool listContinues(const Token& last) {
    const Token& n = tokens_.peek();
    return n.kind != TokenKind::End && !n.isPunct(';') && sameLine(last, n);
  }

  void coreParam(const Token& keyword, const CoreParam& param) {
    std::string after = expectEquals(keyword, param.equalsOptional);
    switch (param.type) {
      case CoreParamType::Int:
      case CoreParamType::Bool: {
        auto [value, where] = number("a number", after);
        if (std::string why = checkCoreRange(param, value); !why.empty()) {
          fail(where, "'" + keyword.text + "' " + why);
        }
        param.setNumber(config_.core, value);
        return;
      }
      case CoreParamType::String: {
        Token t = quotedString("a quoted string", after);
        if (param.check != nullptr) {
          if (std::string why = param.check(t.text); !why.empty()) {
            fail(t.where, keyword.text + ": " + why);
          }
        }
        param.setString(config_.core, t.text);
        return;
      }
      case CoreParamType::Keyword: {
        Token t = tokens_.next();
        if (t.kind != TokenKind::Identifier) expected(t, std::string(param.hint), after);
        if (std::string why = param.check(t.text); !why.empty()) fail(t.where, why);
        param.setString(config_.core, t.text);
        return;
      }
      case CoreParamType::HostPort: {
        // "IP:PORT", quoted or not, as a listen address is written.
        Token t = tokens_.next();
        std::string text = t.text;
        if (t.kind != TokenKind::String) {
          if (!isAddressPart(t)) expected(t, "IP:PORT (such as 127.0.0.1:9060)", after);
          Token last;
          text = address(t, last);
        }
        if (std::string why = checkHostPort(text); !why.empty()) {
          fail(t.where, keyword.text + ": " + why);
        }
        param.setString(config_.core, text);
        return;
      }
      case CoreParamType::Sockets:
        return listen(after);
      case CoreParamType::Aliases:
        return alias(after);
    }
  }

  // listen = SOCKET [SOCKET...] [advertise HOST[:PORT]] [name "NAME"] [virtual]
  void listen(const std::string& after) {
    std::vector<ListenAddress> sockets;
    std::string advertiseHost;
    std::optional<int> advertisePort;
    std::string socketName;
    Token last;
    Token t = tokens_.next();
    for (bool first = true;; first = false) {
      if (!first) {
        if (!listContinues(last)) break;
        t = tokens_.next();
      }
      if (!sockets.empty() && t.isIdentifier("advertise")) {
        Token a = tokens_.next();
        last = a;
        if (a.kind == TokenKind::String) {
          advertiseHost = a.text;
        } else if (isAddressPart(a)) {
          std::string text = address(a, last);
          ListenAddress parsed = parseAddress(text, a.where, "advertise");
          if (parsed.transport != Transport::Any) {
            fail(a.where, "advertise: bad address '" + text + "': no protocol is allowed here");
          }
          advertiseHost = parsed.host;
          advertisePort = parsed.port;
        } else {
          expected(a, "an address such as 203.0.113.1:5060", "advertise");
        }
      } else if (!sockets.empty() && t.isIdentifier("name")) {
        last = quotedString("a quoted socket name", "name");
        socketName = last.text;
      } else if (!sockets.empty() && t.isIdentifier("virtual")) {
        last = t;
        warnOnce("listen:virtual", t.where,
                 "listen option 'virtual' is not implemented by kemid and is ignored");
      } else if (t.kind == TokenKind::String) {
        // As in Kamailio, a quoted socket is a host name taken literally.
        last = t;
        ListenAddress socket;
        socket.transport = Transport::Any;
        socket.host = t.text;
        socket.where = t.where;
        sockets.push_back(std::move(socket));
      } else if (isAddressPart(t)) {
        std::string text = address(t, last);
        ListenAddress socket = parseAddress(text, t.where, "listen");
        socket.where = t.where;
        sockets.push_back(std::move(socket));
      } else if (sockets.empty()) {
        expected(t, "a socket such as udp:127.0.0.1:5060", after);
      } else {
        fail(t.where, "unexpected " + describeToken(t) +
                          " in the socket list of 'listen' (end the statement with ';' or a new "
                          "line)");
      }
    }
    for (auto& socket : sockets) {
      socket.advertiseHost = advertiseHost;
      socket.advertisePort = advertisePort;
      socket.name = socketName;
      config_.core.listen.push_back(std::move(socket));
    }
  }

  // alias = [proto:]host[:port] ... ; a quoted alias is a literal host name.
  void alias(const std::string& after) {
    Token last;
    Token t = tokens_.next();
    for (bool first = true;; first = false) {
      if (!first) {
        if (!listContinues(last)) return;
        t = tokens_.next();
      }
      if (t.kind == TokenKind::String) {
        last = t;
        config_.core.aliases.push_back(t.text);
      } else if (isAddressPart(t)) {
        std::string text = address(t, last);
        parseAddress(text, t.where, "alias");
        config_.core.aliases.push_back(text);
      } else if (first) {
        expected(t, "a host name such as example.com or udp:example.com:5060", after);
      } else {
        fail(t.where, "unexpected " + describeToken(t) +
                          " in the list of 'alias' (end the statement with ';' or a new line)");
      }
    }
  }

  // A Kamailio parameter kemid does not implement: its value is read and dropped.
  void ignoredParam(const Token& keyword) {
    std::string after = expectEquals(keyword, false);
    Token t = tokens_.next();
    if (t.isPunct('-')) {
      t = tokens_.next();
      if (t.kind != TokenKind::Number) expected(t, "a number", after + " -");
    } else if (t.kind != TokenKind::String) {
      // A number, a name or an address such as 1.2.3.4.
      if (!isAddressPart(t)) expected(t, "a value", after);
      Token last;
      address(t, last);
    }
    warnOnce(keyword.text, keyword.where, ignoredParamWarning(keyword.text));
  }

  // group.name = value [desc "text"]: a cfg framework variable (or kemi.*).
  void customVariable(const Token& group) {
    tokens_.next();
    Token name = tokens_.next();
    if (name.kind != TokenKind::Identifier) expected(name, "a variable name", group.text + ".");
    std::string full = group.text + "." + name.text;
    Token fullToken = name;
    fullToken.text = full;
    std::string after = expectEquals(fullToken, false);
    const Token& value = tokens_.peek();
    if (value.kind == TokenKind::String) {
      tokens_.next();
    } else {
      number("a number or a quoted string", after);
    }
    if (tokens_.peek().isIdentifier("desc")) {
      tokens_.next();
      quotedString("a quoted description", "desc");
    }
    std::string what = group.text == "kemi" ? "parameter" : "custom cfg variable";
    warnOnce(full, group.where,
             what + " '" + full + "' is not implemented by kemid and is ignored");
  }

  // loadmodule "NAME-OR-PATH"
  void loadModule() {
    Token t = quotedString("a quoted module name or path", "loadmodule");
    std::string name = moduleNameOfPath(t.text);
    if (name.empty()) fail(t.where, "no module name in loadmodule \"" + t.text + "\"");
    if (std::string why = checkModuleNotLoaded(config_, name); !why.empty()) fail(t.where, why);
    ModuleEntry entry;
    entry.name = name;
    entry.path = t.text;
    entry.where = t.where;
    config_.modules.push_back(std::move(entry));
    tokens_.defineIfAbsent("MOD_" + name);
  }

  // modparam("module-regex", "name", value)
  void modparam(const Token& keyword) {
    constexpr std::string_view kArity =
        "modparam takes 3 arguments (module, parameter, value), found ";
    Token open = tokens_.next();
    if (!open.isPunct('(')) expected(open, "'('", "modparam");
    Token module = quotedString("a quoted module name", "modparam(");

    Token separator = tokens_.next();
    if (separator.isPunct(')')) fail(separator.where, std::string(kArity) + "1");
    if (!separator.isPunct(',')) expected(separator, "','", "the module name of modparam");
    Token name = quotedString("a quoted parameter name", "the module name of modparam,");

    separator = tokens_.next();
    if (separator.isPunct(')')) fail(separator.where, std::string(kArity) + "2");
    if (!separator.isPunct(',')) expected(separator, "','", "the parameter name of modparam");
    const std::string valueAfter = "the parameter name of modparam,";
    ParamValue value;
    if (tokens_.peek().kind == TokenKind::String) {
      value = tokens_.next().text;
    } else {
      value = number("a value (a quoted string or a number)", valueAfter).value;
    }

    Token close = tokens_.next();
    if (close.isPunct(',')) fail(close.where, std::string(kArity) + "more than 3");
    if (!close.isPunct(')')) expected(close, "')'", "the value of modparam");

    // Kamailio matches the module argument as an anchored, case-insensitive
    // POSIX extended regex against the modules loaded so far.
    std::regex pattern;
    try {
      pattern = std::regex("^(" + module.text + ")$", std::regex::extended | std::regex::icase);
    } catch (const std::regex_error& e) {
      fail(module.where, "bad module name pattern '" + module.text + "' in modparam: " + e.what());
    }
    bool matched = false;
    for (auto& entry : config_.modules) {
      if (!std::regex_match(entry.name, pattern)) continue;
      entry.params.push_back(ModuleParam{name.text, value, keyword.where});
      matched = true;
    }
    if (!matched) {
      fail(module.where, "no loaded module matches '" + module.text +
                             "' (modparam must come after its loadmodule)");
    }
  }

  // cfgengine "lua" (or cfgengine = "lua")
  void cfgengine(const Token& keyword) {
    std::string after = expectEquals(keyword, true);
    Token t = quotedString("a quoted engine name such as \"lua\"", after);
    std::string why = checkCfgEngine(t.text, config_, "put loadmodule \"app_lua.so\" before it");
    if (!why.empty()) fail(t.where, why);
    config_.cfgengine = cfgEngineName(t.text);
  }

  void warnOnce(const std::string& key, const SourceLocation& where, const std::string& text) {
    if (!warned_.insert(key).second) return;
    config_.warnings.push_back(where.file + ":" + std::to_string(where.line) + ": " + text);
  }

  Preprocessor& tokens_;
  Config& config_;
  std::set<std::string> warned_;
};

}  // namespace

void parseConfig(Preprocessor& tokens, Config& config) {
  Parser(tokens, config).run();
}

}  // namespace kemid::cfg
