-- Each MESSAGE names in X-Case what the script does with it; every one is
-- relayed to the callee, so that it shows what rr changed.
local function routed()
  conf("route_uri", KSR.pv.get("$route_uri"))
  conf("loose_route", KSR.rr.loose_route())
  conf("du", KSR.pv.get("$du"))
  conf("ruri", KSR.pv.get("$ru"))
  conf("next_hop_route", KSR.rr.next_hop_route())
  conf("nat_param", KSR.rr.check_route_param("nat=yes"))
  conf("downstream", KSR.rr.is_direction("downstream"))
  conf("upstream", KSR.rr.is_direction("upstream"))
end

function ksr_request_route()
  local case = KSR.hdr.get("X-Case")
  conf("case", case)
  if case == "record" then
    conf("add_rr_param", KSR.rr.add_rr_param(";early=1"))
    conf("record_route_params", KSR.rr.record_route_params(";p=2"))
    conf("add_rr_param_after", KSR.rr.add_rr_param(";late=3"))
  elseif case == "preset" then
    conf("record_route_preset", KSR.rr.record_route_preset("127.0.0.1:5060;x=1", "127.0.0.1;x=2"))
    conf("add_rr_param_after", KSR.rr.add_rr_param(";late=3"))
  elseif case == "preset_one" then
    conf("add_rr_param", KSR.rr.add_rr_param(";early=1"))
    conf("record_route_preset_one", KSR.rr.record_route_preset_one("127.0.0.1"))
    conf("add_rr_param_after", KSR.rr.add_rr_param(";late=3"))
  elseif case == "advertised" then
    conf("add_rr_param", KSR.rr.add_rr_param(";early=1"))
    conf("advertised", KSR.rr.record_route_advertised_address("proxy.example.com:5090"))
    conf("again", KSR.rr.record_route())
  elseif case == "preloaded_only" then
    conf("loose_route_preloaded", KSR.rr.loose_route_preloaded())
  elseif case == "loose_only" then
    conf("loose_route_mode", KSR.rr.loose_route_mode(1))
    conf("du", KSR.pv.get("$du"))
    conf("ruri", KSR.pv.get("$ru"))
  else
    routed()
  end
  conf("relay", KSR.tm.t_relay())
end
