-- NAT keepalive: a binding saved with the NAT flag (usrloc nat_bflag) and
-- sipping_bflag gets an OPTIONS every natping_interval, with its Path as
-- Route. The callee is the contact: it answers the first ping (the answer
-- is dropped) and unregisters, which ends the pinging.
function ksr_request_route()
  if KSR.is_REGISTER() then
    KSR.setbflag(6)
    KSR.setbflag(7)
    conf("save", KSR.registrar.save("location", 0))
    return
  end
  KSR.sl.sl_send_reply(404, "Not Found")
end
