-- Algorithm 12: the first destination in $du, every other one a branch;
-- t_relay forks to all of them, the callee on 5080 answers.
local D = KSR.dispatcher

function ksr_request_route()
  if KSR.is_ACK() or KSR.is_BYE() then
    KSR.tm.t_relay()
    return
  end
  conf("select", D.ds_select_dst(1, 12))
  conf("du", KSR.pv.get("$du"))
  conf("no failover list", D.ds_next_dst())
  KSR.tm.t_on_branch("ksr_branch_route")
  conf("relay", KSR.tm.t_relay())
end

function ksr_branch_route()
  conf("branch du", KSR.pv.get("$du"))
end
