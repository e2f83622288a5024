-- save's flags 0x02 (no reply: the script answers) and 0x12 (reply
-- prepared for reg_send_reply); method_filtering with the methods of a
-- contact from Allow or its methods parameter.
function ksr_request_route()
  if KSR.is_REGISTER() then
    local cseq = KSR.pv.get("$cs")
    if cseq == "1" then
      conf("save no reply", KSR.registrar.save("location", 2))
      KSR.sl.send_reply(200, "OK")
    elseif cseq == "2" then
      conf("save prepared", KSR.registrar.save("location", 18))
      conf("reg_send_reply", KSR.registrar.reg_send_reply())
    else
      conf("save " .. cseq, KSR.registrar.save("location", 0))
    end
    return
  end
  conf("lookup " .. KSR.pv.get("$rm"), KSR.registrar.lookup("location"))
  conf("ruri", KSR.pv.get("$ru"))
  KSR.sl.sl_send_reply(404, "Not Found")
end
