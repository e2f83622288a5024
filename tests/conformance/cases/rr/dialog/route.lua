-- A record-routing proxy: the initial INVITE is record-routed and sent to
-- the callee; every in-dialog request (ACK, the callee's re-INVITE and its
-- ACK, BYE) is routed by loose_route.
function ksr_request_route()
  conf("method", KSR.pv.get("$rm"))
  if KSR.pv.get("$tt") ~= nil then
    conf("loose_route", KSR.rr.loose_route())
    conf("du", KSR.pv.get("$du"))
    conf("ruri", KSR.pv.get("$ru"))
    conf("downstream", KSR.rr.is_direction("downstream"))
    conf("upstream", KSR.rr.is_direction("upstream"))
    conf("has_ftag", KSR.rr.check_route_param("ftag="))
    conf("next_hop_route", KSR.rr.next_hop_route())
    conf("relay", KSR.tm.t_relay())
    return
  end
  conf("record_route", KSR.rr.record_route())
  conf("record_route_again", KSR.rr.record_route())
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
