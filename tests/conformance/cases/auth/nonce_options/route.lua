-- auth with nonce_count, add_authinfo_hdr, algorithm and realm_prefix set:
-- the challenge names the algorithm and the stripped realm, a successful
-- check adds Authentication-Info to the replies, and an INVITE challenged
-- after t_newtran is answered by tm.
function ksr_request_route()
  conf("case", KSR.hdr.get("X-Case") or KSR.pv.get("$rm"))
  if KSR.pv.get("$rm") == "ACK" then
    return
  end
  if KSR.pv.get("$rm") == "INVITE" then
    conf("t_newtran", KSR.tm.t_newtran())
  end
  local rc = KSR.auth.pv_auth_check("sip.127.0.0.1", "secret", 0, 1)
  conf("pv_auth_check", rc)
  if rc < 0 then
    conf("auth_challenge", KSR.auth.auth_challenge("sip.127.0.0.1", 1))
    return
  end
  KSR.sl.send_reply(200, "OK")
end
