-- KSR.kx getters on a request (with and without the values they read) and
-- on the reply, absent values as nil, "" or "<null>"; defines and the
-- environment. Values that differ between runs (Call-ID, tags, lengths,
-- time) are only checked for their type.
local function show(v)
  return type(v) .. ":" .. tostring(v)
end

local function request_getters()
  for _, g in ipairs({"get_ruri", "get_ruser", "getw_ruser", "gete_ruser", "get_rhost",
                      "getw_rhost", "gete_rhost", "get_ouri", "get_furi", "get_fuser",
                      "getw_fuser", "gete_fuser", "get_fhost", "get_turi", "get_tuser",
                      "gete_tuser", "getw_tuser", "get_thost", "gete_thost", "getw_thost",
                      "get_duri", "gete_duri", "getw_duri", "get_cturi", "gete_cturi",
                      "getw_cturi", "get_nhuri", "get_srcuri", "get_srcaddr_sock", "get_ua",
                      "gete_ua", "getw_ua", "get_srcip", "get_srcport", "get_send_sock",
                      "get_send_sock_name", "get_send_sock_port", "get_rcvip",
                      "get_rcv_sock_name", "get_rcvport", "get_rcvadvip", "get_rcvadvport",
                      "get_rcvaddr_sock", "get_proto", "get_protoid", "get_au", "getw_au",
                      "gete_au", "get_method", "get_status", "gets_status", "get_body",
                      "getw_body", "gete_body", "get_bodylen", "get_conid", "get_msgtype"}) do
    conf(g, show(KSR.kx[g]()))
  end
  conf("get_callid_type", type(KSR.kx.get_callid()))
  conf("get_msglen_type", type(KSR.kx.get_msglen()))
  conf("get_msgbuf_type", type(KSR.kx.get_msgbuf()))
  conf("get_timestamp_type", type(KSR.kx.get_timestamp()))
end

function ksr_request_route()
  request_getters()
  for _, d in ipairs({"WITH_X", "NUM", "WORD", "NOPE", "MOD_kemix"}) do
    conf("def_" .. d, show(KSR.kx.get_def(d)) .. "|" .. show(KSR.kx.get_defn(d)) .. "|" ..
         tostring(KSR.kx.ifdef(d)) .. "|" .. tostring(KSR.kx.ifndef(d)))
  end
  conf("env_unset", show(KSR.kx.get_env("KEMIX_CONFORMANCE_UNSET")) .. "|" ..
       show(KSR.kx.get_envn("KEMIX_CONFORMANCE_UNSET")))
  if KSR.kx.get_method() == "OPTIONS" then
    KSR.sl.sl_send_reply(200, "OK")
    return
  end
  KSR.setdsturi("sip:127.0.0.1:5080")
  conf("nhuri_with_du", show(KSR.kx.get_nhuri()))
  conf("relay", KSR.tm.t_relay())
end

function ksr_reply_route()
  for _, g in ipairs({"get_status", "gets_status", "get_msgtype", "get_method", "get_ruri",
                      "get_ruser", "gete_ruser", "get_fuser", "get_tuser", "get_body",
                      "get_srcip", "get_srcport", "get_cturi"}) do
    conf("reply_" .. g, show(KSR.kx[g]()))
  end
end
