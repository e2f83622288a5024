-- msg_apply_changes makes pending changes visible to the script.
function ksr_request_route()
  local T = KSR.textops
  local X = KSR.textopsx
  conf("remove_hf", T.remove_hf("Subject"))
  conf("present_before_apply", T.is_present_hf("Subject"))
  conf("replace", T.replace("Alice", "Carol"))
  conf("apply", X.msg_apply_changes())
  conf("present_after_apply", T.is_present_hf("Subject"))
  conf("from_name", KSR.pv.get("$fn"))
  conf("apply_nothing_pending", X.msg_apply_changes())
  conf("keep_hf_re", X.keep_hf_re("^x-"))
  conf("remove_body", X.remove_body())
  conf("has_body_before_apply", T.has_body())
  conf("apply_again", X.msg_apply_changes())
  conf("has_body_after_apply", T.has_body())
  conf("privacy_after_apply", T.is_present_hf("Privacy"))
  conf("fnmatch", X.fnmatch("alice", "a*"))
  conf("fnmatch_no", X.fnmatch("alice", "b*"))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
