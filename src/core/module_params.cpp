#include "core/module_params.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/config_error.h"
#include "core/log.h"
#include "core/suggest.h"

namespace kemid {

namespace {

constexpr Logger kLog{"core"};

std::string describeValue(const ParamValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return "integer " + std::to_string(*i);
  return "string \"" + std::get<std::string>(value) + "\"";
}

std::string rangeText(const ParamDef& def) {
  if (def.minValue != INT64_MIN && def.maxValue != INT64_MAX) {
    return "must be between " + std::to_string(def.minValue) + " and " +
           std::to_string(def.maxValue);
  }
  if (def.minValue != INT64_MIN) return "must be at least " + std::to_string(def.minValue);
  return "must be at most " + std::to_string(def.maxValue);
}

ParamValue defaultValue(const ParamDef& def) {
  if (def.type == ParamType::Int) return def.intDefault;
  return std::string(def.strDefault);
}

}  // namespace

// Every slot starts with its default as values[0]. A plain parameter keeps
// exactly one value, overwritten by each modparam; a repeatable one appends,
// so values[1..] are the config's values and back() is always the last value.
ModuleParams::ModuleParams(std::string_view moduleName, std::span<const ParamDef> defs)
    : moduleName_(moduleName) {
  for (const auto& def : defs) {
    slots_.insert_or_assign(std::string(def.name), Slot{&def, {defaultValue(def)}});
  }
}

void ModuleParams::set(const ModuleParam& param) {
  auto it = slots_.find(param.name);
  if (it == slots_.end()) {
    std::string text = "module '" + moduleName_ + "' has no parameter '" + param.name + "'";
    std::vector<std::string_view> names;
    for (const auto& [name, slot] : slots_) names.push_back(name);
    if (std::string best = closestName(param.name, names); !best.empty()) {
      text += " (did you mean '" + best + "'?)";
    }
    throw ConfigError(param.where, text);
  }

  Slot& slot = it->second;
  const ParamDef& def = *slot.def;
  const std::string subject = "parameter '" + param.name + "' of module '" + moduleName_ + "'";
  const bool isInt = std::holds_alternative<std::int64_t>(param.value);
  if (def.type == ParamType::Int && !isInt) {
    throw ConfigError(param.where,
                      subject + " expects an integer, found " + describeValue(param.value));
  }
  if (def.type == ParamType::Str && isInt) {
    throw ConfigError(param.where,
                      subject + " expects a string, found " + describeValue(param.value));
  }
  if (isInt) {
    const std::int64_t v = std::get<std::int64_t>(param.value);
    if (v < def.minValue || v > def.maxValue) {
      throw ConfigError(param.where,
                        subject + " " + rangeText(def) + ", found " + std::to_string(v));
    }
  }

  if (!isInt && def.checkString != nullptr) {
    if (std::string why = def.checkString(std::get<std::string>(param.value)); !why.empty()) {
      throw ConfigError(param.where, subject + ": " + why);
    }
  }

  if (def.noEffect && param.value != defaultValue(def)) {
    kLog.warn(param.where.toString(), ": ", subject,
              " has no effect in kemid (accepted so that Kamailio configs load)");
  }
  if (def.repeatable) {
    slot.values.push_back(param.value);
  } else {
    slot.values.front() = param.value;
  }
}

const ModuleParams::Slot& ModuleParams::slot(std::string_view name, ParamType type) const {
  auto it = slots_.find(name);
  if (it == slots_.end()) {
    throw std::logic_error("module '" + moduleName_ + "' asked for its undeclared parameter '" +
                           std::string(name) + "'");
  }
  if (it->second.def->type != type) {
    throw std::logic_error("module '" + moduleName_ + "' asked for parameter '" +
                           std::string(name) + "' with another type than it declared");
  }
  return it->second;
}

std::int64_t ModuleParams::getInt(std::string_view name) const {
  return std::get<std::int64_t>(slot(name, ParamType::Int).values.back());
}

const std::string& ModuleParams::getString(std::string_view name) const {
  return std::get<std::string>(slot(name, ParamType::Str).values.back());
}

std::span<const ParamValue> ModuleParams::getAll(std::string_view name) const {
  auto it = slots_.find(name);
  if (it == slots_.end() || !it->second.def->repeatable) {
    throw std::logic_error("module '" + moduleName_ + "' asked for all values of '" +
                           std::string(name) + "', which it did not declare repeatable");
  }
  return std::span<const ParamValue>(it->second.values).subspan(1);
}

}  // namespace kemid
