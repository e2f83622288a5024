-- REGISTER: save's return codes and its 200 listing every binding (q order,
-- expires raised to min_expires), a query, a refresh, a removal, Contact: *
-- and its misuse; OPTIONS to the AoR: registered and lookup.
function ksr_request_route()
  if KSR.is_REGISTER() then
    conf("save " .. KSR.pv.get("$cs"), KSR.registrar.save("location", 0))
    return
  end
  conf("registered", KSR.registrar.registered("location"))
  conf("lookup", KSR.registrar.lookup("location"))
  conf("ruri", KSR.pv.get("$ru"))
  conf("count", KSR.pv.get("$branch(count)"))
  conf("branch 0", KSR.pv.get("$branch(uri)"))
  conf("branch 0 q", KSR.pv.get("$branch(q)"))
  conf("unknown table", KSR.registrar.registered("nolocation"))
  KSR.sl.sl_send_reply(404, "Not Found")
end
