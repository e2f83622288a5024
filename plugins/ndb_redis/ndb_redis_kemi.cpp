#include "ndb_redis_kemi.h"

#include <array>

#include "command_format.h"
#include "core/log.h"
#include "ndb_redis_module.h"

namespace kemid::ndb_redis {
namespace {

const Logger kLog{"ndb_redis"};

// Kamailio's KEMI answers of redis_cmd: 0 with a reply (not an error
// reply), -2 for a disabled server, -1 otherwise.
std::int64_t returnCode(CommandOutcome outcome) {
  switch (outcome) {
    case CommandOutcome::Replied:
      return 0;
    case CommandOutcome::Disabled:
      return -2;
    case CommandOutcome::ErrorReplied:
    case CommandOutcome::Failed:
    case CommandOutcome::UnknownServer:
      break;
  }
  return -1;
}

// Arguments: server, command, `paramCount` parameters, reply name.
KemiValue runCommand(KemiCall& call, std::size_t paramCount) {
  auto* module = static_cast<NdbRedisModule*>(call.state);
  const std::string_view server = call.strArg(0);
  const std::string_view text = call.strArg(1);
  const std::string_view replyName = call.strArg(2 + paramCount);
  if (module == nullptr || server.empty() || text.empty() || replyName.empty()) {
    kLog.err("invalid parameters");
    return std::int64_t{-1};
  }
  if (paramCount == 0 && hasArgumentSpecifier(text)) {
    kLog.err("command argument specifier found, but no params");
    return std::int64_t{-1};
  }
  std::array<std::string_view, 3> params;
  for (std::size_t i = 0; i < paramCount; ++i) params[i] = call.strArg(2 + i);
  std::string error;
  auto words = formatCommand(text, std::span(params.data(), paramCount), error);
  if (!words) {
    kLog.err("invalid redis command \"", text, "\": ", error);
    return std::int64_t{-1};
  }
  return returnCode(module->run(server, *words, replyName));
}

}  // namespace

KemiValue kemiRedisCmd(KemiCall& call) {
  return runCommand(call, 0);
}

KemiValue kemiRedisCmdP1(KemiCall& call) {
  return runCommand(call, 1);
}

KemiValue kemiRedisCmdP2(KemiCall& call) {
  return runCommand(call, 2);
}

KemiValue kemiRedisCmdP3(KemiCall& call) {
  return runCommand(call, 3);
}

KemiValue kemiRedisFree(KemiCall& call) {
  auto* module = static_cast<NdbRedisModule*>(call.state);
  const std::string_view replyName = call.strArg(0);
  if (module == nullptr || replyName.empty() || !module->freeReply(replyName)) {
    return std::int64_t{-1};
  }
  return std::int64_t{1};
}

}  // namespace kemid::ndb_redis
