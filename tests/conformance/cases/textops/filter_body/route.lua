-- filter_body keeps one part of a multipart body (from after its
-- Content-Type line, as Kamailio 5.6 does); the callee sees it.
function ksr_request_route()
  local T = KSR.textops
  conf("has_body_type_multipart", T.has_body_type("multipart/mixed"))
  conf("has_body_type_part", T.has_body_type("application/sdp"))
  conf("filter_absent", T.filter_body("image/png"))
  conf("filter_sdp", T.filter_body("application/sdp"))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
