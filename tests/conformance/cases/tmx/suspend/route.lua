-- tmx's t_suspend and t_continue: an INVITE's transaction is suspended
-- (only 100 sent), and a MESSAGE of the same call continues it by its ids
-- ($T(id_index), $T(id_label), kept in $shv) with a function that runs as
-- a failure route and relays or answers it (or does neither: tm answers
-- 500); one nobody continues times out (fr_timer) through its failure
-- route to 408; one the caller CANCELs gets 487. The ids differ between proxies, so only their use is
-- logged, never their values.
local function suspend()
  conf("id_index before", KSR.pv.get("$T(id_index)"))
  conf("t_reuse_branch", KSR.tmx.t_reuse_branch())
  KSR.setflag(3)
  conf("t_suspend", KSR.tmx.t_suspend())
  local index = KSR.pv.get("$T(id_index)")
  local label = KSR.pv.get("$T(id_label)")
  conf("ids are numbers", type(index) == "number" and type(label) == "number")
  KSR.pv.seti("$shv(tindex)", index)
  KSR.pv.seti("$shv(tlabel)", label)
end

local function continueWith(name)
  local index = KSR.pv.get("$shv(tindex)")
  local label = KSR.pv.get("$shv(tlabel)")
  conf("t_continue wrong label", KSR.tmx.t_continue(index, label + 1000, name))
  conf("t_continue", KSR.tmx.t_continue(index, label, name))
  conf("t_continue again", KSR.tmx.t_continue(index, label, name))
  KSR.sl.send_reply(200, "Continued")
end

local function continuedChecks()
  conf("continued method", KSR.pv.get("$rm"))
  conf("continued is failure route", KSR.tmx.t_is_failure_route())
  conf("continued same label", KSR.pv.get("$T(id_label)") == KSR.pv.get("$shv(tlabel)"))
  conf("continued flag set before t_suspend", KSR.isflagset(3))
end

function ksr_suspend_failure()
  conf("timed out is failure route", KSR.tmx.t_is_failure_route())
  conf("timed out reply code", KSR.pv.get("$T_reply_code"))
  conf("timed out method", KSR.pv.get("$rm"))
end

function ksr_continue_relay()
  continuedChecks()
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("continued t_relay", KSR.tm.t_relay())
end

function ksr_continue_reply()
  continuedChecks()
  conf("continued t_reply", KSR.tm.t_reply(404, "Not Here"))
end

function ksr_continue_nothing()
  continuedChecks()
end

function ksr_request_route()
  if KSR.is_ACK() then
    KSR.tm.t_relay()
    return
  end
  if KSR.is_CANCEL() then
    conf("cancel t_relay", KSR.tm.t_relay())
    return
  end
  local case = KSR.pv.get("$hdr(X-Case)")
  if case == "suspend" then
    suspend()
  elseif case == "suspend-timeout" then
    KSR.tm.t_on_failure("ksr_suspend_failure")
    suspend()
  elseif case == "relay" then
    continueWith("ksr_continue_relay")
  elseif case == "reply" then
    continueWith("ksr_continue_reply")
  elseif case == "nothing" then
    continueWith("ksr_continue_nothing")
  end
end
