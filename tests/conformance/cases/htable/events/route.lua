-- What the event callback sees: the made-up request at mod-init (where
-- it also fills the tables), then each expired item.
function ksr_htable_event(evname)
  conf("event", evname)
  conf("$shtrecord(key)", KSR.pv.get("$shtrecord(key)"))
  conf("$shtrecord(value)", KSR.pv.get("$shtrecord(value)"))
  conf("is_faked_msg", KSR.corex.is_faked_msg())
  if evname ~= "htable:mod-init" then
    conf("still in the table", KSR.htable.sht_get("a", KSR.pv.get("$shtrecord(key)")))
    return 1
  end
  for _, name in ipairs({"$rm", "$ru", "$rU", "$fu", "$ft", "$tu", "$ci", "$cs", "$ml", "$sp",
                         "$hdr(Via)", "$hdr(Content-Length)"}) do
    conf(name, KSR.pv.get(name))
  end
  conf("sl_send_reply", KSR.sl.sl_send_reply(200, "OK"))
  conf("sht_seti", KSR.htable.sht_seti("boot", "ready", 42))
  KSR.htable.sht_sets("a", "k1", "v1")
  KSR.htable.sht_seti("a", "k2", 5)
  KSR.htable.sht_sets("b", "k3", "v3")
  return 1
end

function ksr_request_route()
  conf("request is_faked_msg", KSR.corex.is_faked_msg())
  conf("request $shtrecord(key)", KSR.pv.get("$shtrecord(key)"))
  conf("ready", KSR.htable.sht_get("boot", "ready"))
  conf("a::k1 after expiry", KSR.htable.sht_get("a", "k1"))
  KSR.sl.sl_send_reply(200, "OK")
end
