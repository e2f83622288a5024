-- auth's codes for credentials that cannot authenticate: a foreign nonce,
-- a nonce from before the start, missing fields, a response of the wrong
-- length, another scheme, the other header, and requests never checked.
-- consume_credentials works on credentials found even when they failed.
function ksr_request_route()
  conf("case", KSR.hdr.get("X-Case"))
  conf("pv_auth_check", KSR.auth.pv_auth_check("example.com", "secret", 0, 0))
  conf("has_credentials", KSR.auth.has_credentials("example.com"))
  conf("consume_credentials", KSR.auth.consume_credentials())
  KSR.sl.send_reply(200, "OK")
end
