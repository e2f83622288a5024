-- A Contact URI carried in a parameter: encoded into the proxy's address,
-- decoded back (in Contact and in the R-URI), removed. The callee sees the
-- Contacts and the R-URI as changed.
local S = KSR.siputils

function ksr_request_route()
  local case = KSR.pv.gete("$hdr(X-Case)")
  if case == "encode" then
    conf("encode", S.contact_param_encode("kx", "sip:127.0.0.1:5060"))
  elseif case == "decode" then
    conf("decode", S.contact_param_decode("kx"))
    conf("decode_ruri", S.contact_param_decode_ruri("kx"))
    conf("decode_ruri_absent", S.contact_param_decode_ruri("absent"))
    conf("ruri", KSR.pv.get("$ru"))
  else
    conf("rm", S.contact_param_rm("kx"))
    conf("rm_absent", S.contact_param_rm("absent"))
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf(case .. ":relay", KSR.tm.t_relay())
end
