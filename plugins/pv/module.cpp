// pv: pseudo-variables ($ru, $du, $var(x), $shv(x), ...) and KSR.pv.

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "pv_kemi.h"
#include "pv_module.h"

namespace kemid::pv {
namespace {

constexpr Logger kLog{"pv"};

constexpr std::array kParams{
    // Initial shared / script variables: "name=i:1" or "name=s:text".
    ParamDef{.name = "shvset", .type = ParamType::Str, .repeatable = true},
    ParamDef{.name = "varset", .type = ParamType::Str, .repeatable = true},
    ParamDef{.name = "avp_aliases", .type = ParamType::Str},
};

// Every value of a repeatable "name=i:..|s:.." parameter; false with
// `error` set at the first bad one.
bool initialValues(const ModuleParams& params, std::string_view name, std::vector<NamedValue>& out,
                   std::string& error) {
  for (const ParamValue& value : params.getAll(name)) {
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr) {
      error = "modparam " + std::string(name) + " takes a string";
      return false;
    }
    auto parsed = parseInitialValue(*text, error);
    if (!parsed) {
      error = "modparam " + std::string(name) + " \"" + *text + "\": " + error;
      return false;
    }
    out.push_back(std::move(*parsed));
  }
  return true;
}

HookResult init(ModuleInitContext& ctx) {
  std::vector<NamedValue> shvset;
  std::vector<NamedValue> varset;
  std::string error;
  if (!initialValues(ctx.params, "shvset", shvset, error) ||
      !initialValues(ctx.params, "varset", varset, error)) {
    return HookResult::failure(error);
  }
  if (!ctx.params.getString("avp_aliases").empty()) {
    kLog.warn("modparam avp_aliases is not supported by kemid and is ignored");
  }
  auto module = std::make_unique<PvModule>(std::move(varset));
  for (auto& [name, value] : shvset) module->shared().set(name, std::move(value));
  if (!ctx.host.publishApi<PvApi>(*module)) {
    return HookResult::failure("an API named \"pv\" is already published");
  }
  // The core's log_prefix may hold variables ("LUA {$rm}: ").
  ctx.host.setMessageFormatter([pv = module.get()](std::string_view text, MessageContext& message) {
    return pv->format(text, message);
  });
  ctx.state = std::move(module);
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrInt{Str, Int};

constexpr std::array kKemi{
    KemiFunctionDef{"get", XVal, kStr, &kemiGet},
    KemiFunctionDef{"getw", XVal, kStr, &kemiGetw},
    KemiFunctionDef{"gete", XVal, kStr, &kemiGete},
    KemiFunctionDef{"getvn", XVal, kStrInt, &kemiGetvn},
    KemiFunctionDef{"getvs", XVal, kStrStr, &kemiGetvs},
    KemiFunctionDef{"geti", Int, kStr, &kemiGeti},
    KemiFunctionDef{"seti", Bool, kStrInt, &kemiSeti},
    KemiFunctionDef{"sets", Bool, kStrStr, &kemiSets},
    KemiFunctionDef{"unset", Bool, kStr, &kemiUnset},
    KemiFunctionDef{"is_null", Bool, kStr, &kemiIsNull},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "pv",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::pv

KEMID_MODULE(kemid::pv::kDescriptor)
