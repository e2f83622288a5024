-- auth_db's auth_check on requests other than REGISTER: Proxy-Authorization
-- and the 407 flow of an INVITE, then MESSAGE and OPTIONS sent by bob with
-- alice's credentials: flag 1 wants the From user, flag 2 lifts that for
-- INVITE, BYE, PRACK, UPDATE and MESSAGE. is_subscriber with flag 2 does
-- not load the credentials.
function ksr_request_route()
  local method = KSR.pv.get("$rm")
  conf("case", (KSR.hdr.get("X-Case") or "") .. " " .. method)
  if method == "ACK" then
    conf("auth_check_ack", KSR.auth_db.auth_check("127.0.0.1", "subscriber", 1))
    return
  end
  local rc = KSR.auth_db.auth_check("127.0.0.1", "subscriber", tonumber(KSR.hdr.get("X-Flags") or "1"))
  conf("auth_check", rc)
  if rc < 0 then
    conf("auth_challenge", KSR.auth.auth_challenge("127.0.0.1", 0))
    return
  end
  conf("loaded_pw", KSR.pv.get("$avp(pw)") or "none")
  KSR.pv.unset("$avp(pw)")
  conf("is_subscriber_skip", KSR.auth_db.is_subscriber("sip:alice@127.0.0.1", "subscriber", 2))
  conf("skipped_pw", KSR.pv.get("$avp(pw)") or "none")
  conf("is_subscriber_load", KSR.auth_db.is_subscriber("sip:alice@127.0.0.1", "subscriber", 0))
  conf("reloaded_pw", KSR.pv.get("$avp(pw)") or "none")
  KSR.sl.send_reply(200, "OK")
end
