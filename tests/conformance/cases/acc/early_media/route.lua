-- early_media 1: a relayed provisional with a body (the 183 with SDP, not
-- the 180) is accounted as the transaction answered, then the 200 as well.
function ksr_request_route()
  conf("method", KSR.pv.get("$rm"))
  if KSR.pv.get("$rm") ~= "ACK" then KSR.setflag(1) end
  conf("relay", KSR.tm.t_relay())
end
