-- A failed Proxy-Require check answers 420 with Unsupported at once;
-- sanity_reply() then has nothing to send, and the Unsupported header
-- stays with the request for the script's own reply.
function ksr_request_route()
  conf("sanity_check", KSR.sanity.sanity_check(512, 0))
  conf("sanity_reply", KSR.sanity.sanity_reply())
  conf("sl_send_reply", KSR.sl.sl_send_reply(403, "After Sanity"))
end
