// pike: flood detection per source address, as Kamailio's pike module.

#include <array>
#include <memory>

#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "pike_kemi.h"
#include "pike_module.h"

namespace kemid::pike {
namespace {

constexpr std::array kParams{
    ParamDef{.name = "sampling_time_unit", .type = ParamType::Int, .intDefault = 2, .minValue = 1},
    ParamDef{.name = "reqs_density_per_unit",
             .type = ParamType::Int,
             .intDefault = 30,
             .minValue = 1,
             .maxValue = 65534},
    ParamDef{.name = "remove_latency", .type = ParamType::Int, .intDefault = 120, .minValue = 1},
    // The level of the BLOCKing / UNBLOCKing lines (Kamailio's L_WARN, 0).
    ParamDef{.name = "pike_log_level",
             .type = ParamType::Int,
             .intDefault = 0,
             .minValue = static_cast<int>(LogLevel::Alert),
             .maxValue = static_cast<int>(LogLevel::Dbg)},
};

HookResult init(ModuleInitContext& ctx) {
  const ModuleParams& p = ctx.params;
  PikeSettings settings{
      .samplingTimeUnit = p.getInt("sampling_time_unit"),
      .density = static_cast<std::uint32_t>(p.getInt("reqs_density_per_unit")),
      .removeLatency = p.getInt("remove_latency"),
      .logLevel = static_cast<LogLevel>(p.getInt("pike_log_level")),
  };
  auto pike = std::make_unique<PikeModule>(settings);
  pike->registerStatistics(ctx.host.statistics());
  pike->startTimer();
  ctx.state = std::move(pike);
  return HookResult::success();
}

void shutdown(ModuleState* state) {
  if (auto* pike = static_cast<PikeModule*>(state)) pike->stopTimer();
}

constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kStr{KemiType::Str};

constexpr std::array kKemi{
    KemiFunctionDef{"pike_check_req", KemiType::Int, kNone, &kemiPikeCheckReq},
    KemiFunctionDef{"pike_check_ip", KemiType::Int, kStr, &kemiPikeCheckIp},
};

constexpr std::array kRpc{
    RpcCommandDef{"pike.top", "pike.top Dump parts of the pike table", &rpcTop},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "pike",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::pike

KEMID_MODULE(kemid::pike::kDescriptor)
