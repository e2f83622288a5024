-- KSR.corex.send_data and sendx: raw text to a URI's address, outside any
-- transaction (here SIP MESSAGEs the callee gets), and their failures; the
-- socket and Via options, and set_source_address (after the reply, which
-- would otherwise go to the new address).
local function message(cseq)
  return "MESSAGE sip:callee@127.0.0.1:5080 SIP/2.0\r\n" ..
         "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKsenddata" .. cseq .. "\r\n" ..
         "From: <sip:proxy@127.0.0.1>;tag=senddata\r\n" ..
         "To: <sip:callee@127.0.0.1>\r\n" ..
         "Call-ID: senddata@127.0.0.1\r\n" ..
         "CSeq: " .. cseq .. " MESSAGE\r\n" ..
         "Max-Forwards: 70\r\n" ..
         "Content-Length: 0\r\n\r\n"
end

function ksr_request_route()
  conf("send_data", KSR.corex.send_data("sip:127.0.0.1:5080", message(1)))
  conf("sendx foreign socket",
       KSR.corex.sendx("sip:callee@127.0.0.1:5080;transport=udp", "udp:192.0.2.1:5060", message(2)))
  conf("send_data not a uri", KSR.corex.send_data("not a uri", "x"))
  conf("send_data no address", KSR.corex.send_data("sip:no.such.host.invalid:5080", "x"))
  conf("set_send_socket_name", KSR.corex.set_send_socket_name("nosuch"))
  conf("set_recv_socket_name", KSR.corex.set_recv_socket_name("nosuch"))
  conf("via_add_srvid", KSR.corex.via_add_srvid(1))
  conf("via_add_xavp_params", KSR.corex.via_add_xavp_params(1))
  conf("via_use_xavp_fields", KSR.corex.via_use_xavp_fields(1))
  KSR.sl.sl_send_reply(200, "OK")
  conf("set_source_address", KSR.corex.set_source_address("127.0.0.2:5999"))
  conf("source", KSR.pv.get("$si") .. ":" .. KSR.pv.get("$sp"))
  conf("set_source_address proto", KSR.corex.set_source_address("udp:127.0.0.3:5998"))
  conf("source proto", KSR.pv.get("$si") .. ":" .. KSR.pv.get("$sp"))
  conf("set_source_address no address", KSR.corex.set_source_address("no.such.host.invalid"))
  conf("source kept", KSR.pv.get("$si") .. ":" .. KSR.pv.get("$sp"))
end
