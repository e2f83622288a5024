-- With noreply, a failed check sends nothing; sanity_reply() sends its
-- reply (500 when no check failed). The checks come from the modparams:
-- Expires, Proxy-Require and Contact URIs.
function ksr_request_route()
  local case = KSR.pv.gete("$hdr(X-Case)")
  conf(case .. ":sanity_check_defaults", KSR.sanity.sanity_check_defaults())
  conf(case .. ":sanity_reply", KSR.sanity.sanity_reply())
end
