-- msg_set_buffer: the script replaces the whole request (another
-- Request-URI, one more header); reads and the reply follow the new text.
function ksr_request_route()
  conf("msg_set_buffer empty", KSR.textopsx.msg_set_buffer(""))
  local text = KSR.pv.get("$mb")
  local replaced = string.gsub(text, "^OPTIONS [^ ]+", "OPTIONS sip:carol@127.0.0.1:5060", 1)
  replaced = string.gsub(replaced, "\r\nContent%-Length:", "\r\nX-New: yes\r\nContent-Length:", 1)
  conf("msg_set_buffer", KSR.textopsx.msg_set_buffer(replaced))
  conf("ruri", KSR.pv.get("$ru"))
  conf("X-New", KSR.pv.get("$hdr(X-New)"))
  conf("user agent", KSR.pv.get("$ua"))
  KSR.sl.sl_send_reply(200, "OK")
end
