#pragma once
// ndb_redis' pseudo-variables, provided through pv: $redis(reply=>key)
// reads the calling thread's stored reply (reply_path.h), $redisd(rpl_str)
// & co the reply type numbers to compare $redis(reply=>type) with.

#include "ndb_redis_module.h"
#include "pv/pv_api.h"

namespace kemid::ndb_redis {

// False when pv refused a class (a name taken).
bool providePseudoVariables(pv::PvApi& pv, NdbRedisModule& module);

}  // namespace kemid::ndb_redis
