#include "provided_vars.h"

#include <map>

namespace kemid::pv {
namespace {

std::map<std::string, ProvidedVars::Accessors, std::less<>>& providers() {
  static std::map<std::string, ProvidedVars::Accessors, std::less<>> all;
  return all;
}

}  // namespace

ProvidedVars& ProvidedVars::instance() {
  static ProvidedVars registry;
  return registry;
}

bool ProvidedVars::add(std::string_view className, Accessors accessors) {
  return providers().emplace(std::string(className), std::move(accessors)).second;
}

const ProvidedVars::Accessors* ProvidedVars::find(std::string_view className) const {
  auto it = providers().find(className);
  return it == providers().end() ? nullptr : &it->second;
}

void ProvidedVars::clear() {
  providers().clear();
}

}  // namespace kemid::pv
