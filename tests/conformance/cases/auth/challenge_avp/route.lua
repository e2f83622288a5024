-- pv_auth_check's flags 2, 4 and 8 keep a challenge in
-- $avp(digest_challenge) when the check fails (stale=true for a stale
-- nonce) for the script to send itself. Nonces differ per run: blanked.
function challenge_avp()
  local value = KSR.pv.get("$avp(digest_challenge)")
  if value == nil then
    return "<null>"
  end
  return (string.gsub(string.gsub(value, 'nonce="[^"]*"', 'nonce=""'), "\r\n", "<CRLF>"))
end

function ksr_request_route()
  conf("case", KSR.hdr.get("X-Case"))
  local flags = tonumber(KSR.hdr.get("X-Flags"))
  conf("pv_auth_check", KSR.auth.pv_auth_check("example.com", "secret", flags, 0))
  conf("challenge", challenge_avp())
  KSR.sl.send_reply(200, "OK")
end
