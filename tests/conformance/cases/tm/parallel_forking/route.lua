-- Parallel forking: the Request-URI and the destination set are relayed
-- at once (one branch each), the best final wins, and a 2xx cancels the
-- branches still ringing.
function ksr_request_route()
  if KSR.is_ACK() or KSR.is_BYE() then
    KSR.tm.t_relay()
    return
  end
  KSR.setbflag(1)
  conf("append b", KSR.corex.append_branch_uri("sip:b@127.0.0.1:5080"))
  KSR.resetbflag(1)
  KSR.setbflag(2)
  conf("append c", KSR.corex.append_branch_uri_q("sip:c@127.0.0.1:5080", "0.5"))
  conf("bad q", KSR.corex.append_branch_uri_q("sip:d@127.0.0.1:5080", "2"))
  conf("count", KSR.pv.get("$branch(count)"))
  conf("branch 0 uri", KSR.pv.get("$branch(uri)"))
  conf("branch 0 q", KSR.pv.get("$branch(q)"))
  conf("branch 1 q", KSR.pv.get("$(branch(q)[1])"))
  conf("branch 1 flags", KSR.pv.get("$(branch(flags)[1])"))
  conf("branch 2 uri", KSR.pv.get("$(branch(uri)[2])"))
  conf("flag 1 on branch 1", KSR.isbiflagset(1, 1))
  conf("flag 2 on branch 2", KSR.isbiflagset(2, 2))
  conf("flag 2 on branch 3", KSR.isbiflagset(2, 3))
  KSR.pv.sets("$ru", "sip:a@127.0.0.1:5080")
  KSR.tm.t_on_branch("ksr_branch_route")
  KSR.tm.t_on_failure("ksr_failure_route")
  conf("relay", KSR.tm.t_relay())
  conf("count after relay", KSR.pv.get("$branch(count)"))
end

function ksr_branch_route()
  conf("branch " .. KSR.tm.t_get_branch_index(), KSR.pv.get("$ru"))
  conf("branch flags 1 2", tostring(KSR.isbflagset(1)) .. " " .. tostring(KSR.isbflagset(2)))
end

function ksr_failure_route()
  conf("failure", KSR.pv.get("$T_reply_code"))
end
