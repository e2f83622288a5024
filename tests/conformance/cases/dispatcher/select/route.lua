-- dispatcher's KEMI functions on one OPTIONS from 127.0.0.1:5070: every
-- deterministic algorithm, the failover list ds_next_dst walks, marks,
-- source lookups. The sets are in dispatcher.list.
local D = KSR.dispatcher

local function du()
  return KSR.pv.get("$du") or "none"
end

local function walk(label)
  local n = 0
  while D.ds_next_dst() > 0 and n < 6 do
    conf(label .. " next", du())
    n = n + 1
  end
  conf(label .. " exhausted", D.ds_next_dst())
end

function ksr_request_route()
  -- Round robin over set 1, the cursor shared by the selections.
  for i = 1, 4 do
    conf("rr " .. i, D.ds_select_dst(1, 4))
    conf("rr " .. i .. " du", du())
  end
  walk("rr")
  -- Hashes over From, To, R-URI (Call-ID's, which varies, at the end).
  for alg = 1, 3 do
    conf("hash " .. alg, D.ds_select_dst(1, alg))
    conf("hash " .. alg .. " du", du())
  end
  -- hash_pvar ("$fU@$tU").
  conf("hash pv", D.ds_select_dst_limit(1, 7, 1))
  conf("hash pv du", du())
  -- Priority: set 2 from its highest priority; a limit of 2.
  conf("priority", D.ds_select_dst_limit(2, 8, 2))
  conf("priority du", du())
  walk("priority")
  -- Inactive and disabled ones are skipped, in selection and failover.
  conf("set 3", D.ds_select_dst(3, 8))
  conf("set 3 du", du())
  walk("set 3")
  conf("set 5 all down", D.ds_select_dst(5, 4))
  conf("no set 9", D.ds_select_dst(9, 4))
  -- Weight: the first destination (the last line: equal priorities are
  -- kept in reverse) takes every slot.
  conf("weight", D.ds_select_dst(4, 9))
  conf("weight du", du())
  conf("latency", D.ds_select_dst(2, 13))
  conf("latency du", du())
  walk("latency")
  -- Call load: the least loaded INVITE target; OPTIONS use the first.
  conf("load", D.ds_select_dst(2, 10))
  conf("load du", du())
  conf("load unset", D.ds_load_unset())
  conf("load update", D.ds_load_update())
  -- Only the list; then the R-URI's host.
  KSR.pv.unset("$du")
  conf("select", D.ds_select(1, 8))
  conf("select du", du())
  conf("set_dst", D.ds_set_dst())
  conf("set_dst du", du())
  conf("domain", D.ds_select_domain_limit(2, 8, 3))
  conf("domain ru", KSR.pv.get("$ru"))
  conf("next domain", D.ds_next_domain())
  conf("next domain ru", KSR.pv.get("$ru"))
  conf("set_domain", D.ds_set_domain())
  -- Several sets in one go: the first one that selects sets $du, the
  -- others add their candidates after its own; a limit over them all.
  KSR.pv.unset("$du")
  conf("routes", D.ds_select_routes("9=4;2=8;1=8", "d"))
  conf("routes du", du())
  walk("routes")
  conf("routes limit", D.ds_select_routes_limit("1=8;2=8", "x", 4))
  conf("routes limit du", du())
  walk("routes limit")
  conf("routes bad", D.ds_select_routes("1-4", "d"))
  conf("routes none", D.ds_select_routes("9=4;5=4", "d"))
  conf("routes bad mode", D.ds_select_routes("1=4", "q"))
  -- Marks: the current destination of the list.
  conf("mark select", D.ds_select_dst(1, 8))
  conf("mark du", du())
  conf("mark", D.ds_mark_dst())
  conf("active 5083", D.ds_is_active_uri(1, "sip:127.0.0.1:5083"))
  conf("mark_state bad", D.ds_mark_dst_state("x"))
  conf("mark_state a", D.ds_mark_dst_state("a"))
  conf("active again", D.ds_is_active_uri(1, "sip:127.0.0.1:5083"))
  conf("mark_state dp", D.ds_mark_dst_state("dp"))
  conf("after disable", D.ds_select_dst(1, 8))
  conf("after disable du", du())
  conf("mark_state a again", D.ds_mark_dst_state("a"))
  conf("mark_state empty", D.ds_mark_dst_state(""))
  conf("active after empty", D.ds_is_active_uri(1, "sip:127.0.0.1:5083"))
  conf("mark_state a last", D.ds_mark_dst_state("a"))
  conf("reload", D.ds_reload())
  conf("reload again", D.ds_reload())
  -- Where the request came from, and the sets.
  conf("from 2", D.ds_is_from_list(2))
  conf("from 1", D.ds_is_from_list(1))
  conf("from any", D.ds_is_from_lists())
  conf("from 2 mode 0", D.ds_is_from_list_mode(2, 0))
  conf("from 2 mode 1", D.ds_is_from_list_mode(2, 1))
  conf("from uri", D.ds_is_from_list_uri(1, 0, "sip:127.0.0.1:5082"))
  conf("from uri mode 2", D.ds_is_from_list_uri(1, 2, "sip:127.0.0.1:5082"))
  conf("from uri other port", D.ds_is_from_list_uri(1, 3, "sip:127.0.0.1:9"))
  conf("exists 4", D.ds_list_exists(4))
  conf("exists 7", D.ds_list_exists(7))
  conf("active 3", D.ds_is_active(3))
  conf("active 5", D.ds_is_active(5))
  conf("active 7", D.ds_is_active(7))
  -- The Call-ID differs on each run: only the code, and no walk after it.
  conf("hash callid", D.ds_select_dst(1, 0))
  KSR.sl.sl_send_reply(200, "OK")
end

-- event_callback: a destination marked down or up.
function ksr_dispatcher_event(evname)
  conf("event", evname .. " ru=" .. tostring(KSR.pv.get("$ru")) .. " du=" .. du())
end
