-- KSR.xlog: return codes for every level (also one below `debug`), level
-- names of xlog(), pv formats with null values and "$$", and formats
-- refused for a "$" that is not a pseudo-variable. The runner should also
-- compare the "<script>: xl:" lines themselves.
function ksr_request_route()
  KSR.pv.sets("$var(x)", "vx")
  conf("xinfo", KSR.xlog.xinfo("xl: ru=$ru rU=$rU du=$du var=$var(x) unset=$var(y) avp=$avp(y) " ..
       "hdr=$hdr(X-A) hdr1=$(hdr(X-A)[1]) fn=$fn rm=$rm sp=$sp dollar=$$ end.\n"))
  conf("xinfo_unknown_pv", KSR.xlog.xinfo("xl: bad=$nosuchpv(x) end\n"))
  conf("xinfo_unclosed", KSR.xlog.xinfo("xl: open=$var(x end\n"))
  conf("xinfo_lonely_dollar", KSR.xlog.xinfo("xl: lonely $ here\n"))
  conf("xdbg", KSR.xlog.xdbg("xl: dbg not shown at debug=2\n"))
  conf("xnotice", KSR.xlog.xnotice("xl: notice\n"))
  conf("xwarn", KSR.xlog.xwarn("xl: warn\n"))
  conf("xerr", KSR.xlog.xerr("xl: err\n"))
  conf("xalert", KSR.xlog.xalert("xl: alert\n"))
  conf("xcrit", KSR.xlog.xcrit("xl: crit\n"))
  for _, level in ipairs({"L_ALERT", "L_BUG", "L_CRIT2", "L_CRIT", "L_ERR", "L_WARN", "L_NOTICE",
                          "L_INFO", "L_DBG", "l_warn", "info", "weird"}) do
    conf("xlog_" .. level, KSR.xlog.xlog(level, "xl: xlog " .. level .. " $rm\n"))
  end
  KSR.sl.sl_send_reply(200, "OK")
end
