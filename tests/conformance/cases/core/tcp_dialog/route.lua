-- A record-routing proxy that reaches the callee over TCP: a caller over
-- TCP (a_tcp), then one over UDP (b_udp_caller: double Record-Route). The
-- callee's re-INVITE and every in-dialog request go by loose_route, back
-- over the transport each side's Contact and Record-Route say.
function ksr_request_route()
  conf("method", KSR.pv.get("$rm"))
  conf("proto", KSR.pv.get("$pr"))
  conf("is_TCP", KSR.is_TCP())
  conf("is_UDP", KSR.is_UDP())
  if KSR.pv.get("$tt") ~= nil then
    conf("loose_route", KSR.rr.loose_route())
    conf("du", KSR.pv.get("$du"))
    conf("ruri", KSR.pv.get("$ru"))
    conf("relay", KSR.tm.t_relay())
    return
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080;transport=tcp")
  conf("record_route", KSR.rr.record_route())
  conf("relay", KSR.tm.t_relay())
end
