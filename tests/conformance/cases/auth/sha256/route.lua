-- auth with algorithm SHA-256 (RFC 8760): the challenge names it. SIPp
-- 3.6 answers MD5 challenges only, so the SHA-256 responses are checked by
-- auth's unit tests.
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
