// xlog: KSR.xlog.* (formatted logging with pseudo-variables).

#include <array>
#include <memory>
#include <string>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_params.h"
#include "xlog_kemi.h"

namespace kemid::xlog {
namespace {

constexpr Logger kLog{"xlog"};

constexpr std::array kParams{
    ParamDef{.name = "prefix", .type = ParamType::Str, .strDefault = "<script>: "},
    ParamDef{.name = "buf_size", .type = ParamType::Int, .intDefault = 4096, .minValue = 1},
    ParamDef{.name = "force_color", .type = ParamType::Int},
    ParamDef{.name = "long_format", .type = ParamType::Int},
    ParamDef{.name = "log_facility", .type = ParamType::Str},
    ParamDef{.name = "log_colors", .type = ParamType::Str, .repeatable = true},
    ParamDef{.name = "methods_filter", .type = ParamType::Int, .intDefault = -1},
    ParamDef{.name = "prefix_mode", .type = ParamType::Int},
};

// Accepted for configs written for Kamailio; they change nothing in kemid.
void warnUnsupported(const ModuleParams& params) {
  constexpr std::array<std::string_view, 3> kInts{"force_color", "long_format", "prefix_mode"};
  for (std::string_view name : kInts) {
    if (params.getInt(name) != 0) {
      kLog.warn("modparam ", name, " is not supported by kemid and is ignored");
    }
  }
  if (params.getInt("methods_filter") != -1) {
    kLog.warn("modparam methods_filter is not supported by kemid and is ignored");
  }
  if (!params.getString("log_facility").empty() || !params.getAll("log_colors").empty()) {
    kLog.warn("modparams log_facility and log_colors are not supported by kemid and are ignored");
  }
}

HookResult init(ModuleInitContext& ctx) {
  warnUnsupported(ctx.params);
  ctx.state = std::make_unique<XlogModule>(ctx.host, ctx.params.getString("prefix"));
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{Str, Str};

constexpr std::array kKemi{
    KemiFunctionDef{"xdbg", Int, kStr, &kemiXdbg},
    KemiFunctionDef{"xinfo", Int, kStr, &kemiXinfo},
    KemiFunctionDef{"xnotice", Int, kStr, &kemiXnotice},
    KemiFunctionDef{"xwarn", Int, kStr, &kemiXwarn},
    KemiFunctionDef{"xerr", Int, kStr, &kemiXerr},
    KemiFunctionDef{"xalert", Int, kStr, &kemiXalert},
    KemiFunctionDef{"xcrit", Int, kStr, &kemiXcrit},
    KemiFunctionDef{"xlog", Int, kStrStr, &kemiXlog},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "xlog",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::xlog

KEMID_MODULE(kemid::xlog::kDescriptor)
