-- received and rport on the top Via (RFC 3261 §18.2.1, RFC 3581 §4), in
-- local replies (OPTIONS, answered here) and in forwarded requests
-- (MESSAGE, relayed to the callee): with and without the client's rport,
-- from a sent-by that is or is not the source address, with force_rport().
function ksr_request_route()
  if KSR.hdr.get("X-Force") then conf("force_rport", KSR.force_rport()) end
  conf("method", KSR.pv.get("$rm"))
  if KSR.is_OPTIONS() then
    KSR.sl.sl_send_reply(200, "OK")
    return
  end
  KSR.tm.t_relay()
end
