-- set_body: a new body and Content-Type on the wire, Content-Length
-- following it; reads still see the received body.
function ksr_request_route()
  local T = KSR.textops
  conf("set_body", T.set_body("v=0\r\n", "application/sdp"))
  conf("has_body_type_received", T.has_body_type("text/plain"))
  conf("search_body_received", T.search_body("hello"))
  conf("is_audio_on_hold", T.is_audio_on_hold())
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
