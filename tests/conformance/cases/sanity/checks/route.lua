-- Each request names its case (X-Case) and the masks to check (X-M, X-U);
-- a failed check has already been answered by sanity, a passed one gets 200.
function ksr_request_route()
  local case = KSR.pv.gete("$hdr(X-Case)")
  local result
  if case == "defaults" then
    result = KSR.sanity.sanity_check_defaults()
  else
    result = KSR.sanity.sanity_check(tonumber(KSR.pv.get("$hdr(X-M)")),
                                     tonumber(KSR.pv.get("$hdr(X-U)")))
  end
  conf(case, result)
  if result == 1 then
    KSR.sl.sl_send_reply(200, "Passed")
  end
end
