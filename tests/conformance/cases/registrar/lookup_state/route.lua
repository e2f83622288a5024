-- What lookup does to the state the script set before it: $du, branch
-- flags (a contact saved with branch flag 6 set gets it back), and the
-- destination set already there.
function ksr_request_route()
  if KSR.is_REGISTER() then
    if KSR.pv.get("$tU") == "natted" then KSR.setbflag(6) end
    conf("save " .. KSR.pv.get("$tU"), KSR.registrar.save("location", 0))
    return
  end
  KSR.setdsturi("sip:10.9.9.9:5099")
  KSR.setbflag(3)
  conf("append", KSR.corex.append_branch_uri("sip:other@10.9.9.8"))
  conf("lookup " .. KSR.pv.get("$rU"), KSR.registrar.lookup("location"))
  conf("du", KSR.pv.get("$du"))
  conf("bflag 3", KSR.isbflagset(3))
  conf("bflag 6", KSR.isbflagset(6))
  conf("count", KSR.pv.get("$branch(count)"))
  conf("branch 0", KSR.pv.get("$branch(uri)"))
  conf("branch 1", KSR.pv.get("$(branch(uri)[1])"))
  KSR.sl.sl_send_reply(404, "Not Found")
end
