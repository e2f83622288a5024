#include "config/yaml_loader.h"

#include "config/text_util.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "config/core_params.h"
#include "config/env_substitution.h"
#include "config/module_rules.h"
#include "config/yaml_scalar.h"
#include "core/config_error.h"
#include "core/suggest.h"

namespace kemid {

namespace {

namespace fs = std::filesystem;
using yaml::ScalarType;

// As the cfg frontend: it also stops runaway include chains early.
constexpr std::size_t kMaxIncludeDepth = 10;

constexpr std::array<std::string_view, 4> kTopLevelKeys = {"include", "core", "modules",
                                                           "cfgengine"};
constexpr std::array<std::string_view, 3> kSocketKeys = {"address", "advertise", "name"};

SourceLocation locationOf(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};  // yaml-cpp counts from 0
}

// Where `text` stops being what YAML 1.2 §5.1 allows in a stream:
// printable Unicode in UTF-8 (tab, line breaks, no other control
// character); nullopt when all of it is. yaml-cpp 0.7 loops forever on
// some inputs that are not (found by tests/fuzz/yaml_fuzzer), so the
// loader refuses them first.
std::optional<SourceLocation> firstUnprintable(const std::string& file, std::string_view text) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80       ? 1
                               : byte >> 5 == 6  ? 2
                               : byte >> 4 == 14 ? 3
                               : byte >> 3 == 30 ? 4
                                                 : 0;
    if (length == 0 || i + length > text.size()) return SourceLocation{file, line, column};
    char32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next >> 6 != 2) return SourceLocation{file, line, column};
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
    const bool printable = code == '\t' || code == '\n' || code == '\r' ||
                           (code >= 0x20 && code <= 0x7E) || code == 0x85 ||
                           (code >= 0xA0 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) ||
                           (code >= 0x10000 && code <= 0x10FFFF);
    if (!printable || code < kShortest[length]) return SourceLocation{file, line, column};
    if (code == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}

// yaml-cpp 0.7 also loops forever on some printable input (a tag followed
// by ',' at the top level, "!a,"; found by fuzzing). The documents are read
// on a thread of their own; one that has not finished after this long is
// reported as a config error, and kemid, which then exits, ends it.
constexpr auto kYamlReadLimit = std::chrono::seconds(3);

std::vector<YAML::Node> loadDocuments(const std::string& file, const std::string& content) {
  struct Reading {
    std::string content;
    std::promise<std::vector<YAML::Node>> documents;
  };
  auto reading = std::make_shared<Reading>();
  reading->content = content;
  auto documents = reading->documents.get_future();
  std::thread([reading] {
    try {
      reading->documents.set_value(YAML::LoadAll(reading->content));
    } catch (...) {
      reading->documents.set_exception(std::current_exception());
    }
  }).detach();
  if (documents.wait_for(kYamlReadLimit) != std::future_status::ready) {
    throw ConfigError(SourceLocation{file, 1, 1},
                      "the YAML parser (yaml-cpp) did not finish reading the file in " +
                          std::to_string(kYamlReadLimit.count()) +
                          " s; a tag (!...) followed by ',' makes it loop");
  }
  return documents.get();
}

// A scalar after ${VAR} substitution, typed.
struct Scalar {
  ScalarType type = ScalarType::Null;
  std::string text;
  bool quoted = false;  // written in quotes (or as !!str): a string whatever it looks like
  bool boolean = false;
  std::int64_t integer = 0;
  bool outOfRange = false;
};

struct MapEntry;

