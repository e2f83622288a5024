-- The Contact, Request-URI and SDP fixes, each on its own MESSAGE relayed
-- to the callee, which sees the result.
local N = KSR.nathelper

local fixes = {
  fix_nated_contact = function() return N.fix_nated_contact() end,
  fix_nated_register = function()
    local rc = N.fix_nated_register()
    conf("received_avp", KSR.pv.gete("$avp(RECEIVED)"))
    return rc
  end,
  set_contact_alias = function() return N.set_contact_alias() end,
  set_contact_alias_trim = function() return N.set_contact_alias_trim() end,
  add_contact_alias = function() return N.add_contact_alias() end,
  add_contact_alias_addr = function() return N.add_contact_alias_addr("192.0.2.7", "5099", "tcp") end,
  add_rcv_param0 = function() return N.add_rcv_param(0) end,
  add_rcv_param1 = function() return N.add_rcv_param(1) end,
  handle_ruri_alias = function()
    local rc = N.handle_ruri_alias()
    conf("ruri", KSR.pv.get("$ru"))
    conf("du", KSR.pv.get("$du"))
    return rc
  end,
  handle_ruri_alias_mode = function()
    local rc = N.handle_ruri_alias_mode(0)
    conf("ruri", KSR.pv.get("$ru"))
    conf("du", KSR.pv.get("$du"))
    return rc
  end,
  handle_ruri_alias_none = function() return N.handle_ruri_alias() end,
  set_alias_to_pv = function()
    local rc = N.set_alias_to_pv("$var(alias)")
    conf("alias_pv", KSR.pv.gete("$var(alias)"))
    return rc
  end,
  fix_then_alias = function()
    conf("fix_nated_contact_first", N.fix_nated_contact())
    conf("set_contact_alias_after_fix", N.set_contact_alias())
    return N.fix_nated_contact()
  end,
  alias_twice = function()
    conf("add_contact_alias_first", N.add_contact_alias())
    return N.set_contact_alias()
  end,
  register = function()
    conf("register:fix_nated_register", N.fix_nated_register())
    conf("register:received_avp", KSR.pv.gete("$avp(RECEIVED)"))
    return N.add_rcv_param(0)
  end,
  fix_nated_sdp1 = function() return N.fix_nated_sdp(1) end,
  fix_nated_sdp2 = function() return N.fix_nated_sdp(2) end,
  fix_nated_sdp_ip = function() return N.fix_nated_sdp_ip(1, "192.0.2.9") end,
  fix_nated_sdp_hold = function() return N.fix_nated_sdp(10) end,
  fix_nated_sdp_ip6 = function() return N.fix_nated_sdp(10) end,
  fix_nated_sdp_nobody = function() return N.fix_nated_sdp(3) end,
}

function ksr_request_route()
  local case = KSR.pv.gete("$hdr(X-Case)")
  conf(case, fixes[case]())
  if KSR.pv.is_null("$du") then KSR.pv.sets("$du", "sip:127.0.0.1:5080") end
  conf(case .. ":relay", KSR.tm.t_relay())
end
