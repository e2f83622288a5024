-- A burst of requests from one source over a density of 3: pike lets the
-- first ones through (four of them only build the address's path), then
-- reports the source as newly blocked (-2), then as blocked (-1); the
-- script refuses those with 503. One request first checks addresses given
-- as text (pike_check_ip, IPv4 only).
function ksr_request_route()
  local case = KSR.pv.gete("$hdr(X-Case)")
  if case == "check_ip" then
    local codes = {}
    for _ = 1, 9 do
      codes[#codes + 1] = KSR.pike.pike_check_ip("10.0.0.7")
    end
    conf("check_ip 10.0.0.7", table.concat(codes, ","))
    conf("check_ip 10.0.0.8", KSR.pike.pike_check_ip("10.0.0.8"))
    conf("check_ip ::1", KSR.pike.pike_check_ip("::1"))
    conf("check_ip bogus", KSR.pike.pike_check_ip("bogus"))
    conf("check_ip empty", KSR.pike.pike_check_ip(""))
    KSR.sl.sl_send_reply(200, "Checked")
    return
  end
  local rc = KSR.pike.pike_check_req()
  conf(case, rc)
  if rc < 0 then
    KSR.sl.sl_send_reply(503, "Flooding")
    return
  end
  KSR.sl.sl_send_reply(200, "OK")
end
