-- change_reply_status in tm's onreply route: the caller gets the changed
-- status line; a provisional or 2xx class cannot be left or entered.
function ksr_request_route()
  if KSR.pv.get("$rm") == "ACK" then
    return -- the ACK of the final reply: tm answered the callee already
  end
  conf("in_request_route", KSR.textopsx.change_reply_status(404, "Not Here"))
  KSR.tm.t_on_reply("ksr_onreply_busy")
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end

function ksr_onreply_busy()
  local X = KSR.textopsx
  conf("to_2xx", X.change_reply_status(200, "OK"))
  conf("out_of_range", X.change_reply_status(700, "Bad"))
  conf("change", X.change_reply_status(404, "Not Here"))
end
