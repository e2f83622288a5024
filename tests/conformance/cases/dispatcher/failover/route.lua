-- Round robin with failover: the first destination answers 503, the
-- failure route marks it down and relays to the next one kept in the list.
local D = KSR.dispatcher

function ksr_request_route()
  if KSR.is_ACK() or KSR.is_BYE() then
    KSR.tm.t_relay()
    return
  end
  conf("select", D.ds_select_dst(1, 4))
  conf("du", KSR.pv.get("$du"))
  KSR.tm.t_on_failure("ksr_failure_route")
  conf("relay", KSR.tm.t_relay())
end

function ksr_failure_route()
  conf("failure", KSR.pv.get("$T_reply_code"))
  conf("mark", D.ds_mark_dst())
  conf("active", D.ds_is_active_uri(1, "sip:127.0.0.1:5080"))
  conf("next", D.ds_next_dst())
  conf("du", KSR.pv.get("$du"))
  conf("relay", KSR.tm.t_relay())
  conf("no more", D.ds_next_dst())
end
