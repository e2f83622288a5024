#include "provided_vars.h"

#include <map>

namespace kemid::pv {
namespace {

std::map<std::string, PvApi::Provider, std::less<>>& providers() {
  static std::map<std::string, PvApi::Provider, std::less<>> all;
  return all;
}

}  // namespace

ProvidedVars& ProvidedVars::instance() {
  static ProvidedVars registry;
  return registry;
}

bool ProvidedVars::add(std::string_view className, PvApi::Provider provider) {
  return providers().emplace(std::string(className), std::move(provider)).second;
}

const PvApi::Provider* ProvidedVars::find(std::string_view className) const {
  auto it = providers().find(className);
  return it == providers().end() ? nullptr : &it->second;
}

void ProvidedVars::clear() {
  providers().clear();
}

}  // namespace kemid::pv
