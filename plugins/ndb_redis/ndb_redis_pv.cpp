#include "ndb_redis_pv.h"

#include "core/log.h"
#include "reply_path.h"

namespace kemid::ndb_redis {
namespace {

const Logger kLog{"ndb_redis"};

using pv::PvValue;

PvValue readRedis(pv::PvApi& pv, NdbRedisModule& module, std::string_view inner,
                  MessageContext& ctx) {
  std::string error;
  auto path = parseReplyPath(inner, error);
  if (!path) {
    kLog.err(error);
    return {};
  }
  const db_redis::RedisReply* reply = module.reply(path->replyName);
  if (reply == nullptr) return {};
  return readReply(*reply, *path, [&](std::string_view name) -> std::optional<int> {
    auto value = pv.get(name, ctx);
    if (!value || !value->hasNumber()) return std::nullopt;
    return static_cast<int>(value->number());
  });
}

PvValue readRedisd(std::string_view inner) {
  if (auto number = replyTypeConstant(inner)) return PvValue::integer(*number);
  kLog.err("unknown redisd name ", inner);
  return {};
}

}  // namespace

bool providePseudoVariables(pv::PvApi& pv, NdbRedisModule& module) {
  using Inner = std::string_view;
  using Index = std::optional<int>;
  NdbRedisModule* m = &module;
  pv::PvApi* api = &pv;
  bool ok = pv.provide("redis", [=](Inner inner, Index, MessageContext& ctx) {
    return readRedis(*api, *m, inner, ctx);
  });
  ok = pv.provide("redisd", [](Inner inner, Index, MessageContext&) {
    return readRedisd(inner);
  }) && ok;
  return ok;
}

}  // namespace kemid::ndb_redis
