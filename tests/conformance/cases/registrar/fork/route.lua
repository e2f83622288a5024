-- An INVITE to a registered user forks to all its contacts at once, the
-- Request-URI to the best one and a branch each for the others, in q order.
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
  conf("count", KSR.pv.get("$branch(count)"))
  conf("branch 0", KSR.pv.get("$branch(uri)"))
  conf("branch 1", KSR.pv.get("$(branch(uri)[1])"))
  conf("relay", KSR.tm.t_relay())
end
