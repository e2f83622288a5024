-- auth_db's auth_check over REGISTERs challenged (401) and answered: the
-- right password (HA1 from the ha1 column, and from ha1b for a username
-- with a domain), a wrong one, an unknown user, a stored HA1 for another
-- realm, and the identity check of flag 1 (To user = auth user = From
-- user); then is_subscriber, and load_credentials' AVP.
function ksr_request_route()
  conf("case", KSR.hdr.get("X-Case"))
  local rc = KSR.auth_db.auth_check("127.0.0.1", "subscriber", tonumber(KSR.hdr.get("X-Flags") or "1"))
  conf("auth_check", rc)
  conf("loaded_domain", KSR.pv.get("$avp(domain)") or "none")
  if rc < 0 then
    conf("auth_challenge", KSR.auth.auth_challenge("127.0.0.1", 1))
    return
  end
  conf("is_subscriber_to", KSR.auth_db.is_subscriber(KSR.pv.get("$tu"), "subscriber", 1))
  conf("is_subscriber_other_domain", KSR.auth_db.is_subscriber("sip:alice@example.org", "subscriber", 1))
  conf("is_subscriber_any_domain", KSR.auth_db.is_subscriber("sip:alice@example.org", "subscriber", 0))
  conf("is_subscriber_unknown", KSR.auth_db.is_subscriber("sip:zed@127.0.0.1", "subscriber", 0))
  conf("is_subscriber_bad_uri", KSR.auth_db.is_subscriber("nonsense", "subscriber", 0))
  KSR.sl.send_reply(200, "OK")
end
