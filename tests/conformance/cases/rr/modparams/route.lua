-- Record-Route as the modparams shape it: ";lr=on", no ftag, the user of
-- the Request-URI, always a pair with ";r2=on"; is_direction needs the
-- ftag and says so with -6.
function ksr_request_route()
  local case = KSR.hdr.get("X-Case")
  conf("case", case)
  if case == "record" then
    conf("record_route", KSR.rr.record_route())
    conf("add_rr_param", KSR.rr.add_rr_param(";n=1"))
  elseif case == "advertised" then
    conf("advertised", KSR.rr.record_route_advertised_address("proxy.example.com"))
  elseif case == "preset" then
    conf("preset_one", KSR.rr.record_route_preset_one("127.0.0.1"))
    conf("add_rr_param", KSR.rr.add_rr_param(";n=1"))
  else
    conf("loose_route", KSR.rr.loose_route())
    conf("du", KSR.pv.get("$du"))
    conf("downstream", KSR.rr.is_direction("downstream"))
    conf("next_hop_route", KSR.rr.next_hop_route())
  end
  conf("relay", KSR.tm.t_relay())
end
