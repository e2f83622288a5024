-- REGISTER: save's return codes and its 200 listing every binding (q order,
-- expires raised to min_expires), a query, a refresh, a removal, Contact: *
-- and its misuse; OPTIONS to the AoR: registered, lookup, unregister.
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
  conf("registered_uri", KSR.registrar.registered_uri("location", "sip:alice@127.0.0.1"))
  conf("unregister nobody", KSR.registrar.unregister("location", "sip:nobody@127.0.0.1"))
  conf("unregister alice", KSR.registrar.unregister("location", "sip:alice@127.0.0.1"))
  conf("registered after", KSR.registrar.registered("location"))
  KSR.sl.sl_send_reply(404, "Not Found")
end
