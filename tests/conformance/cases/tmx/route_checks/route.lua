-- tmx's route checks in every kind of route, and t_precheck_trans on
-- requests routed one at a time (never a retransmission in progress).
local function routeChecks(route)
  conf(route .. " t_is_request_route", KSR.tmx.t_is_request_route())
  conf(route .. " t_is_branch_route", KSR.tmx.t_is_branch_route())
  conf(route .. " t_is_failure_route", KSR.tmx.t_is_failure_route())
  conf(route .. " t_is_reply_route", KSR.tmx.t_is_reply_route())
end

function ksr_request_route()
  routeChecks("request " .. KSR.pv.get("$rm"))
  conf("t_precheck_trans", KSR.tmx.t_precheck_trans())
  conf("t_precheck_trans again", KSR.tmx.t_precheck_trans())
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  KSR.tm.t_on_branch("ksr_branch_route_one")
  KSR.tm.t_on_reply("ksr_onreply_route_one")
  KSR.tm.t_on_failure("ksr_failure_route_one")
  KSR.tm.t_relay()
end

function ksr_reply_route()
  routeChecks("reply " .. KSR.pv.get("$rs"))
end

function ksr_branch_route_one()
  routeChecks("branch")
end

function ksr_onreply_route_one()
  routeChecks("onreply " .. KSR.pv.get("$rs"))
end

function ksr_failure_route_one()
  routeChecks("failure")
end
