-- A contact registered through an edge proxy (Path, RFC 3327): the call to
-- it is routed through that proxy, its Path sent as Route header fields in
-- front of the request's own.
function ksr_request_route()
  if KSR.is_REGISTER() then
    conf("save", KSR.registrar.save("location", 0))
    return
  end
  if KSR.is_ACK() then
    KSR.tm.t_relay()
    return
  end
  conf("lookup", KSR.registrar.lookup("location"))
  conf("ruri", KSR.pv.get("$ru"))
  conf("du", KSR.pv.get("$du"))
  conf("relay", KSR.tm.t_relay())
end
