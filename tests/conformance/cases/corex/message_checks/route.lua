-- corex's checks on the message, its xflags, files and sockets, in the
-- request route and, for a busy callee, in the failure route.
function ksr_request_route()
  conf("has_ruri_user " .. KSR.pv.get("$rm"), KSR.corex.has_ruri_user())
  conf("has_user_agent", KSR.corex.has_user_agent())
  conf("is_faked_msg", KSR.corex.is_faked_msg())
  conf("isxflagset 3", KSR.corex.isxflagset(3))
  conf("setxflag 3", KSR.corex.setxflag(3))
  conf("isxflagset 3 after", KSR.corex.isxflagset(3))
  conf("resetxflag 3", KSR.corex.resetxflag(3))
  conf("isxflagset 3 reset", KSR.corex.isxflagset(3))
  conf("setxflag 40", KSR.corex.setxflag(40))
  conf("setxflag 64", KSR.corex.setxflag(64))
  conf("is_socket_name", KSR.corex.is_socket_name("main"))
  conf("set_send_socket ours", KSR.corex.set_send_socket("udp:127.0.0.1:5060"))
  conf("set_send_socket other", KSR.corex.set_send_socket("udp:192.0.2.99:5060"))
  conf("file_write", KSR.corex.file_write("/tmp/kemid-conformance-corex.txt", "line one\n"))
  conf("file_read", KSR.corex.file_read("/tmp/kemid-conformance-corex.txt"))
  conf("file_read absent", tostring(KSR.corex.file_read("/nonexistent/kemid/file")))
  if KSR.pv.get("$rm") ~= "INVITE" then
    KSR.sl.sl_send_reply(200, "OK")
    return
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  KSR.tm.t_on_failure("ksr_failure_route_one")
  KSR.tm.t_relay()
end

function ksr_failure_route_one()
  conf("failure is_faked_msg", KSR.corex.is_faked_msg())
  conf("failure isxflagset 40", KSR.corex.isxflagset(40))
  conf("failure has_ruri_user", KSR.corex.has_ruri_user())
end
