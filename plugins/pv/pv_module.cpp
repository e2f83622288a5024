#include "pv_module.h"

#include <atomic>
#include <charconv>

#include "core/log.h"
#include "provided_vars.h"
#include "pv_access.h"
#include "pv_cache.h"
#include "pv_format.h"
#include "pv_spec.h"

namespace kemid::pv {

namespace {
constexpr Logger kLog{"pv"};
std::atomic<std::uint64_t> instances{0};
}  // namespace

std::optional<NamedValue> parseInitialValue(std::string_view text, std::string& error) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    error = "expected name=i:number or name=s:text";
    return std::nullopt;
  }
  std::string name(text.substr(0, eq));
  std::string_view typed = text.substr(eq + 1);
  if (typed.size() < 2 || typed[1] != ':' || (typed[0] != 'i' && typed[0] != 's')) {
    error = "the value of " + name + " must start with i: or s:";
    return std::nullopt;
  }
  std::string_view value = typed.substr(2);
  if (typed[0] == 's') return NamedValue{std::move(name), PvValue::string(std::string(value))};
  std::int64_t number = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
    error = "the value of " + name + " is not an integer: " + std::string(value);
    return std::nullopt;
  }
  return NamedValue{std::move(name), PvValue::integer(number)};
}

PvModule::PvModule(std::vector<NamedValue> varset)
    : instance_(instances.fetch_add(1) + 1), varset_(std::move(varset)) {
  ProvidedVars::instance().clear();
}

PvModule::~PvModule() {
  // The providers are other modules' code, unloaded with them.
  ProvidedVars::instance().clear();
}

bool PvModule::provide(std::string_view className, Provider provider, Writer writer) {
  if (className.empty() || isOwnPvName(className)) return false;
  return ProvidedVars::instance().add(className, {std::move(provider), std::move(writer)});
}

bool PvModule::provideName(std::string_view name, Provider provider) {
  if (name.empty() || isOwnPvName(name)) return false;
  return ProvidedVars::instance().add(name,
                                      {.read = std::move(provider), .write = {}, .bare = true});
}

std::optional<PvValue> PvModule::get(std::string_view name, MessageContext& ctx) {
  const PvSpec* spec = lookupPvSpec(name);
  if (spec == nullptr) return std::nullopt;
  return readPv(*spec, ctx, *this);
}

bool PvModule::set(std::string_view name, const PvValue& value, MessageContext& ctx) {
  const PvSpec* spec = lookupPvSpec(name);
  return spec != nullptr && writePv(*spec, ctx, *this, value) != WriteOutcome::Refused;
}

std::optional<std::string> PvModule::format(std::string_view format, MessageContext& ctx) {
  std::string error;
  auto parts = parseFormat(format, error);
  if (!parts) {
    kLog.err("invalid pv format: ", error);
    return std::nullopt;
  }
  return evaluateFormat(*parts, ctx, *this);
}

}  // namespace kemid::pv
