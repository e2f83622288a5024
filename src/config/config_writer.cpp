#include "config/config_writer.h"

#include "config/text_util.h"

#include <array>
#include <map>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "config/core_params.h"
#include "config/yaml_scalar.h"
#include "core/config_error.h"

namespace kemid {

namespace {

// Lines longer than this are written in block style instead of flow style.
constexpr std::size_t kFlowLineLimit = 100;

using yaml::QuoteFor;
using yaml::quoteString;

[[noreturn]] void unwritable(const std::string& what, const std::string& syntax,
                             const std::string& why) {
  throw ConfigError({}, what + " cannot be written as " + syntax + ": " + why);
}

// Text fit for a comment line: control characters become '?'.
std::string commentText(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

// The comment at the top of both outputs.
std::string header(const Config& config, std::string_view command, bool yaml) {
  std::string from = config.sourceFile.empty() ? "" : " from " + commentText(config.sourceFile);
  std::string out = "# Written by `" + std::string(command) + "`" + from +
                    ": the effective\n"
                    "# configuration, with defines, includes, variables and command-line options\n"
                    "# applied. Settings at their default value are left out.\n";
  if (yaml) out += "# docs/config.md describes every key.\n";
  if (!config.warnings.empty()) {
    out += "#\n# Not written here: Kamailio settings that kemid ignores\n";
    for (const auto& warning : config.warnings) out += "#   " + commentText(warning) + "\n";
  }
  return out;
}

bool sameSocket(const ListenAddress& a, const ListenAddress& b) {
  return a.transport == b.transport && a.host == b.host && a.port == b.port &&
         a.advertiseHost == b.advertiseHost && a.advertisePort == b.advertisePort;
}

// "[proto:]host[:port]", as parseListenAddress reads it.
std::string addressText(const ListenAddress& socket) {
  std::string text;
  if (socket.transport != Transport::Any) text = std::string(transportName(socket.transport)) + ":";
  text += socket.host;
  if (socket.port) text += ":" + std::to_string(*socket.port);
  return text;
}

std::string advertiseText(const ListenAddress& socket) {
  std::string text = socket.advertiseHost;
  if (socket.advertisePort) text += ":" + std::to_string(*socket.advertisePort);
  return text;
}

// Whether parseListenAddress reads `text` back as `expected` (name aside).
bool readsBackAs(const std::string& text, const ListenAddress& expected) {
  try {
    return sameSocket(parseListenAddress(text), expected);
  } catch (const std::invalid_argument&) {
    return false;
  }
}

ListenAddress withoutAdvertise(const ListenAddress& socket) {
  ListenAddress out = socket;
  out.advertiseHost.clear();
  out.advertisePort.reset();
  return out;
}

ListenAddress advertiseAsAddress(const ListenAddress& socket) {
  ListenAddress out;
  out.transport = Transport::Any;
  out.host = socket.advertiseHost;
  out.port = socket.advertisePort;
  return out;
}

std::string describeSocket(const ListenAddress& socket) {
  return "listen socket '" + addressText(socket) + "'";
}

// --- YAML ---------------------------------------------------------------

std::string yamlValue(const ParamValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  return quoteString(std::get<std::string>(value));
}

// `  key: [a, b]` when short, else a block list under `  key:`.
std::string yamlList(const std::string& key, const std::vector<std::string>& items,
                     bool flowAllowed) {
  std::string flow = "  " + key + ": [";
  for (std::size_t i = 0; i < items.size(); ++i) flow += (i ? ", " : "") + items[i];
  flow += "]";
  if (flowAllowed && flow.size() <= kFlowLineLimit) return flow + "\n";
  std::string block = "  " + key + ":\n";
  for (const auto& item : items) block += "    - " + item + "\n";
  return block;
}

// A listen socket: "[proto:]host[:port][/advertise]" or, with a name (or
// when that does not read back), {address: ..., advertise: ..., name: ...}.
std::string yamlSocket(const ListenAddress& socket, bool& isMap) {
  isMap = false;
  std::string text = addressText(socket);
  if (!socket.advertiseHost.empty()) text += "/" + advertiseText(socket);
  if (socket.name.empty() && readsBackAs(text, socket)) return quoteString(text);
  isMap = true;
  std::string address = addressText(socket);
  if (!readsBackAs(address, withoutAdvertise(socket))) {
    unwritable(describeSocket(socket), "YAML",
               "host '" + socket.host + "' does not read back (write an IPv6 address as [::1])");
  }
  std::string out = "{address: " + quoteString(address);
  if (!socket.advertiseHost.empty()) {
    std::string advertise = advertiseText(socket);
    if (!readsBackAs(advertise, advertiseAsAddress(socket))) {
      unwritable(describeSocket(socket), "YAML",
                 "advertised address '" + advertise + "' does not read back");
    }
    out += ", advertise: " + quoteString(advertise);
  }
  if (!socket.name.empty()) out += ", name: " + quoteString(socket.name);
  return out + "}";
}

std::string yamlCore(const CoreSettings& core) {
  const CoreSettings defaults;
  std::string out;
  for (const auto& param : cfg::coreParams()) {
    std::string name(param.name);
    switch (param.type) {
      case cfg::CoreParamType::Sockets: {
        if (core.listen.empty()) break;
        std::vector<std::string> items;
        bool anyMap = false;
        for (const auto& socket : core.listen) {
          bool isMap = false;
          items.push_back(yamlSocket(socket, isMap));
          anyMap |= isMap;
        }
        out += yamlList(name, items, !anyMap);
        break;
      }
      case cfg::CoreParamType::Aliases: {
        if (core.aliases.empty()) break;
        std::vector<std::string> items;
        for (const auto& alias : core.aliases) {
          try {
            parseListenAddress(alias);
          } catch (const std::invalid_argument& e) {
            unwritable("alias '" + alias + "'", "YAML", e.what());
          }
          items.push_back(quoteString(alias));
        }
        out += yamlList(name, items, true);
        break;
      }
      case cfg::CoreParamType::Int:
        if (param.getNumber(core) != param.getNumber(defaults)) {
          out += "  " + name + ": " + std::to_string(param.getNumber(core)) + "\n";
        }
        break;
      case cfg::CoreParamType::Bool:
        if (param.getNumber(core) != param.getNumber(defaults)) {
          out += "  " + name + ": " + (param.getNumber(core) ? "true" : "false") + "\n";
        }
        break;
      case cfg::CoreParamType::String:
      case cfg::CoreParamType::Keyword:
      case cfg::CoreParamType::HostPort:
        if (param.getString(core) != param.getString(defaults)) {
          out += "  " + name + ": " + quoteString(param.getString(core)) + "\n";
        }
        break;
    }
  }
  return out.empty() ? "" : "core:\n" + out;
}

// One modules item: `- sl`, `- tm: {fr_timer: 30000}`, or the same in block
// style when long. When the order between different parameters would be
// lost by grouping them by name, the ordered form: `- tm: [{a: 1}, {b: 2}, {a: 3}]`.
std::string yamlModule(const ModuleEntry& module) {
  bool defaultPath = module.path == module.name + ".so";
  if (module.params.empty() && defaultPath) return "  - " + quoteString(module.name) + "\n";

  // Parameters grouped by name, in order of first appearance.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  std::map<std::string, std::size_t> groupOf;
  for (const auto& param : module.params) {
    if (param.name == "path") {
      unwritable("parameter 'path' of module '" + module.name + "'", "YAML",
                 "'path:' gives the module's file there");
    }
    auto [it, inserted] = groupOf.emplace(param.name, groups.size());
    if (inserted) groups.emplace_back(param.name, std::vector<std::string>{});
    groups[it->second].second.push_back(yamlValue(param.value));
  }
  std::vector<std::string> groupedOrder;
  for (const auto& [name, values] : groups) {
    groupedOrder.insert(groupedOrder.end(), values.size(), name);
  }
  bool ordered = false;
  for (std::size_t i = 0; i < module.params.size(); ++i) {
    ordered |= groupedOrder[i] != module.params[i].name;
  }

  std::string key = quoteString(module.name, QuoteFor::Key);
  std::string path = defaultPath ? "" : quoteString(module.path);
  std::string flow;
  std::string block;
  if (!ordered) {
    std::vector<std::string> parts;
    if (!defaultPath) {
      parts.push_back("path: " + path);
      block += "      path: " + path + "\n";
    }
    for (const auto& [name, values] : groups) {
      std::string k = quoteString(name, QuoteFor::Key);
      if (values.size() == 1) {
        parts.push_back(k + ": " + values[0]);
        block += "      " + k + ": " + values[0] + "\n";
        continue;
      }
      std::string list;
      block += "      " + k + ":\n";
      for (const auto& value : values) {
        list += (list.empty() ? "" : ", ") + value;
        block += "        - " + value + "\n";
      }
      parts.push_back(k + ": [" + list + "]");
    }
    for (std::size_t i = 0; i < parts.size(); ++i) flow += (i ? ", " : "{") + parts[i];
    flow += "}";
  } else {
    std::vector<std::string> parts;
    if (!defaultPath) parts.push_back("path: " + path);
    for (const auto& param : module.params) {
      parts.push_back(quoteString(param.name, QuoteFor::Key) + ": " + yamlValue(param.value));
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
      flow += (i ? ", {" : "[{") + parts[i] + "}";
      block += "      - " + parts[i] + "\n";
    }
    flow += "]";
  }
  std::string line = "  - " + key + ": " + flow;
  if (line.size() <= kFlowLineLimit) return line + "\n";
  return "  - " + key + ":\n" + block;
}

// --- kamailio.cfg -------------------------------------------------------

// A string in double quotes with the escapes the cfg lexer decodes.
std::string cfgQuote(std::string_view text) {
  return cfg::doubleQuoted(text);
}

// Whether `text` can stand unquoted as an address in listen/alias/advertise:
// the cfg parser joins the tokens written without space between them.
bool isCfgAddress(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && std::string_view("_:.[]-*%").find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string cfgSocket(const ListenAddress& socket) {
  std::string out = addressText(socket);
  if (!isCfgAddress(out) || !readsBackAs(out, withoutAdvertise(socket))) {
    // A quoted socket is a host name taken literally, without protocol or port.
    if (socket.transport != Transport::Any || socket.port) {
      unwritable(describeSocket(socket), "kamailio.cfg",
                 "host '" + socket.host + "' does not read back (write an IPv6 address as [::1])");
    }
    out = cfgQuote(socket.host);
  }
  if (!socket.advertiseHost.empty()) {
    std::string advertise = advertiseText(socket);
    if (isCfgAddress(advertise) && readsBackAs(advertise, advertiseAsAddress(socket))) {
      out += " advertise " + advertise;
    } else if (!socket.advertisePort) {
      out += " advertise " + cfgQuote(socket.advertiseHost);
    } else {
      unwritable(describeSocket(socket), "kamailio.cfg",
                 "advertised address '" + advertise + "' does not read back");
    }
  }
  if (!socket.name.empty()) out += " name " + cfgQuote(socket.name);
  return out;
}

std::string cfgCore(const CoreSettings& core) {
  const CoreSettings defaults;
  std::string out;
  for (const auto& param : cfg::coreParams()) {
    std::string name(param.name);
    switch (param.type) {
      case cfg::CoreParamType::Sockets:
        for (const auto& socket : core.listen) out += name + "=" + cfgSocket(socket) + "\n";
        break;
      case cfg::CoreParamType::Aliases:
        for (const auto& alias : core.aliases) {
          bool bare = isCfgAddress(alias);
          if (bare) {
            try {
              parseListenAddress(alias);
            } catch (const std::invalid_argument&) {
              bare = false;
            }
          }
          out += name + "=" + (bare ? alias : cfgQuote(alias)) + "\n";
        }
        break;
      case cfg::CoreParamType::Int:
        if (param.getNumber(core) != param.getNumber(defaults)) {
          out += name + "=" + std::to_string(param.getNumber(core)) + "\n";
        }
        break;
      case cfg::CoreParamType::Bool:
        if (param.getNumber(core) != param.getNumber(defaults)) {
          out += name + "=" + (param.getNumber(core) ? "yes" : "no") + "\n";
        }
        break;
      case cfg::CoreParamType::Keyword:  // a bare name: LOG_LOCAL0
        if (param.getString(core) != param.getString(defaults)) {
          out += name + "=" + param.getString(core) + "\n";
        }
        break;
      case cfg::CoreParamType::String:
      case cfg::CoreParamType::HostPort:
        if (param.getString(core) != param.getString(defaults)) {
          out += name + "=" + cfgQuote(param.getString(core)) + "\n";
        }
        break;
    }
  }
  return out;
}

// modparam's module argument is an anchored POSIX extended regex: the
// module's name with its special characters escaped matches only itself.
std::string moduleRegex(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::string_view(".[]()*+?{}|^$\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string cfgValue(const ParamValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  return cfgQuote(std::get<std::string>(value));
}

}  // namespace

std::string writeYamlConfig(const Config& config) {
  std::string out = header(config, "kemid --dump-config", true);
  if (std::string core = yamlCore(config.core); !core.empty()) out += "\n" + core;
  if (!config.modules.empty()) {
    out += "\nmodules:\n";
    for (const auto& module : config.modules) out += yamlModule(module);
  }
  if (!config.cfgengine.empty()) out += "\ncfgengine: " + quoteString(config.cfgengine) + "\n";
  return out;
}

std::string writeCfgConfig(const Config& config) {
  std::string out = "#!KAMAILIO\n#\n" + header(config, "kemid --dump-config=cfg", false);
  std::string core = cfgCore(config.core);
  if (!core.empty()) out += "\n" + core;
  if (!config.modules.empty()) {
    out += "\n";
    for (const auto& module : config.modules) {
      out += "loadmodule " + cfgQuote(module.path) + "\n";
    }
    std::string params;
    for (const auto& module : config.modules) {
      std::string pattern = cfgQuote(moduleRegex(module.name));
      for (const auto& param : module.params) {
        params += "modparam(" + pattern + ", " + cfgQuote(param.name) + ", " +
                  cfgValue(param.value) + ")\n";
      }
    }
    if (!params.empty()) out += "\n" + params;
  }
  if (!config.cfgengine.empty()) out += "\ncfgengine " + cfgQuote(config.cfgengine) + "\n";
  return out;
}

}  // namespace kemid
