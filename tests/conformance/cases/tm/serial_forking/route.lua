-- Serial forking by q-value: t_load_contacts orders the Request-URI and
-- the destination set, each t_next_contacts takes the next group of equal
-- q (one Request-URI plus branches), tried again from the failure route.
function ksr_request_route()
  if KSR.is_ACK() or KSR.is_BYE() then
    KSR.tm.t_relay()
    return
  end
  KSR.pv.sets("$ru", "sip:a@127.0.0.1:5080")
  KSR.corex.append_branch_uri_q("sip:b@127.0.0.1:5080", "0.5")
  KSR.corex.append_branch_uri_q("sip:c@127.0.0.1:5080", "1.0")
  KSR.corex.append_branch_uri_q("sip:d@127.0.0.1:5080", "0.5")
  conf("load", KSR.tm.t_load_contacts())
  conf("next", KSR.tm.t_next_contacts())
  conf("first", KSR.pv.get("$ru"))
  KSR.tm.t_on_failure("ksr_failure_route")
  conf("relay", KSR.tm.t_relay())
end

function ksr_branch_route()
  conf("branch", KSR.pv.get("$ru"))
end

function ksr_failure_route()
  conf("failure", KSR.pv.get("$T_reply_code"))
  local next = KSR.tm.t_next_contacts()
  conf("next", next)
  if next < 0 then return end
  conf("then", KSR.pv.get("$ru"))
  KSR.tm.t_on_branch("ksr_branch_route")
  KSR.tm.t_on_failure("ksr_failure_route")
  conf("relay", KSR.tm.t_relay())
end
