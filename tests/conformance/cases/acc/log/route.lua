-- Accounting as Kamailio's stock config sets it up: the R-URI's user says
-- which flags the request gets and who answers it.
function ksr_request_route()
  local user = KSR.pv.get("$rU")
  conf("method", KSR.pv.get("$rm") .. " " .. tostring(user))
  if KSR.pv.get("$rm") == "ACK" then
    -- The ACK of a negative final is tm's (hop by hop); that of the 200 goes on.
    if user == "bob" then KSR.tm.t_relay() end
    return
  end
  if user == "noflags" then
    conf("relay", KSR.tm.t_relay())
    return
  end
  if user == "request" then
    conf("acc_log_request_code", KSR.acc.acc_log_request("403 Not here"))
    conf("acc_log_request_text", KSR.acc.acc_log_request("just a note"))
    conf("acc_log_request_empty", KSR.acc.acc_log_request(""))
    KSR.sl.sl_send_reply(200, "OK")
    return
  end
  KSR.setflag(1)
  if user ~= "logonly" then
    KSR.setflag(2)
    KSR.setflag(3)
  end
  if user == "local" then
    conf("newtran", KSR.tm.t_newtran())
    conf("reply", KSR.tm.t_reply(404, "Nobody Home"))
    return
  end
  conf("relay", KSR.tm.t_relay())
end
