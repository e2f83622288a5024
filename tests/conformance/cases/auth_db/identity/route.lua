-- auth_check's identity check (flag 1) where it reads more than the From
-- user: PUBLISH (To = From = auth user, and the Request-URI user), REGISTER
-- with use_domain (From and To domains), and PRACK (no credentials needed);
-- an OPTIONS with Authorization (after a 401) has no credentials to check.
-- is_subscriber without load_credentials fails (-1) unless flag 2 says not
-- to load them; use_domain does not apply to it, its flag 1 does.
function ksr_request_route()
  conf("case", (KSR.hdr.get("X-Case") or "") .. " " .. KSR.pv.get("$rm"))
  local rc = KSR.auth_db.auth_check("127.0.0.1", "subscriber", 1)
  conf("auth_check", rc)
  if rc < 0 then
    conf("auth_challenge", KSR.auth.auth_challenge("127.0.0.1", 0))
    return
  end
  conf("is_subscriber_no_columns", KSR.auth_db.is_subscriber("sip:alice@127.0.0.1", "subscriber", 0))
  conf("is_subscriber_other_domain", KSR.auth_db.is_subscriber("sip:alice@example.org", "subscriber", 2))
  conf("is_subscriber_with_domain", KSR.auth_db.is_subscriber("sip:alice@example.org", "subscriber", 3))
  KSR.sl.send_reply(200, "OK")
end
