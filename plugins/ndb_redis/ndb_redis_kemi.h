#pragma once
// KSR.ndb_redis.*: Kamailio 5.6's KEMI exports of ndb_redis.

#include "core/module_abi.h"

namespace kemid::ndb_redis {

KemiValue kemiRedisCmd(KemiCall& call);    // (srv, cmd, replyid)
KemiValue kemiRedisCmdP1(KemiCall& call);  // (srv, cmd, p1, replyid)
KemiValue kemiRedisCmdP2(KemiCall& call);  // (srv, cmd, p1, p2, replyid)
KemiValue kemiRedisCmdP3(KemiCall& call);  // (srv, cmd, p1, p2, p3, replyid)
KemiValue kemiRedisFree(KemiCall& call);   // (replyid)

}  // namespace kemid::ndb_redis
