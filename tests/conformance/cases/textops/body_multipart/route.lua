-- set_body_multipart and its variants make a text body multipart (the
-- Request-URI's user says which); the callee sees the result.
local T = KSR.textops

function ksr_request_route()
  local which = KSR.pv.get("$rU")
  if which == "mode" then
    conf("set_body_multipart_mode", T.set_body_multipart_mode())
  elseif which == "content" then
    conf("set_body_multipart_content", T.set_body_multipart_content("new text", "text/x-y"))
  elseif which == "full" then
    conf("set_body_multipart", T.set_body_multipart("new text", "text/x-y", "delim"))
  elseif which == "boundary" then
    conf("set_body_multipart_boundary", T.set_body_multipart_boundary("bnd"))
  else
    conf("set_body_multipart_mode no body", T.set_body_multipart_mode())
    conf("set_body_multipart_boundary no body", T.set_body_multipart_boundary("bnd"))
    KSR.sl.sl_send_reply(200, "OK")
    return
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
