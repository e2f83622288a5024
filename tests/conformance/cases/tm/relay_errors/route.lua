-- t_relay that cannot reach its next hop: the return code, and the reply tm
-- sends for it after the script (Kamailio's "<code> <text> (<errno>/TM)").
function ksr_request_route()
  local user = KSR.pv.get("$rU")
  if user == "unresolvable" then
    KSR.pv.sets("$du", "sip:no-such-host.invalid:5060")
  elseif user == "refused" then
    KSR.pv.sets("$du", "sip:127.0.0.1:5099;transport=tcp")
  elseif user == "nosocket" then
    KSR.pv.sets("$du", "sip:127.0.0.1:5099;transport=sctp")
  end
  conf(user, KSR.tm.t_relay())
end