// One node of a file being read: where it is, its schema path
// (`modules[2].tm.fr_timer`) and typed access that fails with both.
class Item {
 public:
  Item(YAML::Node node, const std::string& file, std::string path,
       const yaml::VariableLookup& lookup, std::optional<YAML::Mark> keyMark = std::nullopt)
      : node_(std::move(node)),
        file_(&file),
        path_(std::move(path)),
        lookup_(&lookup),
        keyMark_(keyMark) {}

  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }

  // A missing value (`key:` and nothing) has no place of its own: yaml-cpp
  // marks the next token, so the key's place is reported instead.
  SourceLocation where() const {
    return locationOf(*file_, node_.IsNull() && keyMark_ ? *keyMark_ : node_.Mark());
  }

  [[noreturn]] void fail(const std::string& text) const {
    throw ConfigError(where(), path_.empty() ? text : path_ + ": " + text);
  }

  bool isNull() const { return node_.IsNull(); }
  bool isScalar() const { return node_.IsScalar(); }
  bool isSequence() const { return node_.IsSequence(); }
  bool isMap() const { return node_.IsMap(); }

  Scalar scalar() const {
    Scalar out;
    if (!node_.IsScalar()) return out;  // Null
    try {
      out.text = yaml::substituteVariables(node_.Scalar(), *lookup_);
    } catch (const std::invalid_argument& e) {
      fail(e.what());
    }
    const std::string& tag = node_.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") {
      out.type = ScalarType::String;
      out.quoted = true;
      return out;
    }
    // !!int and !!bool type a quoted value, such as !!int "${PORT}" in a flow
    // collection, where ${...} must be quoted.
    const bool typedTag = tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:bool";
    if (tag != "?" && !typedTag) {
      fail("unsupported tag '" + tag + "' (kemid knows !!str, !!int and !!bool)");
    }
    yaml::PlainScalar plain = yaml::resolvePlain(out.text);
    if (tag == "tag:yaml.org,2002:int" && plain.type != ScalarType::Int) {
      fail("!!int: expected an integer, found " + yaml::describeString(out.text));
    }
    if (tag == "tag:yaml.org,2002:bool" && plain.type != ScalarType::Bool) {
      fail("!!bool: expected true or false, found " + yaml::describeString(out.text));
    }
    out.type = plain.type;
    out.boolean = plain.boolean;
    out.integer = plain.integer;
    out.outOfRange = plain.outOfRange;
    return out;
  }

  // "30s" with its quotes, 5, true, a list, ... for "found ..." in messages.
  std::string describe() const {
    if (node_.IsSequence()) return "a list";
    if (node_.IsMap()) return "a map";
    Scalar s = scalar();
    switch (s.type) {
      case ScalarType::Null:
        return "no value";
      case ScalarType::String:
        return yaml::describeString(s.text);
      default:
        return s.text;
    }
  }

  std::int64_t integer() const {
    Scalar s = scalar();
    if (s.type == ScalarType::Int) {
      if (s.outOfRange) fail("integer " + s.text + " is out of range");
      return s.integer;
    }
    std::string hint;
    if (s.quoted && yaml::resolvePlain(s.text).type == ScalarType::Int) {
      hint = " (a quoted value is a string: remove the quotes)";
    }
    fail("expected an integer, found " + describe() + hint);
  }

  // A boolean, or a number as kamailio.cfg reads it (non-zero is true).
  bool boolean() const {
    Scalar s = scalar();
    if (s.type == ScalarType::Bool) return s.boolean;
    if (s.type == ScalarType::Int) return s.integer != 0 || s.outOfRange;
    std::string hint;
    if (s.quoted && yaml::resolvePlain(s.text).type == ScalarType::Bool) {
      hint = " (a quoted value is a string: remove the quotes)";
    }
    fail("expected true or false, found " + describe() + hint);
  }

  // A string; `what` names it in the message ("a string", "a module name").
  std::string string(const std::string& what = "a string") const {
    Scalar s = scalar();
    if (s.type == ScalarType::String) return s.text;
    std::string hint;
    if (s.type != ScalarType::Null && node_.IsScalar()) {
      hint = " (quote it to make it a string)";
    }
    fail("expected " + what + ", found " + describe() + hint);
  }

  // A modparam value: an integer (a boolean is 1 or 0, as in kamailio.cfg)
  // or a string.
  ParamValue paramValue() const {
    if (!node_.IsScalar()) {
      fail("expected a value (an integer or a string), found " + describe());
    }
    Scalar s = scalar();
    switch (s.type) {
      case ScalarType::Int:
        if (s.outOfRange) fail("integer " + s.text + " is out of range");
        return s.integer;
      case ScalarType::Bool:
        return std::int64_t{s.boolean ? 1 : 0};
      case ScalarType::String:
        return s.text;
      case ScalarType::Float:
        fail("expected an integer or a string, found " + s.text +
             " (quote it to make it a string)");
      case ScalarType::Null:
        break;
    }
    fail("expected a value (an integer or a string), found no value");
  }

  std::vector<Item> elements() const {
    std::vector<Item> out;
    std::size_t index = 0;
    for (const auto& element : node_) {
      out.emplace_back(element, *file_, path_ + "[" + std::to_string(index++) + "]", *lookup_);
    }
    return out;
  }

  // The entries of a map, in file order. Keys are names, taken literally (no
  // substitution); a key given twice is an error, `duplicateHint` added.
  std::vector<MapEntry> entries(const std::string& duplicateHint = "") const;

 private:
  YAML::Node node_;
  const std::string* file_;
  std::string path_;
  const yaml::VariableLookup* lookup_;
  std::optional<YAML::Mark> keyMark_;
};

