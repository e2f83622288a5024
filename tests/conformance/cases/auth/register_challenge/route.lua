-- auth's Kamailio 5.6 KEMI functions over a REGISTER challenged and
-- answered (right password, wrong one, another user's) and an INVITE
-- challenged with 407. The realm is literal in KEMI: "$td" is no realm.
function ksr_request_route()
  local case = KSR.hdr.get("X-Case") or KSR.pv.get("$rm")
  conf("case", case)
  conf("literal_realm", KSR.auth.pv_auth_check("$td", "secret", 0, 0))
  conf("has_credentials", KSR.auth.has_credentials("127.0.0.1"))
  conf("is_user before", KSR.siputils.is_user(KSR.pv.get("$fU") or ""))
  local rc = KSR.auth.pv_auth_check("127.0.0.1", "secret", 0, 1)
  conf("pv_auth_check", rc)
  -- siputils' is_user compares the user of the credentials the check found.
  conf("is_user from", KSR.siputils.is_user(KSR.pv.get("$fU") or ""))
  conf("is_user nobody", KSR.siputils.is_user("nobody"))
  if rc < 0 then
    conf("auth_challenge", KSR.auth.auth_challenge("127.0.0.1", tonumber(KSR.hdr.get("X-Flags") or "1")))
    return
  end
  conf("consume_credentials", KSR.auth.consume_credentials())
  if KSR.pv.get("$rm") ~= "ACK" then
    KSR.sl.send_reply(200, "OK")
  end
end
