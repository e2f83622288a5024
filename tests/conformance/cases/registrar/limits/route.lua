-- max_contacts (503, -2), min_expires_mode 1 (423 with Min-Expires, -1), and
-- save flag 0x04 (one contact per AoR) making room for a new one.
function ksr_request_route()
  local cseq = KSR.pv.get("$cs")
  local flags = 0
  if cseq == "5" then flags = 4 end
  conf("save " .. cseq, KSR.registrar.save("location", flags))
end
