-- An INVITE with an SDP offer on hold: body checks, index removals and
-- plain-text replacements, relayed; the callee answers busy.
function ksr_request_route()
  local T = KSR.textops
  if KSR.pv.get("$rm") == "ACK" then
    return -- the ACK of the busy reply: tm answered the callee already
  end
  conf("has_body_type", T.has_body_type("application/sdp"))
  conf("is_audio_on_hold", T.is_audio_on_hold())
  conf("remove_hf_idx_last", T.remove_hf_idx("X-Multi", -1))
  conf("remove_hf_idx_first", T.remove_hf_idx("X-Multi", 0))
  conf("remove_hf_idx_absent", T.remove_hf_idx("X-Multi", 5))
  conf("replace_str", T.replace_str("Alice", "Carol", "f"))
  conf("replace_hdrs_str", T.replace_hdrs_str("on hold", "held", "a"))
  conf("replace_body_str", T.replace_body_str("sendonly", "inactive", "a"))
  conf("subst_uri", T.subst_uri("/:5080$/:5080;x=1/"))
  conf("ru", KSR.pv.get("$ru"))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
