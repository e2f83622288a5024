-- auth_db with calculate_ha1 (the HA1 computed from the plain password
-- column, also for a username with a domain) and use_domain (the realm
-- must be the subscriber's domain).
function ksr_request_route()
  conf("case", KSR.hdr.get("X-Case"))
  local rc = KSR.auth_db.auth_check("127.0.0.1", "subscriber", 1)
  conf("auth_check", rc)
  if rc < 0 then
    conf("auth_challenge", KSR.auth.auth_challenge("127.0.0.1", 1))
    return
  end
  KSR.sl.send_reply(200, "OK")
end
