-- received_avp: the address save stores as received, listed in the 200 and
-- taken as $du by lookup; Path (path_mode 1): stored, echoed in the 200 when
-- the UA supports it, its first hop taken as $du.
function ksr_request_route()
  if KSR.is_REGISTER() then
    if KSR.pv.get("$tU") == "alice" then
      KSR.pv.sets("$avp(RECEIVED)", "sip:192.0.2.7:5099")
    end
    conf("save " .. KSR.pv.get("$tU"), KSR.registrar.save("location", 0))
    return
  end
  conf("lookup " .. KSR.pv.get("$rU"), KSR.registrar.lookup("location"))
  conf("ruri", KSR.pv.get("$ru"))
  conf("du", KSR.pv.get("$du"))
  KSR.sl.sl_send_reply(404, "Not Found")
end
