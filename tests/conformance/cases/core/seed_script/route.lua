-- The seed script (lua/route.lua) with each route's entry and each return
-- value logged: an answered call, a busy callee (failure route) and a
-- CANCELled call must run the same routes in the same order as Kamailio.
function ksr_request_route()
  conf("request_route", KSR.pv.get("$rm"))
  local maxfwd = KSR.maxfwd.process_maxfwd(10)
  conf("process_maxfwd", maxfwd)
  if maxfwd < 0 then
    KSR.sl.send_reply(483, "Too Many Hops")
    return
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("t_on_branch", KSR.tm.t_on_branch("ksr_branch_route_one"))
  conf("t_on_reply", KSR.tm.t_on_reply("ksr_onreply_route_one"))
  conf("t_on_failure", KSR.tm.t_on_failure("ksr_failure_route_one"))
  local relayed = KSR.tm.t_relay()
  conf("t_relay", relayed)
  if relayed < 0 then
    KSR.sl.send_reply(500, "Server error")
  end
end

function ksr_reply_route()
  conf("reply_route", KSR.pv.get("$rs") .. " " .. KSR.pv.get("$rm"))
end

function ksr_branch_route_one()
  conf("branch_route", KSR.pv.get("$rm"))
end

function ksr_onreply_route_one()
  conf("onreply_route", KSR.pv.get("$rs") .. " " .. KSR.pv.get("$rm"))
end

function ksr_failure_route_one()
  conf("failure_route", KSR.pv.get("$rm"))
  conf("t_get_status_code", KSR.tm.t_get_status_code())
  conf("t_check_status_486", KSR.tm.t_check_status("486"))
  conf("t_is_canceled", KSR.tm.t_is_canceled())
  conf("t_any_timeout", KSR.tm.t_any_timeout())
  conf("t_any_replied", KSR.tm.t_any_replied())
end
