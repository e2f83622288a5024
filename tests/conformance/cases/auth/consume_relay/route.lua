-- The stock flow for a call: an INVITE is challenged (407), the
-- authenticated INVITE has its Proxy-Authorization consumed and is
-- relayed, so the callee never sees the credentials. The ACK to the 407
-- (sent to the Request-URI of the INVITE) stops here; the ACK to the 200,
-- sent to the callee's Contact, goes on.
function ksr_request_route()
  local method = KSR.pv.get("$rm")
  conf("method", method)
  if method == "ACK" and KSR.pv.get("$ru") == "sip:bob@127.0.0.1" then
    return
  end
  if method == "INVITE" then
    local rc = KSR.auth.pv_auth_check("127.0.0.1", "secret", 0, 1)
    conf("pv_auth_check", rc)
    if rc < 0 then
      conf("auth_challenge", KSR.auth.auth_challenge("127.0.0.1", 1))
      return
    end
    conf("consume_credentials", KSR.auth.consume_credentials())
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("t_relay", KSR.tm.t_relay())
end
