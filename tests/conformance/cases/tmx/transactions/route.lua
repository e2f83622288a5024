-- tmx's functions that act on transactions: t_flush_flags/t_flush_xflags,
-- t_reply_callid on the request's own transaction, t_cancel_callid(_reason)
-- from a MESSAGE of the same call, t_cancel_branches from an onreply route,
-- t_drop from a failure route (the callee's 486 is not relayed).
local function noTransactionChecks()
  conf("t_flush_flags no transaction", KSR.tmx.t_flush_flags())
  conf("t_flush_xflags no transaction", KSR.tmx.t_flush_xflags())
  conf("t_cancel_branches request route", KSR.tmx.t_cancel_branches("all"))
  conf("t_cancel_callid unknown", KSR.tmx.t_cancel_callid("unknown-call", "1", 0))
  conf("t_cancel_callid_reason unknown",
       KSR.tmx.t_cancel_callid_reason("unknown-call", "1", 0, 200))
  conf("t_reply_callid unknown", KSR.tmx.t_reply_callid("unknown-call", "1", 404, "x"))
  conf("t_reply_callid bad cseq", KSR.tmx.t_reply_callid(KSR.pv.get("$ci"), "abc", 404, "x"))
  conf("t_drop no transaction", KSR.tmx.t_drop())
  conf("t_drop_rcode no transaction", KSR.tmx.t_drop_rcode(404))
end

local function replyByCallId()
  noTransactionChecks()
  conf("t_newtran", KSR.tm.t_newtran())
  KSR.setflag(7)
  conf("t_flush_flags", KSR.tmx.t_flush_flags())
  conf("t_flush_xflags", KSR.tmx.t_flush_xflags())
  local callid = KSR.pv.get("$ci")
  conf("t_reply_callid other cseq", KSR.tmx.t_reply_callid(callid, "2", 404, "x"))
  conf("t_reply_callid", KSR.tmx.t_reply_callid(callid, "1", 404, "Replied remotely"))
  conf("t_reply_callid after final", KSR.tmx.t_reply_callid(callid, "1", 405, "again"))
end

function ksr_request_route()
  local case = KSR.pv.get("$hdr(X-Case)")
  if KSR.is_ACK() then
    KSR.tm.t_relay()
    return
  end
  if case == "reply" then
    replyByCallId()
    return
  end
  if KSR.is_INVITE() then
    KSR.pv.sets("$du", "sip:127.0.0.1:5080")
    if case == "drop" then
      KSR.tm.t_on_failure("ksr_failure_route_drop")
    else
      KSR.tm.t_on_failure("ksr_failure_route_cancelled")
    end
    if case == "branches" then KSR.tm.t_on_reply("ksr_onreply_route_cancel") end
    KSR.tm.t_relay()
    return
  end
  -- The MESSAGE after the 180: answered first, so that the caller gets the
  -- 200 before the 487.
  KSR.sl.sl_send_reply(200, "OK")
  if case == "reason" then
    conf("t_cancel_callid_reason",
         KSR.tmx.t_cancel_callid_reason(KSR.pv.get("$ci"), "1", 22, 200))
  else
    conf("t_cancel_callid", KSR.tmx.t_cancel_callid(KSR.pv.get("$ci"), "1", 22))
  end
end

function ksr_onreply_route_cancel()
  if KSR.pv.get("$rs") == 180 then
    conf("t_cancel_branches bogus", KSR.tmx.t_cancel_branches("bogus"))
    conf("t_cancel_branches all", KSR.tmx.t_cancel_branches("all"))
  end
end

function ksr_failure_route_cancelled()
  conf("failure flag 22", KSR.isflagset(22))
  conf("failure t_is_canceled", KSR.tm.t_is_canceled())
  conf("failure reply", KSR.pv.get("$T_reply_code"))
end

function ksr_failure_route_drop()
  conf("failure reply", KSR.pv.get("$T_reply_code"))
  conf("t_drop", KSR.tmx.t_drop())
end
