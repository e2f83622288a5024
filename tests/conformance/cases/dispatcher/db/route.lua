-- The sets from db_url: priorities, an inactive row, the attrs and set id
-- of the source's destination (attrs_pvname, setid_pvname).
local D = KSR.dispatcher

function ksr_request_route()
  conf("exists 1", D.ds_list_exists(1))
  conf("exists 2", D.ds_list_exists(2))
  conf("select", D.ds_select_dst(1, 8))
  conf("du", KSR.pv.get("$du"))
  conf("next", D.ds_next_dst())
  conf("du", KSR.pv.get("$du"))
  conf("next", D.ds_next_dst())
  conf("from 7", D.ds_is_from_list(7))
  conf("attrs", KSR.pv.get("$avp(dsattrs)"))
  conf("set", KSR.pv.get("$avp(dsset)"))
  conf("from any", D.ds_is_from_lists())
  conf("set after any", KSR.pv.get("$avp(dsset)"))
  conf("reload", D.ds_reload())
  conf("active after reload", D.ds_is_active_uri(1, "sip:127.0.0.1:5083"))
  KSR.sl.sl_send_reply(200, "OK")
end
