-- Relays everything to the callee over UDP (no transport in $du); the
-- proxy's udp_mtu moves the large MESSAGE to TCP.
function ksr_request_route()
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("t_relay", KSR.tm.t_relay())
end
