-- REGISTER is saved, an INVITE reaches the callee's registered phone, the
-- rest of the call follows it.
function ksr_request_route()
  if KSR.is_REGISTER() then
    if KSR.registrar.save("location", 0) < 0 then KSR.sl.sl_reply_error() end
    return
  end
  if KSR.is_CANCEL() then
    if KSR.tm.t_check_trans() > 0 then KSR.tm.t_relay() end
    return
  end
  if KSR.siputils.has_totag() > 0 then
    -- SIPp's uas does not echo Record-Route: the ACK and BYE come to the
    -- phone's Contact without a Route and go on to it.
    KSR.rr.loose_route()
    KSR.tm.t_relay()
    return
  end
  if KSR.is_INVITE() then KSR.rr.record_route() end
  local rc = KSR.registrar.lookup("location")
  if rc < 0 then
    KSR.sl.sl_send_reply(404, "Not Found")
    return
  end
  if KSR.tm.t_relay() < 0 then KSR.sl.sl_reply_error() end
end
