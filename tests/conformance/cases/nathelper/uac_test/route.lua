-- nat_uac_test bit by bit over messages with private and public Contact,
-- Via and SDP addresses, and is_rfc1918 over addresses of each range.
local N = KSR.nathelper

local addresses = {"10.0.0.1", "172.16.0.1", "172.31.255.255", "172.32.0.1", "192.168.0.1",
  "100.64.0.1", "100.127.255.255", "100.128.0.1", "192.0.0.1", "192.0.0.7", "192.0.0.8", "192.0.0.255", "192.0.1.0",
  "127.0.0.1", "8.8.8.8", "fd00::1", "fc00::1", "fe80::1", "::1", "2001:db8::1", "abc", ""}

function ksr_request_route()
  local case = KSR.pv.gete("$hdr(X-Case)")
  local bit = 1
  for _ = 0, 10 do
    conf(case .. ":" .. bit, N.nat_uac_test(bit))
    bit = bit * 2
  end
  conf(case .. ":19", N.nat_uac_test(19))
  conf(case .. ":0", N.nat_uac_test(0))
  if case == "private" then
    for _, address in ipairs(addresses) do
      conf("is_rfc1918:" .. address, N.is_rfc1918(address))
    end
  end
  KSR.sl.sl_send_reply(200, "OK")
end
