-- KSR.sl.sl_forward_reply: copies of a received reply relayed statelessly,
-- with the status changed within its class; the reply itself is dropped.
function ksr_request_route()
  if KSR.is_INVITE() then
    conf("sl_forward_reply in request route", KSR.sl.sl_forward_reply("404", "x"))
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  KSR.forward()
end

function ksr_reply_route()
  conf("reply", KSR.pv.get("$rs"))
  conf("other class", KSR.sl.sl_forward_reply("302", "Moved"))
  conf("not a code", KSR.sl.sl_forward_reply("abc", "x"))
  conf("unchanged", KSR.sl.sl_forward_reply("", ""))
  conf("code and reason", KSR.sl.sl_forward_reply("404", "Not Here"))
  conf("code only", KSR.sl.sl_forward_reply("480", ""))
  KSR.x.drop()
end
