-- set_reply_body: the proxy's own replies (sl, and tm once a transaction
-- exists) carry the body and its Content-Type.
function ksr_request_route()
  local T = KSR.textops
  conf("method", KSR.pv.get("$rm"))
  conf("set_reply_body", T.set_reply_body("<status>ok</status>", "application/xml"))
  conf("set_reply_body_again", T.set_reply_body("again", "text/plain"))
  if KSR.pv.get("$rm") == "MESSAGE" then
    conf("newtran", KSR.tm.t_newtran())
    KSR.tm.t_reply(200, "OK")
    return
  end
  conf("reply", KSR.sl.sl_send_reply(200, "OK"))
end
