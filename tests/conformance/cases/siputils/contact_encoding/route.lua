-- A contact folded into the user part of the proxy's URI and unfolded
-- again (R-URI and Contact); the callee sees the results.
local S = KSR.siputils

function ksr_request_route()
  local case = KSR.pv.gete("$hdr(X-Case)")
  if case == "encode" then
    conf("encode_contact", S.encode_contact("enc", "192.0.2.99"))
  else
    conf(case .. ":decode_contact", S.decode_contact())
    conf(case .. ":ruri", KSR.pv.get("$ru"))
    conf(case .. ":decode_contact_header", S.decode_contact_header())
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf(case .. ":relay", KSR.tm.t_relay())
end
