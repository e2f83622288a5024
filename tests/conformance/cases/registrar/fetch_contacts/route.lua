-- reg_fetch_contacts / reg_free_contacts and $ulc(profile=>attr): the
-- attributes of each fetched contact, by index, the record's count, an
-- unknown profile, a freed one and an AoR without contacts.
local function show(label, name)
  local v = KSR.pv.get(name)
  conf(label, v == nil and "<nil>" or tostring(v))
end

function ksr_request_route()
  if KSR.is_REGISTER() then
    if KSR.pv.get("$cs") == "2" then
      KSR.setbflag(3)
      KSR.pv.sets("$avp(RECEIVED)", "sip:192.0.2.7:5099")
    end
    conf("save", KSR.registrar.save("location", 0))
    return
  end
  conf("fetch", KSR.registrar.reg_fetch_contacts("location", "sip:alice@127.0.0.1", "p"))
  show("count", "$ulc(p=>count)")
  show("aor", "$ulc(p=>aor)")
  show("domain", "$ulc(p=>domain)")
  for i = 0, 2 do
    local function at(attr) return "$(ulc(p=>" .. attr .. ")[" .. i .. "])" end
    for _, attr in ipairs({"addr", "path", "received", "q", "cseq", "flags", "cflags",
                           "user_agent", "socket", "methods", "instance", "regid", "reg_id"}) do
      show(i .. " " .. attr, at(attr))
    end
    local expires = KSR.pv.get(at("expires"))
    conf(i .. " expires", expires == nil and "<nil>" or tostring(expires - os.time() > 100))
    conf(i .. " callid is $ci", tostring(KSR.pv.get(at("callid")) == KSR.pv.get("$ci")))
    local ruid = KSR.pv.get(at("ruid"))
    conf(i .. " ruid", ruid == nil and "<nil>" or tostring(#ruid > 0))
  end
  show("no index", "$ulc(p=>addr)")
  show("unknown profile", "$ulc(q=>addr)")
  conf("free", KSR.registrar.reg_free_contacts("p"))
  show("freed count", "$ulc(p=>count)")
  show("freed addr", "$ulc(p=>addr)")
  conf("fetch none", KSR.registrar.reg_fetch_contacts("location", "sip:nobody@127.0.0.1", "p"))
  show("none count", "$ulc(p=>count)")
  KSR.sl.sl_send_reply(404, "Not Found")
end
