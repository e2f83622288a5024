-- save() after t_newtran(): the 200 and the error replies go through the
-- transaction.
function ksr_request_route()
  conf("newtran " .. KSR.pv.get("$cs"), KSR.tm.t_newtran())
  conf("save " .. KSR.pv.get("$cs"), KSR.registrar.save("location", 0))
end
