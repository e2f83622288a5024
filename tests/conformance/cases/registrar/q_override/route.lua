-- set_q_override: the q-value every contact of this REGISTER is saved
-- with, whatever it asks for; an invalid one is refused.
function ksr_request_route()
  conf("bad q", KSR.registrar.set_q_override("2"))
  if KSR.pv.get("$cs") == "1" then
    conf("q override", KSR.registrar.set_q_override("0.7"))
  end
  conf("add_sock_hdr", KSR.registrar.add_sock_hdr("X-Sock"))
  conf("save " .. KSR.pv.get("$cs"), KSR.registrar.save("location", 0))
end
