-- Refreshes of one registration (same Call-ID): a retransmitted CSeq
-- changes nothing (1), an older one is refused (400, -1); refusals met
-- while processing the contacts list the bindings the AoR keeps.
function ksr_request_route()
  conf("save " .. KSR.pv.get("$cs"), KSR.registrar.save("location", 0))
end
