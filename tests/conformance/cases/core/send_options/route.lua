-- The per-message send options: connection flags (recorded; UDP has no
-- connections), add_tcp_alias*, and add_local_rport / set_advertised_*,
-- which change the proxy's own Via and its Record-Route the callee receives.
function ksr_request_route()
  conf("set_reply_no_connect", KSR.set_reply_no_connect())
  conf("set_reply_close", KSR.set_reply_close())
  conf("set_forward_close", KSR.set_forward_close())
  conf("set_forward_no_connect", KSR.set_forward_no_connect())
  conf("add_tcp_alias", KSR.add_tcp_alias(5099))
  conf("add_tcp_alias_via", KSR.add_tcp_alias_via())
  conf("add_local_rport", KSR.add_local_rport())
  conf("set_advertised_address", KSR.set_advertised_address("192.0.2.1"))
  conf("set_advertised_port", KSR.set_advertised_port("7777"))
  conf("record_route", KSR.rr.record_route())
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