struct MapEntry {
  std::string key;
  SourceLocation keyWhere;
  Item value;
};

std::vector<MapEntry> Item::entries(const std::string& duplicateHint) const {
  std::vector<MapEntry> out;
  std::map<std::string, SourceLocation> seen;
  for (const auto& pair : node_) {
    const YAML::Node& key = pair.first;
    SourceLocation keyWhere = locationOf(*file_, key.Mark());
    std::string prefix = path_.empty() ? "" : path_ + ": ";
    if (!key.IsScalar()) {
      throw ConfigError(keyWhere, prefix + "expected a name as key, found " +
                                      (key.IsNull() ? "no name" : "a list or a map"));
    }
    std::string name = key.Scalar();
    auto [first, inserted] = seen.emplace(name, keyWhere);
    if (!inserted) {
      throw ConfigError(keyWhere, prefix + "duplicate key '" + name + "' (first at line " +
                                      std::to_string(first->second.line) + ")" + duplicateHint);
    }
    std::string childPath = path_.empty() ? name : path_ + "." + name;
    out.push_back(MapEntry{name, keyWhere,
                           Item(pair.second, *file_, std::move(childPath), *lookup_, key.Mark())});
  }
  return out;
}

[[noreturn]] void unknownKey(const MapEntry& entry, const std::string& path,
                             const std::string& what,
                             std::span<const std::string_view> candidates) {
  std::string text = (path.empty() ? "" : path + ": ") + "unknown " + what + " '" + entry.key + "'";
  if (std::string suggestion = closestName(entry.key, candidates); !suggestion.empty()) {
    text += "; did you mean '" + suggestion + "'?";
  }
  throw ConfigError(entry.keyWhere, text);
}

class YamlLoader {
 public:
  YamlLoader(Config& config, yaml::VariableLookup lookup)
      : config_(config), lookup_(std::move(lookup)) {}

  void loadMainFile(const std::string& path) {
    std::string error;
    auto content = cfg::readTextFile(path, error);
    if (!content) throw ConfigError({}, "cannot open config file '" + path + "': " + error);
    readDocument(path, *content);
  }

  // Applies the cfgengine once every file has given its modules.
  void finish() {
    if (!cfgengine_) return;
    const auto& [written, where] = *cfgengine_;
    std::string why = cfg::checkCfgEngine(written, config_, "add app_lua to modules");
    if (!why.empty()) throw ConfigError(where, why);
    config_.cfgengine = cfg::cfgEngineName(written);
  }

 private:
  struct OpenFile {
    std::string file;
    fs::path canonical;
  };

  void readDocument(const std::string& file, const std::string& content) {
    std::error_code ec;
    open_.push_back(OpenFile{file, fs::weakly_canonical(file, ec)});
    // The file's name must outlive its Items: keep it in a stable place.
    const std::string& name = *fileNames_.insert(file).first;
    if (auto where = firstUnprintable(name, content)) {
      throw ConfigError(*where,
                        "expected printable UTF-8 text (YAML 1.2 §5.1): a control character or "
                        "bytes that are not UTF-8");
    }
    std::vector<YAML::Node> documents;
    try {
      documents = loadDocuments(name, content);
    } catch (const YAML::Exception& e) {
      throw ConfigError(locationOf(name, e.mark), e.msg);
    }
    if (documents.size() > 1) {
      throw ConfigError(locationOf(name, documents[1].Mark()),
                        "a config file holds one YAML document; found a second one after '---'");
    }
    if (!documents.empty()) topLevel(Item(documents[0], name, "", lookup_));
    open_.pop_back();
  }

