-- A MESSAGE relayed to the callee: the checks in the request route and in
-- the reply route for its 200.
local S = KSR.siputils

function ksr_request_route()
  conf("request:is_request", S.is_request())
  conf("request:is_reply", S.is_reply())
  conf("request:has_totag", S.has_totag())
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end

function ksr_reply_route()
  conf("reply:is_request", S.is_request())
  conf("reply:is_reply", S.is_reply())
  conf("reply:has_totag", S.has_totag())
  conf("reply:is_first_hop", S.is_first_hop())
  conf("reply:options_reply", S.options_reply())
end
