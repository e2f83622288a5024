-- one_time_nonce with auth_checks_register (Request-URI and Call-ID): a
-- nonce authenticates once (-6 when used again), a new challenge gives
-- the next one.
function ksr_request_route()
  conf("case", KSR.hdr.get("X-Case"))
  local rc = KSR.auth.pv_auth_check("127.0.0.1", "secret", 0, 1)
  conf("pv_auth_check", rc)
  if rc < 0 then
    conf("auth_challenge", KSR.auth.auth_challenge("127.0.0.1", 1))
    return
  end
  KSR.sl.send_reply(200, "OK")
end
