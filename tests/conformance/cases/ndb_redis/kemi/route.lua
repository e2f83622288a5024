-- KSR.ndb_redis.* return values and what $redis(...) reads of each reply
-- type: status, string, nil, integer, error, arrays and an array of arrays
-- (MULTI/EXEC). "down" names a port nothing listens on: its first command
-- fails and, with allowed_timeouts 0, disables it (-2 afterwards).
local function show(v)
  return type(v) .. ":" .. tostring(v)
end

local function reply(label, r)
  local keys = { "type", "value", "info", "size" }
  local seen = {}
  for _, k in ipairs(keys) do
    seen[#seen + 1] = k .. "=" .. show(KSR.pv.get("$redis(" .. r .. "=>" .. k .. ")"))
  end
  conf(label, table.concat(seen, " "))
end

local function cmd(label, command, r)
  conf(label, KSR.ndb_redis.redis_cmd("srv", command, r))
  reply(label .. "_reply", r)
end

function ksr_request_route()
  local N = KSR.ndb_redis
  cmd("set", "SET foo bar", "r")
  cmd("get", "GET foo", "r")
  cmd("get_missing", "GET nokey", "r")
  cmd("incr", "INCRBY cnt 41", "r")
  cmd("big_integer", "INCRBY big 5000000000", "r")
  cmd("negative", "DECRBY neg 7", "r")
  cmd("error", "NOSUCHCOMMAND foo", "r")
  cmd("wrongtype", "LPUSH foo x", "r")
  cmd("empty_string", "SET e \"\"", "r")

  conf("p1", N.redis_cmd_p1("srv", "SET %s", "k1 v1", "r"))
  reply("p1_reply", "r")
  conf("p1_key", N.redis_cmd_p1("srv", "SET key:%s v", "a b", "r"))
  conf("p1_get", N.redis_cmd_p1("srv", "GET key:%s", "a b", "r"))
  reply("p1_get_reply", "r")
  conf("p2", N.redis_cmd_p2("srv", "HSET h %s %s", "f 1", "", "r"))
  reply("p2_reply", "r")
  conf("p3", N.redis_cmd_p3("srv", "RPUSH %s %s %s", "l", "a b", "", "r"))
  reply("p3_reply", "r")

  cmd("lrange", "LRANGE l 0 -1", "arr")
  conf("elements", show(KSR.pv.get("$redis(arr=>value[0])")) .. " " ..
       show(KSR.pv.get("$redis(arr=>value[1])")) .. " " ..
       show(KSR.pv.get("$redis(arr=>value[2])")) .. " " ..
       show(KSR.pv.get("$redis(arr=>type[0])")) .. " " ..
       show(KSR.pv.get("$redis(arr=>type[7])")))
  KSR.pv.seti("$var(i)", 1)
  conf("element_var", show(KSR.pv.get("$redis(arr=>value[$var(i)])")))
  cmd("hgetall", "HGETALL h", "arr")
  conf("int_array", N.redis_cmd_p1("srv", "EVAL %s 0", "return {1, 2, 'x', {3}}", "arr"))
  reply("int_array_reply", "arr")
  conf("int_elements", show(KSR.pv.get("$redis(arr=>value[0])")) .. " " ..
       show(KSR.pv.get("$redis(arr=>type[1])")) .. " " ..
       show(KSR.pv.get("$redis(arr=>value[2])")) .. " " ..
       show(KSR.pv.get("$redis(arr=>value[3])")) .. " " ..
       show(KSR.pv.get("$redis(arr=>value[3]=>value[0])")))

  conf("multi", N.redis_cmd("srv", "MULTI", "m"))
  conf("queued", N.redis_cmd("srv", "LRANGE l 0 -1", "m"))
  N.redis_cmd("srv", "GET foo", "m")
  N.redis_cmd("srv", "INCR cnt", "m")
  cmd("exec", "EXEC", "x")
  conf("nested", show(KSR.pv.get("$redis(x=>value[0]=>size)")) .. " " ..
       show(KSR.pv.get("$redis(x=>value[0]=>value[0])")) .. " " ..
       show(KSR.pv.get("$redis(x=>value[0]=>type[1])")) .. " " ..
       show(KSR.pv.get("$redis(x=>type[0])")) .. " " ..
       show(KSR.pv.get("$redis(x=>value[0])")) .. " " ..
       show(KSR.pv.get("$redis(x=>value[1])")) .. " " ..
       show(KSR.pv.get("$redis(x=>value[2])")) .. " " ..
       show(KSR.pv.get("$redis(x=>value[9]=>size)")))

  conf("types", KSR.pv.get("$redisd(rpl_str)") .. KSR.pv.get("$redisd(rpl_arr)") ..
       KSR.pv.get("$redisd(rpl_int)") .. KSR.pv.get("$redisd(rpl_nil)") ..
       KSR.pv.get("$redisd(rpl_sts)") .. KSR.pv.get("$redisd(rpl_err)"))

  conf("specifier_without_params", N.redis_cmd("srv", "GET %s", "r"))
  reply("after_refused", "r")
  conf("unknown_server", N.redis_cmd("nosuch", "GET foo", "u"))
  conf("free_unknown_server_reply", N.redis_free("u"))
  conf("free", N.redis_free("r"))
  reply("freed", "r")
  conf("free_again", N.redis_free("r"))
  conf("free_never", N.redis_free("never"))
  conf("reuse_freed", N.redis_cmd("srv", "GET foo", "r"))
  reply("reused", "r")

  conf("down_first", N.redis_cmd("down", "GET foo", "d"))
  reply("down_reply", "d")
  conf("down_disabled", N.redis_cmd("down", "GET foo", "d"))
  conf("srv_still_up", N.redis_cmd("srv", "PING", "r"))
  reply("ping", "r")

  KSR.sl.sl_send_reply(200, "OK")
end
