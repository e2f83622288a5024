#pragma once
// The name of a $redis pseudo-variable, "r=>value[1]=>type[0]", and what
// it reads from a stored reply, as Kamailio's ndb_redis: type (hiredis'
// reply type number), value (a string or integer reply; an array's
// element with [n]), info (the text of a string, status or error reply),
// size (an array's element count). value[n]=> goes into the n-th element
// of an array, for the keys that follow. An index is a number or a
// pseudo-variable ("value[$var(i)]").

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/redis_session.h"
#include "pv/pv_value.h"

namespace kemid::ndb_redis {

// hiredis' REDIS_REPLY_* numbers, which scripts compare $redis(r=>type)
// with ($redisd(rpl_str) ...).
enum class ReplyType : int { String = 1, Array = 2, Integer = 3, Nil = 4, Status = 5, Error = 6 };
int replyTypeNumber(const db_redis::RedisReply& reply);
// $redisd(name): rpl_str, rpl_arr, rpl_int, rpl_nil, rpl_sts, rpl_err.
std::optional<int> replyTypeConstant(std::string_view name);

struct ReplyIndex {
  int number = -1;
  std::string pseudoVariable;  // when not empty, the index is its value
};

struct ReplyKey {
  enum class Field { Type, Value, Info, Size };
  Field field = Field::Type;
  std::optional<ReplyIndex> index;
};

struct ReplyPath {
  std::string replyName;
  std::vector<ReplyKey> keys;  // all but the last are value[n]
};

// nullopt with `error` when the name is not "reply=>key[=>key...]".
std::optional<ReplyPath> parseReplyPath(std::string_view text, std::string& error);

// The value of a pseudo-variable index; nullopt when it has no number.
using IndexResolver = std::function<std::optional<int>(std::string_view pseudoVariable)>;

// What $redis(path) reads from `reply` (null when there is no such value).
pv::PvValue readReply(const db_redis::RedisReply& reply, const ReplyPath& path,
                      const IndexResolver& resolve);

}  // namespace kemid::ndb_redis