  void topLevel(const Item& root) {
    if (root.isNull()) return;
    if (!root.isMap()) {
      root.fail("expected a map with the keys include, core, modules and cfgengine, found " +
                root.describe());
    }
    auto entries = root.entries();
    for (const auto& entry : entries) {
      if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), entry.key) != kTopLevelKeys.end()) {
        continue;
      }
      if (cfg::findCoreParam(entry.key) != nullptr || cfg::isIgnoredCoreParam(entry.key)) {
        throw ConfigError(entry.keyWhere,
                          "'" + entry.key + "' is a core parameter: put it under 'core:'");
      }
      unknownKey(entry, "", "top-level key", kTopLevelKeys);
    }
    // Included files first, so that this file's keys win over theirs.
    for (std::string_view key : kTopLevelKeys) {
      for (const auto& entry : entries) {
        if (entry.key != key) continue;
        if (key == "include") include(entry.value);
        if (key == "core") core(entry.value);
        if (key == "modules") modules(entry.value);
        if (key == "cfgengine") {
          cfgengine_.emplace(entry.value.string("an engine name such as lua"), entry.value.where());
        }
      }
    }
  }

  // include: FILE or include: [FILE, ...], relative to this file's directory.
  void include(const Item& value) {
    if (value.isNull()) return;
    if (value.isSequence()) {
      for (const auto& element : value.elements()) includeFile(element);
    } else {
      includeFile(value);
    }
  }

  void includeFile(const Item& value) {
    std::string written = value.string("a file name");
    if (written.empty()) value.fail("empty file name");
    fs::path path(written);
    fs::path dir = fs::path(value.file()).parent_path();
    if (path.is_relative() && !dir.empty()) path = dir / path;
    std::string file = path.string();
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    for (const auto& open : open_) {
      if (open.canonical != canonical) continue;
      std::string chain;
      for (const auto& f : open_) chain += f.file + " -> ";
      throw ConfigError(value.where(), "include loop: " + chain + file);
    }
    if (open_.size() > kMaxIncludeDepth) {
      throw ConfigError(value.where(), "include files are nested deeper than " +
                                           std::to_string(kMaxIncludeDepth) + " levels");
    }
    std::string error;
    auto content = cfg::readTextFile(path, error);
    if (!content) {
      std::string tried = file == written ? "" : " (" + file + ")";
      throw ConfigError(value.where(),
                        "cannot open included file '" + written + "'" + tried + ": " + error);
    }
    readDocument(file, *content);
  }

  void core(const Item& value) {
    if (value.isNull()) return;
    if (!value.isMap()) value.fail("expected a map of core parameters, found " + value.describe());
    // By the parameter, not the spelling: mpath and loadpath are one.
    std::map<const cfg::CoreParam*, const MapEntry*> given;
    auto entries = value.entries();
    for (const auto& entry : entries) {
      const cfg::CoreParam* param = cfg::findCoreParam(entry.key);
      if (param != nullptr) {
        auto [first, inserted] = given.emplace(param, &entry);
        if (!inserted) {
          throw ConfigError(entry.keyWhere, entry.value.path() + ": '" + entry.key + "' and '" +
                                                first->second->key + "' (line " +
                                                std::to_string(first->second->keyWhere.line) +
                                                ") are the same parameter; give it once");
        }
      }
      coreParam(entry, param);
    }
  }

  void coreParam(const MapEntry& entry, const cfg::CoreParam* param) {
    const Item& value = entry.value;
    CoreSettings& core = config_.core;
    if (param == nullptr) {
      if (cfg::isIgnoredCoreParam(entry.key)) return ignoredParam(entry);
      if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), entry.key) != kTopLevelKeys.end()) {
        throw ConfigError(entry.keyWhere, value.path() + ": '" + entry.key +
                                              "' is a top-level key: move it out of 'core:'");
      }
      std::vector<std::string_view> names = cfg::knownCoreParamNames();
      unknownKey(entry, value.path(), "core parameter", names);
    }
    switch (param->type) {
      case cfg::CoreParamType::Int: {
        std::int64_t number = value.integer();
        if (std::string why = cfg::checkCoreRange(*param, number); !why.empty()) value.fail(why);
        param->setNumber(core, number);
        return;
      }
      case cfg::CoreParamType::Bool:
        param->setNumber(core, value.boolean() ? 1 : 0);
        return;
      case cfg::CoreParamType::String: {
        std::string text = value.string();
        if (param->check != nullptr) {
          if (std::string why = param->check(text); !why.empty()) value.fail(why);
        }
        param->setString(core, std::move(text));
        return;
      }
      case cfg::CoreParamType::Keyword: {
        std::string name = value.string(std::string(param->hint));
        if (std::string why = param->check(name); !why.empty()) value.fail(why);
        param->setString(core, std::move(name));
        return;
      }
      case cfg::CoreParamType::HostPort: {
        std::string text = value.string("\"IP:PORT\" such as 127.0.0.1:9060");
        if (std::string why = cfg::checkHostPort(text); !why.empty()) value.fail(why);
        param->setString(core, std::move(text));
        return;
      }
      case cfg::CoreParamType::Sockets:
        return listen(value);
      case cfg::CoreParamType::Aliases:
        return alias(value);
    }
  }

  void ignoredParam(const MapEntry& entry) {
    const Item& value = entry.value;
    if (!value.isScalar() || value.scalar().type == ScalarType::Null) {
      value.fail("expected a value, found " + value.describe());
    }
    if (!warned_.insert(entry.key).second) return;
    config_.warnings.push_back(entry.keyWhere.file + ":" + std::to_string(entry.keyWhere.line) +
                               ": " + cfg::ignoredParamWarning(entry.key));
  }

  // listen: SOCKET or a list of them; this file's list replaces an included one.
  void listen(const Item& value) {
    std::vector<ListenAddress> sockets;
    if (value.isSequence()) {
      for (const auto& element : value.elements()) sockets.push_back(socket(element));
    } else if (!value.isNull()) {
      sockets.push_back(socket(value));
    }
    config_.core.listen = std::move(sockets);
  }

  static ListenAddress parseAddress(const Item& value, const std::string& text) {
    try {
      return parseListenAddress(text);
    } catch (const std::invalid_argument& e) {
      value.fail(e.what());
    }
  }

  // "[proto:]host[:port][/advertise-host[:port]]" or
  // {address: "[proto:]host[:port]", advertise: "host[:port]", name: NAME}.
  ListenAddress socket(const Item& value) {
    if (value.isMap()) return socketMap(value);
    if (!value.isScalar() || value.scalar().type != ScalarType::String) {
      value.fail("expected a socket such as udp:127.0.0.1:5060, found " + value.describe());
    }
    ListenAddress socket = parseAddress(value, value.scalar().text);
    socket.where = value.where();
    return socket;
  }

  ListenAddress socketMap(const Item& value) {
    std::optional<ListenAddress> address;
    std::optional<ListenAddress> advertise;
    std::string name;
    for (const auto& entry : value.entries()) {
      const Item& item = entry.value;
      if (entry.key == "address") {
        address = parseAddress(item, item.string("a socket such as udp:127.0.0.1:5060"));
        address->where = item.where();
      } else if (entry.key == "advertise") {
        advertise = parseAddress(item, item.string("an address such as 203.0.113.1:5060"));
        if (advertise->transport != Transport::Any || !advertise->advertiseHost.empty()) {
          item.fail("expected host[:port] without protocol, found " + item.describe());
        }
      } else if (entry.key == "name") {
        name = item.string("a socket name");
      } else {
        unknownKey(entry, value.path(), "socket key", kSocketKeys);
      }
    }
    if (!address) value.fail("a socket needs 'address:', such as address: udp:127.0.0.1:5060");
    if (advertise) {
      if (!address->advertiseHost.empty()) {
        value.fail("advertise is given twice: in 'address:' after '/' and in 'advertise:'");
      }
      address->advertiseHost = advertise->host;
      address->advertisePort = advertise->port;
    }
    address->name = std::move(name);
    return *address;
  }

  // alias: NAME or a list of them, each [proto:]host[:port].
  void alias(const Item& value) {
    std::vector<std::string> aliases;
    auto add = [&](const Item& item) {
      std::string text = item.string("a host name such as example.com");
      parseAddress(item, text);
      aliases.push_back(std::move(text));
    };
    if (value.isSequence()) {
      for (const auto& element : value.elements()) add(element);
    } else if (!value.isNull()) {
      add(value);
    }
    config_.core.aliases = std::move(aliases);
  }

  void modules(const Item& value) {
    if (value.isNull()) return;
    if (!value.isSequence()) {
      value.fail("expected a list of modules (- tm, - sl, ...), found " + value.describe());
    }
    for (const auto& element : value.elements()) module(element);
  }

  // - NAME, or - NAME: {param: value, ...}, or - NAME: [{param: value}, ...].
  void module(const Item& item) {
    ModuleEntry entry;
    std::optional<Item> params;
    if (item.isMap()) {
      auto entries = item.entries();
      if (entries.size() != 1) {
        std::string keys;
        for (const auto& e : entries) keys += (keys.empty() ? "'" : ", '") + e.key + "'";
        item.fail("expected one module per item (NAME: {parameters}), found the keys " + keys +
                  "; indent the parameters under the module's name");
      }
      entry.name = entries[0].key;
      entry.where = entries[0].keyWhere;
      params.emplace(entries[0].value);
    } else if (item.isScalar()) {
      entry.name = item.string("a module name such as tm");
      entry.where = item.where();
    } else {
      item.fail("expected a module name or NAME: {parameters}, found " + item.describe());
    }
    if (entry.name.empty() || cfg::moduleNameOfPath(entry.name) != entry.name) {
      throw ConfigError(entry.where, item.path() + ": expected a module name such as tm, found '" +
                                         entry.name + "' (give a module's file with path:)");
    }
    if (std::string why = cfg::checkModuleNotLoaded(config_, entry.name); !why.empty()) {
      throw ConfigError(entry.where, item.path() + ": " + why);
    }
    entry.path = entry.name + ".so";
    if (params) moduleParams(entry, *params);
    config_.modules.push_back(std::move(entry));
  }

  void moduleParams(ModuleEntry& entry, const Item& value) {
    if (value.isNull()) return;
    if (value.isMap()) {
      for (const auto& e :
           value.entries(" (to set a parameter several times give a list: name: [a, b])")) {
        moduleParam(entry, e);
      }
      return;
    }
    if (!value.isSequence()) {
      value.fail("expected the module's parameters as a map (name: value), found " +
                 value.describe());
    }
    // The ordered form: one {name: value} per element, for when the order
    // between different parameters matters.
    for (const auto& element : value.elements()) {
      if (!element.isMap()) {
        element.fail("expected one parameter (name: value), found " + element.describe());
      }
      auto entries = element.entries();
      if (entries.size() != 1) {
        element.fail("expected one parameter (name: value), found " +
                     std::to_string(entries.size()));
      }
      moduleParam(entry, entries[0]);
    }
  }

  void moduleParam(ModuleEntry& entry, const MapEntry& e) {
    const Item& value = e.value;
    if (e.key == "path") {
      std::string path = value.string("the module's file, such as /usr/lib/kemid/modules/tm.so");
      std::string name = cfg::moduleNameOfPath(path);
      if (name != entry.name) {
        value.fail("'" + path + "' is module '" + name + "', not '" + entry.name + "'");
      }
      entry.path = std::move(path);
      return;
    }
    if (value.isSequence()) {
      for (const auto& element : value.elements()) {
        entry.params.push_back(ModuleParam{e.key, element.paramValue(), element.where()});
      }
      return;
    }
    if (value.isMap()) value.fail("expected a value or a list of values, found a map");
    entry.params.push_back(ModuleParam{e.key, value.paramValue(), value.where()});
  }

  Config& config_;
  yaml::VariableLookup lookup_;
  std::vector<OpenFile> open_;
  std::set<std::string> fileNames_;
  std::optional<std::pair<std::string, SourceLocation>> cfgengine_;
  std::set<std::string> warned_;
};

}  // namespace

Config loadYamlConfigFile(const std::string& path, const ConfigLoadOptions& options) {
  // Checked as the cfg preprocessor checks -A: an identifier, given once.
  std::map<std::string, std::string> defines;
  for (const auto& define : options.defines) {
    const std::string& name = define.name;
    bool identifier = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
    for (char c : name) identifier &= std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (!identifier) throw ConfigError({}, "-A " + name + ": a define name must be an identifier");
    if (!defines.emplace(name, define.value.value_or("")).second) {
      throw ConfigError({}, "-A " + name + ": '" + name + "' is already defined (defined with -A)");
    }
  }
  yaml::VariableLookup lookup = [defines](const std::string& name) -> std::optional<std::string> {
    if (auto it = defines.find(name); it != defines.end()) return it->second;
    if (const char* value = std::getenv(name.c_str())) return std::string(value);
    return std::nullopt;
  };
  Config config;
  config.sourceFile = path;
  YamlLoader loader(config, std::move(lookup));
  loader.loadMainFile(path);
  loader.finish();
  return config;
}

}  // namespace kemid
