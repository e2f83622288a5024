-- msg_apply_changes runs in the request route and the core reply route
-- only; in tm's failure route it answers -1 and changes nothing.
function ksr_request_route()
  local T = KSR.textops
  if KSR.pv.get("$rm") == "ACK" then
    return -- the ACK of the busy reply: tm answered the callee already
  end
  conf("remove_hf", T.remove_hf("Subject"))
  conf("apply", KSR.textopsx.msg_apply_changes())
  conf("present_after_apply", T.is_present_hf("Subject"))
  conf("keep_hf", KSR.textopsx.keep_hf())
  KSR.tm.t_on_failure("ksr_failure_busy")
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end

function ksr_failure_busy()
  conf("failure_remove_hf", KSR.textops.remove_hf("X-Multi"))
  conf("failure_apply", KSR.textopsx.msg_apply_changes())
  conf("failure_present", KSR.textops.is_present_hf("X-Multi"))
end
