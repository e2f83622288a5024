-- A reply stays with the worker from one message to the next until
-- redis_free or another command under its name (one worker: children=1).
local function show(v)
  return type(v) .. ":" .. tostring(v)
end

function ksr_request_route()
  conf("kept", show(KSR.pv.get("$redis(last=>value)")) .. " " ..
       show(KSR.pv.get("$redis(gone=>type)")))
  conf("incr", KSR.ndb_redis.redis_cmd("srv", "INCR n", "last"))
  conf("set", KSR.ndb_redis.redis_cmd("srv", "SET k v", "gone"))
  conf("free", KSR.ndb_redis.redis_free("gone"))
  KSR.sl.sl_send_reply(200, "OK")
end
