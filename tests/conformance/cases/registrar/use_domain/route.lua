-- use_domain: AoRs are user@domain; save_uri/lookup_uri/registered_uri with
-- explicit AoRs; +sip.instance, reg-id and a renamed received parameter in
-- the 200.
function ksr_request_route()
  if KSR.is_REGISTER() then
    local cseq = KSR.pv.get("$cs")
    if cseq == "2" then
      conf("save_uri", KSR.registrar.save_uri("location", 0, "sip:bob@example.org"))
    else
      KSR.pv.sets("$avp(RCV)", "sip:192.0.2.8:5070")
      conf("save " .. cseq, KSR.registrar.save("location", 0))
    end
    return
  end
  conf("registered", KSR.registrar.registered("location"))
  conf("registered_uri bob", KSR.registrar.registered_uri("location", "sip:bob@example.org"))
  conf("registered_uri bob other", KSR.registrar.registered_uri("location", "sip:bob@example.com"))
  conf("lookup_uri bob", KSR.registrar.lookup_uri("location", "sip:bob@example.org"))
  conf("ruri", KSR.pv.get("$ru"))
  conf("du", KSR.pv.get("$du"))
  KSR.sl.sl_send_reply(404, "Not Found")
end
