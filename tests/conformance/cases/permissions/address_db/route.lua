-- The address and trusted tables from db_url (db_mode 1, as the stock
-- example's WITH_IPAUTH). SIPp sends from 127.0.0.1:5070; each request
-- names its From user and Request-URI user.
local P = KSR.permissions

local function tag()
  return KSR.pv.get("$avp(tag)") or "none"
end

function ksr_request_route()
  local case = KSR.pv.get("$fU") .. "->" .. KSR.pv.get("$rU")
  conf(case .. " allow_source_address", P.allow_source_address(1))
  conf(case .. " allow_source_address 3", P.allow_source_address(3))
  conf(case .. " allow_source_address_group", P.allow_source_address_group())
  conf(case .. " tag after group lookup", tag())
  conf(case .. " allow_address 2 10.7.7.7:1", P.allow_address(2, "10.7.7.7", 1))
  conf(case .. " allow_address_group 10.0.0.1:5", P.allow_address_group("10.0.0.1", 5))
  conf(case .. " allow_address_group 127.1.1.1:5070", P.allow_address_group("127.1.1.1", 5070))
  conf(case .. " tag after subnet group lookup", tag())
  local trusted = P.allow_trusted()
  conf(case .. " allow_trusted", trusted)
  conf(case .. " tag", tag())
  if trusted > 0 then
    KSR.sl.sl_send_reply(200, "Trusted")
  else
    KSR.sl.sl_send_reply(403, "Not Trusted")
  end
end
