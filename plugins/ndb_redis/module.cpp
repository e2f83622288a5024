// ndb_redis: scripts talking to Redis servers directly, as Kamailio's
// ndb_redis module: servers declared by modparam, commands sent by
// KSR.ndb_redis.redis_cmd*, their replies read through $redis(...).

#include <array>
#include <memory>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "ndb_redis_kemi.h"
#include "ndb_redis_module.h"
#include "ndb_redis_pv.h"
#include "pv/pv_api.h"
#include "server_spec.h"

namespace kemid::ndb_redis {
namespace {

const Logger kLog{"ndb_redis"};

std::string checkServer(std::string_view value) {
  std::string error;
  parseServerSpec(value, error);
  return error;
}

constexpr ParamDef intParam(std::string_view name, std::int64_t defaultValue) {
  return ParamDef{.name = name, .type = ParamType::Int, .intDefault = defaultValue};
}

constexpr std::array kParams{
    ParamDef{
        .name = "server", .type = ParamType::Str, .repeatable = true, .checkString = &checkServer},
    intParam("init_without_redis", 0),
    ParamDef{.name = "connect_timeout", .type = ParamType::Int, .intDefault = 1000, .minValue = 0},
    ParamDef{.name = "cmd_timeout", .type = ParamType::Int, .intDefault = 1000, .minValue = 0},
    // MOVED replies are not followed: a cluster's node answers as it is.
    ParamDef{.name = "cluster", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
    ParamDef{.name = "disable_time", .type = ParamType::Int, .intDefault = 0, .minValue = 0},
    intParam("allowed_timeouts", -1),
    intParam("flush_on_reconnect", 0),
    ParamDef{
        .name = "allow_dynamic_nodes", .type = ParamType::Int, .intDefault = 0, .noEffect = true},
};

HookResult init(ModuleInitContext& ctx) {
  const ModuleParams& p = ctx.params;
  std::vector<ServerSpec> servers;
  for (const ParamValue& value : p.getAll("server")) {
    std::string error;
    auto spec = parseServerSpec(std::get<std::string>(value), error);
    if (!spec) return HookResult::failure("ndb_redis: " + error);
    servers.push_back(std::move(*spec));
  }
  if (servers.empty()) return HookResult::failure("ndb_redis: no redis servers defined");
  NdbRedisSettings settings{
      .connectTimeout = std::chrono::milliseconds(p.getInt("connect_timeout")),
      .commandTimeout = std::chrono::milliseconds(p.getInt("cmd_timeout")),
      .allowedTimeouts = static_cast<int>(p.getInt("allowed_timeouts")),
      .disableTime = std::chrono::seconds(p.getInt("disable_time")),
      .flushOnReconnect = p.getInt("flush_on_reconnect") != 0,
  };
  auto module = std::make_unique<NdbRedisModule>(std::move(servers), settings);
  if (std::string failed = module->checkServers(); !failed.empty()) {
    if (p.getInt("init_without_redis") != 1) return HookResult::failure("ndb_redis: " + failed);
    kLog.warn(failed, "; starting anyway (init_without_redis)");
  }
  if (auto* pv = ctx.host.findApi<pv::PvApi>()) {
    if (!providePseudoVariables(*pv, *module)) {
      return HookResult::failure("ndb_redis: cannot register the $redis pseudo-variables");
    }
  }
  ctx.state = std::move(module);
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kS{Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSS{Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSSS{Str, Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSSSS{Str, Str, Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSSSSS{Str, Str, Str, Str, Str, Str};

// Kamailio 5.6's KSR.ndb_redis (redis_pipe_cmd and redis_execute are not
// KEMI functions there).
constexpr std::array kKemi{
    KemiFunctionDef{"redis_cmd", Int, kSSS, &kemiRedisCmd},
    KemiFunctionDef{"redis_cmd_p1", Int, kSSSS, &kemiRedisCmdP1},
    KemiFunctionDef{"redis_cmd_p2", Int, kSSSSS, &kemiRedisCmdP2},
    KemiFunctionDef{"redis_cmd_p3", Int, kSSSSSS, &kemiRedisCmdP3},
    KemiFunctionDef{"redis_free", Int, kS, &kemiRedisFree},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "ndb_redis",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::ndb_redis

KEMID_MODULE(kemid::ndb_redis::kDescriptor)
