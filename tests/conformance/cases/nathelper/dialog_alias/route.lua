-- A caller behind a NAT: its INVITE's Contact gets an alias and its SDP the
-- source address; the callee's BYE, sent to that Contact, goes back to the
-- source through handle_ruri_alias.
local N = KSR.nathelper

function ksr_request_route()
  local method = KSR.pv.get("$rm")
  if KSR.siputils.has_totag() > 0 then
    conf(method .. ":loose_route", KSR.rr.loose_route())
    conf(method .. ":handle_ruri_alias", N.handle_ruri_alias())
    conf(method .. ":du", KSR.pv.get("$du"))
    conf(method .. ":relay", KSR.tm.t_relay())
    return
  end
  conf(method .. ":nat_uac_test", N.nat_uac_test(19))
  KSR.rr.record_route()
  conf(method .. ":set_contact_alias", N.set_contact_alias())
  conf(method .. ":fix_nated_sdp", N.fix_nated_sdp(3))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf(method .. ":relay", KSR.tm.t_relay())
end
